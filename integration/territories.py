"""The one territory vocabulary: ISO 3166-1 alpha-2 country codes, or WORLD.

Every place a territory is entered (the intended-use form, the approvals API, later licences) parses and
names territories here, so an unknown code is refused where it is typed, with the names of the ones it knows.
"""

from collections.abc import Iterable

import pycountry

WORLD = "WORLD"
WORLD_NAME = "the world"


def territory_codes(values: str | Iterable[str]) -> tuple[str, ...]:
    """Codes as typed ("gb, ie" or ["gb", "IE"]) to upper-case codes in order, without repeats."""
    if isinstance(values, str):
        values = values.replace(",", " ").split()
    codes: list[str] = []
    for value in values:
        code = str(value).strip().upper()
        if code and code not in codes:
            codes.append(code)
    return tuple(codes)


def territory_name(code: str) -> str | None:
    """The country's name ("GB" -> "United Kingdom"), "the world" for WORLD, None for an unknown code."""
    code = str(code).strip().upper()
    if code == WORLD:
        return WORLD_NAME
    if len(code) != 2 or not code.isalpha():
        return None  # pycountry.countries.get would also look up alpha-3 and numeric codes
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return None
    return getattr(country, "common_name", None) or country.name


def unknown_territories(codes: Iterable[str]) -> tuple[str, ...]:
    """The codes that are neither WORLD nor an ISO 3166-1 alpha-2 country code."""
    return tuple(code for code in codes if territory_name(code) is None)


def unknown_territories_message(unknown: Iterable[str]) -> str:
    unknown = list(unknown)
    return (
        f"Not a country code: {', '.join(unknown)}. "
        "Use ISO 3166-1 codes such as GB (United Kingdom) or US (United States), or WORLD."
    )


def territory_labels(codes: Iterable[str]) -> list[str]:
    """ "GB — United Kingdom" for each code, for help texts and pages."""
    return [f"{code} — {territory_name(code) or 'unknown'}" for code in codes]


__all__ = [
    "WORLD",
    "territory_codes",
    "territory_labels",
    "territory_name",
    "unknown_territories",
    "unknown_territories_message",
]
