"""Automatic checks shown to reviewers next to the buttons. Computed from facts, never typed.

A failing check does not block by itself: approving over one needs a comment.
"""

from dataclasses import dataclass
from enum import StrEnum

from integration.placements import PRINT_DPI, pixels_for_print, too_small_for_print

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


def required_pixels(f: UseFacts) -> tuple[int, str] | None:
    """The longest side this use needs in pixels, and why; None when nothing is known."""
    needs = []
    heights = [p.height_cm for p in f.products if p.height_cm]
    if heights and (f.placement != Placement.MARKETING or Channel.PRINT in f.channels):
        tallest = max(heights)
        # The same sum as the search's "too small for print" badge: an interior picture half a page.
        pixels = pixels_for_print(tallest, placement=f.placement)
        needs.append((pixels, f"{tallest} cm trim at {PRINT_DPI} dpi"))
    for channel in f.channels:
        if channel in CHANNEL_MIN_PIXELS:
            needs.append((CHANNEL_MIN_PIXELS[channel], f"{Channel(channel).label.lower()} channel"))
    return max(needs) if needs else None


def check_resolution(f: UseFacts) -> Check:
    name = "Resolution"
    need = required_pixels(f)
    if need is None:
        return Check(name, Audience.PRODUCTION, Outcome.WARN, "No trim size or channel to check against.")
    if not (f.max_width and f.max_height):
        return Check(name, Audience.PRODUCTION, Outcome.WARN, "Getty gave no maximum dimensions.")
    pixels, why = need
    # Today's rule: the longest side counts (a landscape picture may be cropped or turned).
    longest = max(f.max_width, f.max_height)
    if too_small_for_print(longest, pixels):
        return Check(
            name,
            Audience.PRODUCTION,
            Outcome.FAIL,
            f"{f.max_width}×{f.max_height} px; needs {pixels} px ({why}).",
        )
    return Check(
        name, Audience.PRODUCTION, Outcome.PASS, f"{f.max_width}×{f.max_height} px ≥ {pixels} px ({why})."
    )


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
