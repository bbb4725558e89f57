"""Read and check search parameters the way Getty does: every parameter of GETTY.md, per family.

A bad value is a 400 with ``InvalidParameterValue``; a malformed request (page_size out of range, a
parameter of the other family) is ``InvalidRequest``.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from .catalogue import MOODS

SORT_ORDERS = {
    "creative": ("best_match", "most_popular", "newest", "random"),
    "editorial": ("best_match", "most_popular", "newest", "random", "oldest"),
    "blended": ("best_match", "most_popular", "newest", "random"),
}
COMPOSITIONS = (
    "abstract",
    "candid",
    "close_up",
    "copy_space",
    "cut_out",
    "full_frame",
    "full_length",
    "headshot",
    "looking_at_camera",
    "macro",
    "medium_shot",
    "part_of_a_series",
    "portrait",
    "sparse",
    "still_life",
    "three_quarter_length",
    "waist_up",
    "wide_shot",
)
ORIENTATIONS = ("horizontal", "vertical", "square", "panoramic_horizontal", "panoramic_vertical")
NUMBER_OF_PEOPLE = ("none", "one", "two", "group")
GRAPHICAL_STYLES = {
    "creative": ("fine_art", "illustration", "photography", "vector"),
    "editorial": ("illustration", "photography", "vector"),
    "blended": ("fine_art", "illustration", "photography", "vector"),
}
MINIMUM_SIZES = ("x_small", "small", "medium", "large", "x_large", "xx_large", "vector")
FILTER_TYPES = ("include", "exclude")
EDITORIAL_SEGMENTS = ("archival", "entertainment", "news", "publicity", "royalty", "sport")
FILE_TYPES = ("eps", "jpg", "gif", "png")
PRODUCT_TYPES = (
    "easyaccess",
    "editorialsubscription",
    "imagepack",
    "premiumaccess",
    "royaltyfreesubscription",
)
FACET_FIELDS = ("artists", "events", "locations", "specific_people", "entertainment")
ETHNICITY = (
    "black",
    "african_american",
    "east_asian",
    "hispanic_latinx",
    "japanese",
    "middle_eastern",
    "multiethnic_group",
    "native_american_first_nations",
    "pacific_islander",
    "south_asian",
    "southeast_asian",
    "white",
)
AGE_WORDS = (
    "newborn",
    "baby",
    "child",
    "teenager",
    "young_adult",
    "adult",
    "adults_only",
    "mature_adult",
    "senior_adult",
)
# Getty's finer age buckets, each folded into the age words the catalogue records.
AGE_RANGES = {
    "0-1_months": "baby",
    "2-5_months": "baby",
    "6-11_months": "baby",
    "12-17_months": "baby",
    "18-23_months": "baby",
    "2-3_years": "child",
    "4-5_years": "child",
    "6-7_years": "child",
    "8-9_years": "child",
    "10-11_years": "child",
    "12-13_years": "child",
    "14-15_years": "teenager",
    "16-17_years": "teenager",
    "18-19_years": "young_adult",
    "20-24_years": "young_adult",
    "20-29_years": "young_adult",
    "25-29_years": "young_adult",
    "30-34_years": "adult",
    "30-39_years": "adult",
    "35-39_years": "adult",
    "40-44_years": "adult",
    "40-49_years": "adult",
    "45-49_years": "adult",
    "50-54_years": "adult",
    "50-59_years": "adult",
    "55-59_years": "adult",
    "60-64_years": "senior_adult",
    "60-69_years": "senior_adult",
    "65-69_years": "senior_adult",
    "70-79_years": "senior_adult",
    "80-89_years": "senior_adult",
    "90_plus_years": "senior_adult",
    "100_over": "senior_adult",
}

COMMON_PARAMS = {
    "phrase",
    "page",
    "page_size",
    "sort_order",
    "fields",
    "age_of_people",
    "artists",
    "collection_codes",
    "collections_filter_type",
    "compositions",
    "ethnicity",
    "exclude_keyword_ids",
    "keyword_ids",
    "file_types",
    "graphical_styles",
    "graphical_styles_filter_type",
    "minimum_size",
    "number_of_people",
    "orientations",
    "include_related_searches",
    "include_facets",
    "facet_fields",
    "facet_max_count",
    "download_product",
    "embed_content_only",
}
CREATIVE_ONLY = {
    "color",
    "enhanced_search",
    "exclude_editorial_use_only",
    "exclude_nudity",
    "safe_search",
    "moods",
}
EDITORIAL_ONLY = {
    "date_from",
    "date_to",
    "editorial_segments",
    "event_ids",
    "minimum_quality_rank",
    "specific_people",
}
# Removed from image search in 2019; we refuse it so a client that still sends it is noticed.
REMOVED_PARAMS = {"license_models"}


class SearchParameterError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class SearchQuery:
    family: str
    phrase: str = ""
    page: int = 1
    page_size: int = 30
    sort_order: str = "best_match"
    fields: str = ""
    lists: dict[str, list[str]] = field(default_factory=dict)
    flags: dict[str, bool] = field(default_factory=dict)
    collections_filter_type: str = "include"
    graphical_styles_filter_type: str = "include"
    minimum_size: str = ""
    color: str = ""
    date_from: datetime | None = None
    date_to: datetime | None = None
    minimum_quality_rank: int | None = None
    facet_max_count: int = 300
    download_product: str = ""

    def flag(self, name: str) -> bool:
        return self.flags.get(name, False)

    def values(self, name: str) -> list[str]:
        return self.lists.get(name, [])


def invalid(name: str, value: str) -> SearchParameterError:
    return SearchParameterError("InvalidParameterValue", f"Invalid value '{value}' for parameter '{name}'.")


def parse_bool(name: str, value: str) -> bool:
    if value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise invalid(name, value)


def parse_int(
    name: str, value: str, *, low: int, high: int | None = None, code="InvalidParameterValue"
) -> int:
    try:
        number = int(value)
    except ValueError:
        raise SearchParameterError(code, f"Parameter '{name}' must be an integer, not '{value}'.")
    if number < low or (high is not None and number > high):
        upper = f" and {high}" if high is not None else " or more"
        raise SearchParameterError(code, f"Parameter '{name}' must be between {low}{upper}; got {number}.")
    return number


def split_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def parse_choices(name: str, value: str, allowed) -> list[str]:
    chosen = [part.lower() for part in split_list(value)]
    for part in chosen:
        if part not in allowed:
            raise invalid(name, part)
    return chosen


def parse_choice(name: str, value: str, allowed) -> str:
    """One value of `allowed`: blank or a list is as invalid as an unknown word."""
    chosen = parse_choices(name, value, allowed)
    if len(chosen) != 1:
        raise invalid(name, value)
    return chosen[0]


def parse_date(name: str, value: str, *, end_of_day: bool = False) -> datetime:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            day = date.fromisoformat(value)
            return datetime.combine(day, time.max if end_of_day else time.min, tzinfo=UTC)
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise invalid(name, value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_search(params: dict[str, str], family: str) -> SearchQuery:
    """Check `params` of a search in `family` ("creative" | "editorial"); raise SearchParameterError."""
    # "blended" is the deprecated /v3/search/images over both families, which took either family's filters.
    other = {"creative": EDITORIAL_ONLY, "editorial": CREATIVE_ONLY, "blended": set()}[family]
    for name in params:
        if name in other:
            raise SearchParameterError(
                "InvalidRequest", f"Parameter '{name}' is not supported by {family} image search."
            )
        if name in REMOVED_PARAMS:
            raise SearchParameterError("InvalidRequest", f"Parameter '{name}' is no longer supported.")
    q = SearchQuery(family=family)
    get = {k: v for k, v in params.items() if v != ""}
    q.phrase = get.get("phrase", "").strip()
    if "page" in get:
        q.page = parse_int("page", get["page"], low=1, code="InvalidRequest")
    if "page_size" in get:
        q.page_size = parse_int("page_size", get["page_size"], low=1, high=100, code="InvalidRequest")
    if "sort_order" in get:
        q.sort_order = parse_choice("sort_order", get["sort_order"], SORT_ORDERS[family])
    q.fields = get.get("fields", "")

    choices = {
        "compositions": COMPOSITIONS,
        "orientations": ORIENTATIONS,
        "number_of_people": NUMBER_OF_PEOPLE,
        "graphical_styles": GRAPHICAL_STYLES[family],
        "file_types": FILE_TYPES,
        "ethnicity": ETHNICITY,
        "age_of_people": AGE_WORDS + tuple(AGE_RANGES),
        "facet_fields": FACET_FIELDS,
        "moods": MOODS,
        "editorial_segments": EDITORIAL_SEGMENTS,
    }
    for name, allowed in choices.items():
        if name in get:
            q.lists[name] = parse_choices(name, get[name], allowed)
    for name in ("artists", "collection_codes", "specific_people"):
        if name in get:
            q.lists[name] = split_list(get[name])
    for name in ("keyword_ids", "exclude_keyword_ids", "event_ids"):
        if name in get:
            q.lists[name] = [str(parse_int(name, part, low=1)) for part in split_list(get[name])]
    for name in (
        "include_related_searches",
        "include_facets",
        "embed_content_only",
        "enhanced_search",
        "exclude_editorial_use_only",
        "exclude_nudity",
        "safe_search",
    ):
        if name in get:
            q.flags[name] = parse_bool(name, get[name])
    for name in ("collections_filter_type", "graphical_styles_filter_type"):
        if name in get:
            setattr(q, name, parse_choice(name, get[name], FILTER_TYPES))
    if "minimum_size" in get:
        q.minimum_size = parse_choice("minimum_size", get["minimum_size"], MINIMUM_SIZES)
    if "color" in get:
        color = get["color"].lstrip("#").lower()
        if not re.fullmatch(r"[0-9a-f]{6}", color):
            raise invalid("color", get["color"])
        q.color = color
    if "facet_max_count" in get:
        q.facet_max_count = parse_int("facet_max_count", get["facet_max_count"], low=1)
    if "download_product" in get:
        product_type, _, product_id = get["download_product"].partition(":")
        if product_type.lower() not in PRODUCT_TYPES or (product_id and not product_id.isdigit()):
            raise invalid("download_product", get["download_product"])
        q.download_product = product_type.lower()
    if "date_from" in get:
        q.date_from = parse_date("date_from", get["date_from"])
    if "date_to" in get:
        q.date_to = parse_date("date_to", get["date_to"], end_of_day=True)
    if q.date_from and q.date_to and q.date_from > q.date_to:
        raise SearchParameterError("InvalidRequest", "date_from must not be after date_to.")
    if "minimum_quality_rank" in get:
        q.minimum_quality_rank = parse_int("minimum_quality_rank", get["minimum_quality_rank"], low=1, high=3)
    return q
