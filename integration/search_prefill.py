"""The publisher's rules for searching pictures for a title: which words, which filters, which print size.

A title's subjects, keywords and audience, the placement and the product's trim size become the search a
picture editor would start from. Pure: no models, no settings, no I/O. What Getty's parameters are and
which values it accepts is Getty's business (`integration.getty.query_builder`).
"""

import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import Decimal

from integration.getty.query_builder import FAMILIES, SearchQuery, clean_phrase, minimum_size_bucket
from integration.placements import Placement, pixels_for_print, trim_height_cm

# Getty (and the sandbox) match every word of a phrase: four words from several of a title's ideas
# found nothing for 89% of the demo titles, the first idea alone finds pictures for 92%. So the
# prefill is the title's first idea, at most this many words; the other words are suggestions.
PHRASE_MAX_TERMS = 4
SUGGESTIONS_MAX = 12
# Covers are printed at the full trim height and are searched for pictures that tall; interior and
# marketing pictures rarely fill a page, so their search sets no size.
PRINT_SIZE_PLACEMENTS = (Placement.FRONT_COVER, Placement.BACK_COVER)
PLACEMENT_ORIENTATIONS = {Placement.FRONT_COVER: ("vertical",), Placement.MARKETING: ("horizontal",)}

NO_TRIM_HEIGHT = "No trim height on the title's products: pictures are not checked for print size."
NO_EDITORIAL_SAFE_SEARCH = "Getty has no safe-search filter for editorial pictures: check each one."
SAFE_SEARCH_ON = "Safe search is on because this is a children's or young-adult title."


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
    """What the prefill needs to know about a title, copied out of the models."""

    subjects: tuple[SubjectFact, ...] = ()
    keywords: tuple[str, ...] = ()
    genre: str = ""
    audience_code: str = ""
    products: tuple[ProductFact, ...] = ()


# --- Words ----------------------------------------------------------------------------------------
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


def choose_product(facts: TitleFacts, product_id: int | None = None) -> ProductFact | None:
    """The chosen product, or the tallest one: a cover picture must fit the largest format."""
    if product_id is not None:
        for product in facts.products:
            if product.id == product_id:
                return product
    with_height = [p for p in facts.products if trim_height_cm(p.height_cm) is not None]
    if not with_height:
        return None
    return max(with_height, key=lambda p: trim_height_cm(p.height_cm))


@dataclass(frozen=True)
class PrintNeed:
    """How tall a picture must be, in pixels, to print at the product's trim height."""

    pixels: int
    trim_height_cm: float


def print_need(facts: TitleFacts, placement: str, product_id: int | None = None) -> PrintNeed | None:
    """The print size a search for `placement` looks for; None when the placement or the title sets none."""
    if placement not in PRINT_SIZE_PLACEMENTS:
        return None
    product = choose_product(facts, product_id)
    height = trim_height_cm(product.height_cm) if product is not None else None
    if height is None:
        return None
    return PrintNeed(pixels=pixels_for_print(height, placement=placement), trim_height_cm=round(height, 2))


# --- The prefill ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class SearchPrefill:
    """The search a picture editor starts from for a title and placement, and what it was made of."""

    query: SearchQuery
    placement: str
    product_id: int | None = None
    print_need: PrintNeed | None = None
    # More words from the title, offered beside the phrase; and what the editor should know.
    suggestions: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def search_prefill(
    facts: TitleFacts, placement: str, *, family: str = "creative", product_id: int | None = None
) -> SearchPrefill:
    """The search a picture editor would start from for this title and placement."""
    placement = placement if placement in Placement.values else Placement.INTERIOR
    family = family if family in FAMILIES else "creative"
    notes: list[str] = []
    phrase, suggestions = _phrase_and_suggestions(title_term_groups(facts))
    query = SearchQuery(phrase=phrase, family=family, orientations=PLACEMENT_ORIENTATIONS.get(placement, ()))

    product = choose_product(facts, product_id)
    need = print_need(facts, placement, product_id)
    if need is not None:
        query = replace(query, minimum_size=minimum_size_bucket(need.pixels))
    elif placement in PRINT_SIZE_PLACEMENTS:
        notes.append(NO_TRIM_HEIGHT)

    if is_for_young_readers(facts):
        query = replace(query, safe_search=True)
        notes.append(NO_EDITORIAL_SAFE_SEARCH if family == "editorial" else SAFE_SEARCH_ON)
    return SearchPrefill(
        query=query,
        placement=placement,
        product_id=product.id if product is not None else None,
        print_need=need,
        suggestions=suggestions,
        notes=tuple(notes),
    )
