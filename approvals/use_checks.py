"""Automatic checks shown to reviewers next to the buttons. Computed from facts, never typed.

A failing check does not block by itself: approving over one needs a comment.
"""

from dataclasses import dataclass
from enum import StrEnum

from integration.placements import PrintRequirement, print_requirement, too_small_for_print, trim_height_cm

from .facts import UseFacts
from .models.requests import Channel, Placement

# Longest side in pixels a marketing channel needs (print channels use the trim size instead).
CHANNEL_MIN_PIXELS = {
    Channel.DIGITAL: 1600,
    Channel.SOCIAL: 1080,
    Channel.ADVERTISING: 3000,
    Channel.POINT_OF_SALE: 3600,
}


class Outcome(StrEnum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"


class Audience(StrEnum):
    EVERYONE = "Everyone"
    LEGAL = "Legal"
    PRODUCTION = "Production"


@dataclass(frozen=True)
class Check:
    name: str
    audience: Audience
    outcome: Outcome
    message: str


def check_withdrawn(f: UseFacts) -> Check:
    if f.withdrawn:
        return Check(
            "Available at Getty", Audience.EVERYONE, Outcome.FAIL, "Getty has withdrawn this picture."
        )
    return Check("Available at Getty", Audience.EVERYONE, Outcome.PASS, "Not withdrawn by Getty.")


def check_territory(f: UseFacts) -> Check:
    name = "Territory within sales rights"
    if not f.products:
        return Check(name, Audience.EVERYONE, Outcome.WARN, "The title has no products to compare with.")
    problems = []
    for p in f.products:
        if f.is_world:
            if not p.for_sale_worldwide:
                problems.append(f"{p.label} is not for sale worldwide")
            continue
        for country in f.territories:
            if country in p.not_for_sale_countries:
                problems.append(f"{p.label} is not for sale in {country}")
            elif not p.for_sale_worldwide and country not in p.for_sale_countries:
                problems.append(f"{p.label} has no sales rights in {country}")
    if problems:
        return Check(name, Audience.EVERYONE, Outcome.FAIL, "; ".join(problems) + ".")
    return Check(name, Audience.EVERYONE, Outcome.PASS, "Requested territories are within the sales rights.")


def check_editorial_use(f: UseFacts) -> Check:
    name = "Editorial use"
    if not f.is_editorial_use_only:
        return Check(name, Audience.LEGAL, Outcome.PASS, "Not restricted to editorial use.")
    if f.is_commercial:
        return Check(
            name,
            Audience.LEGAL,
            Outcome.FAIL,
            "Editorial-use-only picture requested for cover, marketing or ads.",
        )
    return Check(name, Audience.LEGAL, Outcome.WARN, "Editorial-use-only: interior editorial use only.")


def check_release(f: UseFacts) -> Check:
    name = "Model/property release"
    if f.is_released or not f.is_commercial:
        return Check(name, Audience.LEGAL, Outcome.PASS, f"Release: {f.release_info or 'not needed'}.")
    outcome = Outcome.FAIL if f.shows_people or "not released" in f.release_info.lower() else Outcome.WARN
    return Check(
        name, Audience.LEGAL, outcome, f"Commercial use with release info: {f.release_info or 'none'}."
    )


def check_licence_model(f: UseFacts) -> Check:
    name = "Licence model"
    if f.is_rights_managed:
        return Check(
            name,
            Audience.LEGAL,
            Outcome.WARN,
            "Rights-managed: territory, term and print run are priced per use.",
        )
    return Check(name, Audience.LEGAL, Outcome.PASS, f"{f.license_model_label}.")


def check_usage_restrictions(f: UseFacts) -> Check:
    name = "Getty usage restrictions"
    if f.usage_restrictions:
        return Check(name, Audience.LEGAL, Outcome.WARN, " ".join(f.usage_restrictions))
    return Check(name, Audience.LEGAL, Outcome.PASS, "None.")


def print_requirement_of(f: UseFacts) -> PrintRequirement | None:
    """What printing this use needs at its tallest product; None when nothing is printed or known."""
    if f.placement == Placement.MARKETING and Channel.PRINT not in f.channels:
        return None
    heights = [p.height_cm for p in f.products if trim_height_cm(p.height_cm) is not None]
    if not heights:
        return None
    return print_requirement(max(heights), placement=f.placement)


def check_resolution(f: UseFacts) -> Check:
    """The print need checks the picture's height (and a cover's width, as a portrait); a screen
    channel needs its pixels on the longest side, since a screen picture is cropped to fit."""
    name = "Resolution"
    printing = print_requirement_of(f)
    channels = [
        (Channel(c).label.lower(), CHANNEL_MIN_PIXELS[c]) for c in f.channels if c in CHANNEL_MIN_PIXELS
    ]
    if printing is None and not channels:
        return Check(name, Audience.PRODUCTION, Outcome.WARN, "No trim size or channel to check against.")
    if not (f.max_width and f.max_height):
        return Check(name, Audience.PRODUCTION, Outcome.WARN, "Getty gave no maximum dimensions.")
    rules = []
    fits = True
    if printing is not None:
        rules.append(printing.rule)
        fits = printing.fits(f.max_width, f.max_height)
    longest = max(f.max_width, f.max_height)
    for label, pixels in channels:
        rules.append(f"The {label} channel needs {pixels:,} px on the longest side.")
        fits = fits and not too_small_for_print(longest, pixels)
    size = f"This picture is {f.max_width:,} × {f.max_height:,} px."
    return Check(name, Audience.PRODUCTION, Outcome.PASS if fits else Outcome.FAIL, " ".join([*rules, size]))


ALL_CHECKS = (
    check_withdrawn,
    check_territory,
    check_editorial_use,
    check_release,
    check_licence_model,
    check_usage_restrictions,
    check_resolution,
)


def run_checks(f: UseFacts) -> list[Check]:
    return [check(f) for check in ALL_CHECKS]


def failing(checks: list[Check]) -> list[Check]:
    return [c for c in checks if c.outcome == Outcome.FAIL]
