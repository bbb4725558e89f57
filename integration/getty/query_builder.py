"""Turn a title's metadata and a placement into a Getty search, and a search into Getty parameters.

Pure: no Django models, no settings, no I/O. The page, the API and the tests all call these two
functions, so what a person sees prefilled is exactly what Getty receives once they press Search.
"""

import math
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation

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

COMMON_PARAMS = frozenset(
    {
        "phrase", "page", "page_size", "sort_order", "orientations", "number_of_people",
        "compositions", "graphical_styles", "minimum_size", "collection_codes", "collections_filter_type",
    }
)  # fmt: skip
CREATIVE_PARAMS = COMMON_PARAMS | {"moods", "safe_search", "exclude_nudity"}
EDITORIAL_PARAMS = COMMON_PARAMS | {"editorial_segments", "date_from", "date_to"}
ALLOWED_PARAMS = {"creative": CREATIVE_PARAMS, "editorial": EDITORIAL_PARAMS}

PHRASE_MAX_CHARS = 200
# Getty (and the sandbox) match every word of a phrase: four words from several of a title's ideas
# found nothing for 89% of the demo titles, the first idea alone finds pictures for 92%. So the
# prefill is the title's first idea, at most this many words; the other words are suggestions.
PHRASE_MAX_TERMS = 4
SUGGESTIONS_MAX = 12
PAGE_SIZE_DEFAULT = 30
PAGE_SIZE_MAX = 100
# Getty caps how deep a result list can be paged; an absurd page number is clamped, not sent.
PAGE_MAX = 1000
COLLECTION_CODE_RE = re.compile(r"^[A-Za-z0-9]{1,12}$")
COLLECTION_CODES_MAX = 20

PRINT_DPI = 300
# Above this a "trim height" is a data error (a unit mix-up), not a book: no print-size filter.
TRIM_HEIGHT_MAX_CM = 500.0
CM_PER_INCH = 2.54
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


class Purpose:
    FRONT_COVER = "front_cover"
    BACK_COVER = "back_cover"
    INTERIOR = "interior"
    MARKETING = "marketing"

    CHOICES = (
        (FRONT_COVER, "Front cover"),
        (BACK_COVER, "Back cover"),
        (INTERIOR, "Interior"),
        (MARKETING, "Marketing"),
    )
    VALUES = tuple(value for value, _ in CHOICES)
    # Covers are printed at the full trim height; interior and marketing pictures rarely are.
    NEEDS_PRINT_SIZE = (FRONT_COVER, BACK_COVER)


# --- Title facts ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class SubjectFact:
    scheme: str = ""
    code: str = ""
    description: str = ""


@dataclass(frozen=True)
class ProductFact:
    id: int | None = None
    label: str = ""
    height_cm: Decimal | float | str | None = None
    onix_form_code: str = ""


@dataclass(frozen=True)
class TitleFacts:
    """What the query builder needs to know about a title, copied out of the models."""

    subjects: tuple[SubjectFact, ...] = ()
    keywords: tuple[str, ...] = ()
    genre: str = ""
    audience_code: str = ""
    products: tuple[ProductFact, ...] = ()


# --- The search -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class SearchQuery:
    phrase: str = ""
    family: str = "creative"
    purpose: str = Purpose.INTERIOR
    product_id: int | None = None
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
    # Not sent to Getty: the pixel height a cover needs, for the "too small for print" badge.
    min_pixel_height: int | None = None
    trim_height_cm: float | None = None
    # Not sent either: more words from the title, offered beside the phrase.
    suggestions: tuple[str, ...] = field(default=(), compare=False)
    notes: tuple[str, ...] = field(default=(), compare=False)

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
        codes = [c for c in dict.fromkeys(self.collection_codes) if COLLECTION_CODE_RE.match(c or "")]
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


# --- Phrase ---------------------------------------------------------------------------------------
# Catalogue words that describe the book trade, not a picture.
CATALOGUE_WORDS = frozenset(
    """
    fiction nonfiction non general novel novels literary literature book books other miscellaneous
    misc juvenile young adult adults teen teens teenage children childrens child kids interest age
    ages years year stories story collection collections anthologies anthology genre genres series
    themes theme topics topic subject subjects reference works work studies study guide guides
    special edition editions classic classics modern contemporary related various trade
    """.split()
)
STOP_WORDS = frozenset(
    """
    a an and or the of in on at to for from by with without about into over under up down out as is are
    be it its this that these those their his her our your not no but than then so such via vs etc
    de la le les el los las und der die das
    """.split()
)
# The first BISAC segment ("FICTION / ...") names the shelf, not the subject.
BISAC_GENERIC_HEADINGS = frozenset(
    {
        "fiction", "juvenile fiction", "young adult fiction", "juvenile nonfiction",
        "young adult nonfiction", "nonfiction", "literary collections", "literary criticism",
    }
)  # fmt: skip
AUDIENCE_WORDS = {"02": "childhood", "03": "youth"}
CHILDREN_AUDIENCE_CODES = frozenset({"02", "03"})
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text or "")
    words = []
    for match in _WORD_RE.finditer(text):
        word = match.group(0).lower().replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        if len(word) < 3 or word in STOP_WORDS or word in CATALOGUE_WORDS:
            continue
        words.append(word)
    return words


def _subject_text(subject: SubjectFact) -> str:
    description = subject.description or ""
    if (subject.scheme or "").upper() == "BISAC" or " / " in description:
        segments = [s.strip() for s in description.split("/")]
        if segments and segments[0].lower() in BISAC_GENERIC_HEADINGS:
            segments = segments[1:]
        return " ".join(segments)
    return description


