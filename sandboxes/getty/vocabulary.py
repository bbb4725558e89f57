"""The Getty sandbox's vocabulary: themes, collections and words, read from data/*.toml at start-up.

Each theme (data/themes.toml) gives subjects (which become titles and keywords), settings, places, who
appears in the picture, how likely it is to be editorial, and the palette and scene kind the preview
generator paints. Names of people and events are invented. The files' order is the catalogue's: a seed
always gives the same assets.
"""

from dataclasses import dataclass

from sandboxes.data import read_data


@dataclass(frozen=True)
class Place:
    city: str
    country: str


@dataclass(frozen=True)
class Theme:
    key: str
    subjects: tuple[str, ...]
    settings: tuple[str, ...]
    keywords: tuple[str, ...]
    concepts: tuple[str, ...]
    places: tuple[Place, ...]
    scene: str  # what scenes.py paints
    palette: tuple[str, str, str]  # sky, ground, accent (hex)
    people: tuple[int, ...] = (0,)  # possible head counts (3 means a group)
    ages: tuple[str, ...] = ("adult",)
    editorial_share: float = 0.1
    segments: tuple[str, ...] = ("news",)
    archival: bool = False
    weight: int = 10
    named_people: tuple[str, ...] = ()
    events: tuple[str, ...] = ()


@dataclass(frozen=True)
class Collection:
    code: str
    id: int
    name: str
    credit: str  # "{artist}" is replaced


@dataclass(frozen=True)
class Event:
    id: int
    name: str
    theme: str


def _theme(entry: dict) -> Theme:
    """A theme from its table; a misspelt or missing key fails at start-up, not in the middle of a search."""
    fields = {name: tuple(value) if isinstance(value, list) else value for name, value in entry.items()}
    fields["places"] = tuple(Place(**place) for place in entry["places"])
    palette = entry["palette"]
    fields["palette"] = (palette["sky"], palette["ground"], palette["accent"])
    return Theme(**fields)


def _collections(entries: list[dict]) -> tuple[Collection, ...]:
    return tuple(Collection(**entry) for entry in entries)


def _events(themes: tuple[Theme, ...]) -> list[Event]:
    events, next_id = [], 775_000_001
    for theme in themes:
        for name in theme.events:
            events.append(Event(next_id, name, theme.key))
            next_id += 17
    return events


THEMES: tuple[Theme, ...] = tuple(_theme(entry) for entry in read_data(__file__, "themes.toml")["themes"])

_catalogue = read_data(__file__, "catalogue.toml")
ADJECTIVES: tuple[str, ...] = tuple(_catalogue["adjectives"])
ARTISTS: tuple[str, ...] = tuple(_catalogue["artists"])
ETHNICITIES: tuple[str, ...] = tuple(_catalogue["ethnicities"])
_collections_data = _catalogue["collections"]
CREATIVE_RF_COLLECTIONS = _collections(_collections_data["creative_royalty_free"])
CREATIVE_ILLUSTRATION_COLLECTIONS = _collections(_collections_data["creative_illustration"])
CREATIVE_RM_COLLECTIONS = _collections(_collections_data["creative_rights_managed"])
EDITORIAL_COLLECTIONS: dict[str, tuple[Collection, ...]] = {
    segment: _collections(entries) for segment, entries in _collections_data["editorial"].items()
}

_words = read_data(__file__, "words.toml")
IRREGULAR_PLURALS: dict[str, str] = _words["irregular_plurals"]
SYNONYMS: dict[str, tuple[str, ...]] = {stem: tuple(also) for stem, also in _words["synonyms"].items()}

EVENTS = _events(THEMES)
EVENTS_BY_ID = {e.id: e for e in EVENTS}
EVENTS_BY_THEME: dict[str, list[Event]] = {}
for _event in EVENTS:
    EVENTS_BY_THEME.setdefault(_event.theme, []).append(_event)
