"""The Consonance sandbox's vocabulary: imprints, genres, word lists, sales rights and to-dos.

Read from data/*.toml at start-up. Subject codes are real BIC 2.1, Thema and BISAC codes with their
published headings (lightly shortened), so a picture editor sees subjects that mean something and searches
seeded from them find sensible pictures. The files' order is the catalogue's: a seed always gives the same
works.
"""

from dataclasses import dataclass

from sandboxes.data import read_data


@dataclass(frozen=True)
class Imprint:
    id: int
    name: str
    isbn_stem: str  # 978 + group 1 + registrant: five digits left for the title, then the check


@dataclass(frozen=True)
class Subject:
    code: str
    heading: str


@dataclass(frozen=True)
class Genre:
    key: str
    imprint: int
    work_type: str
    audience_code: str  # ONIX list 28
    weight: int
    min_pages: int
    max_pages: int
    formats: tuple[str, ...]  # which of HB, PB, EBOOK, AUDIO this genre tends to get, in order of likelihood
    keywords: tuple[str, ...]
    title_patterns: tuple[str, ...]
    thema: tuple[Subject, ...]
    bic: tuple[Subject, ...]
    bisac: tuple[Subject, ...]
    subtitles: tuple[str, ...] = ()
    series_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class SalesRights:
    name: str
    worldwide: bool
    for_sale: tuple[str, ...]  # ISO 3166-1 alpha-2
    not_for_sale: tuple[str, ...]


@dataclass(frozen=True)
class TodoKind:
    kind: str
    title: str
    days_before_publication: int


def _genre(entry: dict) -> Genre:
    """A genre from its table; a misspelt or missing key fails at start-up, not while generating."""
    fields = {name: tuple(value) if isinstance(value, list) else value for name, value in entry.items()}
    for scheme in ("thema", "bic", "bisac"):
        fields[scheme] = tuple(Subject(**subject) for subject in entry[scheme])
    return Genre(**fields)


_genres = read_data(__file__, "genres.toml")
IMPRINTS: dict[int, Imprint] = {entry["id"]: Imprint(**entry) for entry in _genres["imprints"]}
GENRES: tuple[Genre, ...] = tuple(_genre(entry) for entry in _genres["genres"])

_words = read_data(__file__, "words.toml")
ADJECTIVES: tuple[str, ...] = tuple(_words["titles"]["adjectives"])
NOUNS: tuple[str, ...] = tuple(_words["titles"]["nouns"])
PLURALS: tuple[str, ...] = tuple(_words["titles"]["plurals"])
ANIMALS: tuple[str, ...] = tuple(_words["titles"]["animals"])
PLACES: tuple[str, ...] = tuple(_words["titles"]["places"])
CHILD_NAMES: tuple[str, ...] = tuple(_words["titles"]["child_names"])
FIRST_NAMES: tuple[str, ...] = tuple(_words["people"]["first_names"])
SURNAMES: tuple[str, ...] = tuple(_words["people"]["surnames"])
BLURB_OPENINGS: dict[str, tuple[str, ...]] = {
    readership: tuple(openings)
    for readership, openings in _words["marketing_texts"]["blurb_openings"].items()
}
REVIEW_QUOTES: tuple[str, ...] = tuple(_words["marketing_texts"]["review_quotes"])

_rights_and_todos = read_data(__file__, "rights_and_todos.toml")
SALES_RIGHTS: tuple[SalesRights, ...] = tuple(
    SalesRights(
        name=entry["name"],
        worldwide=entry["worldwide"],
        for_sale=tuple(entry["for_sale"]),
        not_for_sale=tuple(entry["not_for_sale"]),
    )
    for entry in _rights_and_todos["sales_rights"]
)
TODO_KINDS: tuple[TodoKind, ...] = tuple(TodoKind(**entry) for entry in _rights_and_todos["todos"])