def clean_phrase(phrase: str) -> str:
    """Collapse whitespace, drop control characters and bound the length at a word boundary."""
    text = unicodedata.normalize("NFKC", phrase or "")
    text = "".join(ch if unicodedata.category(ch)[0] not in ("C", "Z") else " " for ch in text)
    text = " ".join(text.split())
    if len(text) <= PHRASE_MAX_CHARS:
        return text
    cut = text[:PHRASE_MAX_CHARS]
    return cut.rsplit(" ", 1)[0] if " " in cut else cut


def title_term_groups(facts: TitleFacts) -> list[list[str]]:
    """Picture words of a title, one group per idea: each keyword (the most specific) first, then each
    subject, the genre, the audience. A word appears once, in the first group that has it."""
    groups: list[list[str]] = []
    seen: set[str] = set()

    def add(words: list[str]) -> None:
        group = []
        for word in words:
            if word not in seen:
                seen.add(word)
                group.append(word)
        if group:
            groups.append(group)

    for keyword in facts.keywords:
        add(_words(keyword))
    for subject in facts.subjects:
        add(_words(_subject_text(subject)))
    add(_words(facts.genre))
    audience_word = AUDIENCE_WORDS.get((facts.audience_code or "").strip())
    if audience_word:
        add([audience_word])
    return groups


def title_terms(facts: TitleFacts) -> list[str]:
    """Picture words of a title, in the order of `title_term_groups`."""
    return [word for group in title_term_groups(facts) for word in group]


def _phrase_and_suggestions(groups: list[list[str]]) -> tuple[str, tuple[str, ...]]:
    """The title's first idea as the phrase, as an editor would type it (its first keyword, else its
    first subject); the other words as suggestions."""
    first = groups[0][:PHRASE_MAX_TERMS] if groups else []
    others = [word for group in groups for word in group if word not in first]
    return clean_phrase(" ".join(first)), tuple(word[:60] for word in others[:SUGGESTIONS_MAX])


# --- Audience and print size ----------------------------------------------------------------------
def is_for_young_readers(facts: TitleFacts) -> bool:
    """Children's or young-adult: ONIX audience 02/03, Thema Y* (or 5A interest age), BISAC JUV/YAF."""
    if (facts.audience_code or "").strip() in CHILDREN_AUDIENCE_CODES:
        return True
    for subject in facts.subjects:
        scheme = (subject.scheme or "").upper()
        code = (subject.code or "").strip().upper()
        if scheme.startswith("THEMA") and code.startswith(("Y", "5A")):
            return True
        if scheme.startswith("BISAC") and code.startswith(("JUV", "YAF", "JNF", "YAN")):
            return True
    return False


def height_cm_of(value) -> float | None:
    """A plausible trim height in cm (positive, finite, at most TRIM_HEIGHT_MAX_CM), else None."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(Decimal(str(value)))
    except (InvalidOperation, ValueError, TypeError):
        return None
    if not math.isfinite(number) or number <= 0 or number > TRIM_HEIGHT_MAX_CM:
        return None
    return number


def pixels_for_print(height_cm: float, dpi: int = PRINT_DPI) -> int:
    return max(1, math.ceil(round(height_cm / CM_PER_INCH * dpi, 6)))


def print_size_cm(pixels: int | None, dpi: int = PRINT_DPI) -> float | None:
    """How many centimetres `pixels` print at `dpi`, to one decimal (rounded down: never promise more)."""
    if not pixels or pixels <= 0:
        return None
    return math.floor(pixels / dpi * CM_PER_INCH * 10) / 10


def minimum_size_bucket(height_pixels: int) -> str:
    megapixels = height_pixels * height_pixels * NARROWEST_PORTRAIT / 1_000_000
    for name, lower in MINIMUM_SIZE_MEGAPIXELS:
        if megapixels >= lower:
            return name
    return "x_small"


def choose_product(facts: TitleFacts, product_id: int | None = None) -> ProductFact | None:
    """The chosen product, or the tallest one: a cover picture must fit the largest format."""
    if product_id is not None:
        for product in facts.products:
            if product.id == product_id:
                return product
    with_height = [p for p in facts.products if height_cm_of(p.height_cm) is not None]
    if not with_height:
        return None
    return max(with_height, key=lambda p: height_cm_of(p.height_cm))


# --- The builder ----------------------------------------------------------------------------------
def build_search(
    title_facts: TitleFacts, purpose: str, *, family: str = "creative", product_id: int | None = None
) -> SearchQuery:
    """The search a picture editor would start from for this title and placement."""
    purpose = purpose if purpose in Purpose.VALUES else Purpose.INTERIOR
    family = family if family in FAMILIES else "creative"
    notes: list[str] = []
    phrase, suggestions = _phrase_and_suggestions(title_term_groups(title_facts))
    query = SearchQuery(phrase=phrase, family=family, purpose=purpose, suggestions=suggestions)

    if purpose == Purpose.FRONT_COVER:
        query = replace(query, orientations=("vertical",))
    elif purpose == Purpose.MARKETING:
        query = replace(query, orientations=("horizontal",))

    product = choose_product(title_facts, product_id)
    if product is not None:
        query = replace(query, product_id=product.id)
    height = height_cm_of(product.height_cm) if product is not None else None
    if purpose in Purpose.NEEDS_PRINT_SIZE:
        if height is None:
            notes.append("No trim height on the title's products: pictures are not checked for print size.")
        else:
            need = pixels_for_print(height)
            query = replace(
                query,
                min_pixel_height=need,
                trim_height_cm=round(height, 2),
                minimum_size=minimum_size_bucket(need),
            )

    if is_for_young_readers(title_facts):
        query = replace(query, safe_search=True)
        if family == "editorial":
            notes.append("Getty has no safe-search filter for editorial pictures: check each one.")
        else:
            notes.append("Safe search is on because this is a children's or young-adult title.")
    return replace(query, notes=tuple(notes))
