"""Getty's search vocabulary: a search as Getty understands it, and the parameters it accepts.

Wire knowledge only (GETTY.md, "Search"): parameter names, allowed values, the `minimum_size`
buckets. Pure: no Django models, no settings, no I/O. What a publisher searches for a title is
decided in `integration.search_prefill`; whatever it decides, `to_getty_params` sends only what
Getty accepts.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

# --- Getty's vocabulary (GETTY.md, "Search") ------------------------------------------------------
FAMILIES = ("creative", "editorial")
ORIENTATIONS = ("horizontal", "vertical", "square", "panoramic_horizontal", "panoramic_vertical")
NUMBER_OF_PEOPLE = ("none", "one", "two", "group")
COMPOSITIONS = (
    "abstract", "candid", "close_up", "copy_space", "cut_out", "full_frame", "full_length", "headshot",
    "looking_at_camera", "macro", "medium_shot", "part_of_a_series", "portrait", "sparse", "still_life",
    "three_quarter_length", "waist_up", "wide_shot",
)  # fmt: skip
GRAPHICAL_STYLES = ("fine_art", "illustration", "photography", "vector")
CREATIVE_ONLY_GRAPHICAL_STYLES = ("fine_art",)
MINIMUM_SIZES = ("x_small", "small", "medium", "large", "x_large", "xx_large")
MOODS = ("black_and_white", "bold", "cool", "dramatic", "natural", "vivid", "warm")
EDITORIAL_SEGMENTS = ("archival", "entertainment", "news", "publicity", "royalty", "sport")
SORT_ORDERS = {
    "creative": ("best_match", "most_popular", "newest", "random"),
    "editorial": ("best_match", "most_popular", "newest", "random", "oldest"),
}
COLLECTIONS_FILTER_TYPES = ("include", "exclude")

PHRASE_MAX_CHARS = 200
PAGE_SIZE_DEFAULT = 30
PAGE_SIZE_MAX = 100
# Getty caps how deep a result list can be paged; an absurd page number is clamped, not sent.
PAGE_MAX = 1000
COLLECTION_CODE_RE = re.compile(r"[A-Za-z0-9]{1,12}")
COLLECTION_CODES_MAX = 20

# Smallest megapixels of each Getty `minimum_size` bucket. Getty does not publish them; the sandbox
# uses the same table. We send the largest bucket that cannot exclude a picture tall enough (assuming
# a portrait no narrower than 2:3), and keep the exact pixel need for the "too small" badge.
MINIMUM_SIZE_MEGAPIXELS = (
    ("xx_large", 24.0),
    ("x_large", 12.0),
    ("large", 4.0),
    ("medium", 1.0),
    ("small", 0.25),
    ("x_small", 0.0),
)
NARROWEST_PORTRAIT = 2 / 3


# --- The search -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class SearchQuery:
    phrase: str = ""
    family: str = "creative"
    orientations: tuple[str, ...] = ()
    number_of_people: tuple[str, ...] = ()
    compositions: tuple[str, ...] = ()
    graphical_styles: tuple[str, ...] = ()
    minimum_size: str = ""
    moods: tuple[str, ...] = ()
    editorial_segments: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    collection_codes: tuple[str, ...] = ()
    collections_filter_type: str = "include"
    safe_search: bool = False
    sort_order: str = "best_match"
    page: int = 1
    page_size: int = PAGE_SIZE_DEFAULT

    def to_getty_params(self, family: str | None = None) -> dict[str, str]:
        """Getty query parameters for `family`: only keys and values that family accepts."""
        family = family if family in FAMILIES else (self.family if self.family in FAMILIES else "creative")
        # `fields` is the client's business: it asks for what the Asset cache needs.
        params: dict[str, str] = {}
        phrase = clean_phrase(self.phrase)
        if phrase:
            params["phrase"] = phrase
        params["page"] = str(_clamp(self.page, 1, PAGE_MAX))
        params["page_size"] = str(_clamp(self.page_size, 1, PAGE_SIZE_MAX))
        sort_orders = SORT_ORDERS[family]
        params["sort_order"] = self.sort_order if self.sort_order in sort_orders else "best_match"

        styles = GRAPHICAL_STYLES
        if family == "editorial":
            styles = tuple(s for s in GRAPHICAL_STYLES if s not in CREATIVE_ONLY_GRAPHICAL_STYLES)
        _put_list(params, "orientations", self.orientations, ORIENTATIONS)
        _put_list(params, "number_of_people", self.number_of_people, NUMBER_OF_PEOPLE)
        _put_list(params, "compositions", self.compositions, COMPOSITIONS)
        _put_list(params, "graphical_styles", self.graphical_styles, styles)
        if self.minimum_size in MINIMUM_SIZES:
            params["minimum_size"] = self.minimum_size
        codes = [c for c in dict.fromkeys(self.collection_codes) if COLLECTION_CODE_RE.fullmatch(c or "")]
        if codes:
            params["collection_codes"] = ",".join(codes[:COLLECTION_CODES_MAX])
            params["collections_filter_type"] = (
                self.collections_filter_type
                if self.collections_filter_type in COLLECTIONS_FILTER_TYPES
                else "include"
            )
        if family == "creative":
            _put_list(params, "moods", self.moods, MOODS)
            if self.safe_search:
                params["safe_search"] = "true"
                params["exclude_nudity"] = "true"
        else:
            _put_list(params, "editorial_segments", self.editorial_segments, EDITORIAL_SEGMENTS)
            date_from, date_to = self.date_from, self.date_to
            if date_from and date_to and date_from > date_to:
                date_from, date_to = date_to, date_from
            if date_from:
                params["date_from"] = date_from.isoformat()
            if date_to:
                params["date_to"] = date_to.isoformat()
        return params


def _clamp(value, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return low
    return max(low, min(high, number))


def _put_list(params: dict[str, str], key: str, values, allowed: tuple[str, ...]) -> None:
    chosen = [v for v in allowed if v in set(values or ())]  # Getty's order: stable cache keys
    if chosen:
        params[key] = ",".join(chosen)


# --- Phrase and size ------------------------------------------------------------------------------
def clean_phrase(phrase: str) -> str:
    """Collapse whitespace, drop control characters and bound the length at a word boundary."""
    text = unicodedata.normalize("NFKC", phrase or "")
    text = "".join(ch if unicodedata.category(ch)[0] not in ("C", "Z") else " " for ch in text)
    text = " ".join(text.split())
    if len(text) <= PHRASE_MAX_CHARS:
        return text
    cut = text[:PHRASE_MAX_CHARS]
    return cut.rsplit(" ", 1)[0] if " " in cut else cut


def minimum_size_bucket(height_pixels: int) -> str:
    """The largest `minimum_size` that cannot exclude a portrait picture `height_pixels` tall."""
    megapixels = height_pixels * height_pixels * NARROWEST_PORTRAIT / 1_000_000
    for name, lower in MINIMUM_SIZE_MEGAPIXELS:
        if megapixels >= lower:
            return name
    return "x_small"
