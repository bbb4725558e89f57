"""A deterministic catalogue of Getty-like assets, generated from a seed in a few tens of milliseconds.

Every asset is drawn from one theme (data/themes.toml) by its own seeded random generator, so asset N is
the same whatever else the catalogue holds. The catalogue keeps the word stems of each asset's title,
caption and keywords for phrase matching (search.py).
"""

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from .vocabulary import (
    ADJECTIVES,
    ARTISTS,
    CREATIVE_ILLUSTRATION_COLLECTIONS,
    CREATIVE_RF_COLLECTIONS,
    CREATIVE_RM_COLLECTIONS,
    EDITORIAL_COLLECTIONS,
    ETHNICITIES,
    EVENTS_BY_ID,
    EVENTS_BY_THEME,
    THEMES,
    Theme,
)
from .words import keyword_id, words

FIRST_ID = 1_400_000_000
HOW_CAN_I_USE_IT = "Available for all permitted uses under our |License Terms|."
EDITORIAL_HOW = "Available for editorial uses only under our |License Terms|."
EDITORIAL_USE_ONLY = "Editorial use only"
CREATIVE_RESTRICTIONS = (
    "Not available for use in connection with tobacco or alcohol products.",
    "Contact your local office for all commercial or promotional uses.",
    "Not available for use on book covers in France.",
)
COMPOSITIONS_SCENE = ("wide_shot", "full_frame", "copy_space", "sparse", "abstract", "macro", "still_life")
COMPOSITIONS_PEOPLE = (
    "candid",
    "close_up",
    "full_length",
    "headshot",
    "looking_at_camera",
    "medium_shot",
    "portrait",
    "three_quarter_length",
    "waist_up",
    "part_of_a_series",
)
MOODS = ("black_and_white", "bold", "cool", "dramatic", "natural", "vivid", "warm")
ORIENTATIONS = (
    ("Horizontal", 50),
    ("Vertical", 35),
    ("Square", 8),
    ("PanoramicHorizontal", 5),
    ("PanoramicVertical", 2),
)
LONG_SIDES = (800, 1024, 1600, 2048, 2400, 3000, 3600, 4200, 5000, 5760, 6720, 7360, 8000, 12000)
ASPECTS = {
    "Horizontal": (3, 2),
    "Vertical": (2, 3),
    "Square": (1, 1),
    "PanoramicHorizontal": (3, 1),
    "PanoramicVertical": (1, 3),
}
ORIENTATION_WORDS = {
    "Horizontal": "Horizontal",
    "Vertical": "Vertical",
    "Square": "Square Image",
    "PanoramicHorizontal": "Panoramic",
    "PanoramicVertical": "Panoramic",
}


@dataclass
class SandboxAsset:
    id: str
    theme: str
    scene: str
    palette: tuple[str, str, str]
    asset_family: str
    license_model: str
    title: str
    caption: str
    artist: str
    credit_line: str
    copyright: str
    collection_code: str
    collection_id: int
    collection_name: str
    date_created: datetime
    date_submitted: datetime
    graphical_style: str
    orientation: str
    width: int
    height: int
    quality_rank: int
    popularity: int
    keywords: list[dict]
    how_can_i_use_it: str
    release_info: str
    usage_restrictions: list[str]
    product_types: list[str]
    call_for_image: bool
    number_of_people: int
    ages: list[str]
    ethnicities: list[str]
    compositions: list[str]
    moods: list[str]
    nudity: bool
    city: str
    country: str
    file_types: list[str]
    color: str
    embeddable: bool
    editorial_segments: list[str] = field(default_factory=list)
    event_ids: list[int] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    stems: frozenset = frozenset()
    title_stems: frozenset = frozenset()

    @property
    def megapixels(self) -> float:
        return self.width * self.height / 1_000_000

    @property
    def editorial_use_only(self) -> bool:
        return any("editorial use only" in r.lower() for r in self.usage_restrictions)


def _pick_weighted(rng: random.Random, pairs):
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _dimensions(rng: random.Random, orientation: str, archival: bool) -> tuple[int, int]:
    sides = LONG_SIDES[:8] if archival else LONG_SIDES
    long_side = rng.choice(sides)
    a, b = ASPECTS[orientation]
    if orientation == "Horizontal" and rng.random() < 0.3:
        a, b = 4, 3
    if orientation == "Vertical" and rng.random() < 0.3:
        a, b = 3, 4
    if a >= b:
        return long_side, max(1, long_side * b // a)
    return max(1, long_side * a // b), long_side


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _with_article(subject: str) -> str:
    """ "a lighthouse", "an old stone lighthouse", "test tubes" (plurals and mass nouns go bare)."""
    last = subject.split(" of ")[0].split()[-1]
    if last.endswith("s") and not last.endswith("ss") or last in ("sea", "food", "coffee", "bread", "snow"):
        return subject
    return f"{'an' if subject[0] in 'aeiou' else 'a'} {subject}"


def _keyword(text: str, kind: str, relevance: int) -> dict:
    return {"keyword_id": keyword_id(text), "text": text, "type": kind, "relevance": relevance}


def build_asset(index: int, seed: int) -> SandboxAsset:
    """Asset number `index` of the catalogue seeded with `seed`."""
    rng = random.Random(f"getty-sandbox:{seed}:{index}")
    theme: Theme = rng.choices(THEMES, weights=[t.weight for t in THEMES])[0]
    editorial = rng.random() < theme.editorial_share
    subject = rng.choice(theme.subjects)
    setting = rng.choice(theme.settings)
    location = rng.choice(theme.places)
    city, country = location.city, location.country
    artist = rng.choice(ARTISTS)
    heads = rng.choice(theme.people)
    if subject in ("lighthouse keeper", "astronaut", "scientist with a microscope") and heads == 0:
        heads = 1
    style = "photography"
    if not editorial:
        style = _pick_weighted(
            rng, (("photography", 85), ("illustration", 7), ("vector", 4), ("fine_art", 4))
        )
    elif theme.archival and rng.random() < 0.1:
        style = "illustration"
    orientation = _pick_weighted(rng, ORIENTATIONS)
    width, height = _dimensions(rng, orientation, theme.archival)
    if style == "vector":
        width, height = width * 2, height * 2  # vectors scale: Getty reports a large rendition

    if editorial:
        segment = rng.choice(theme.segments)
        collection = rng.choice(EDITORIAL_COLLECTIONS[segment])
        license_model = "rightsmanaged" if rng.random() < 0.75 else "royaltyfree"
    else:
        segment = ""
        if style in ("illustration", "vector"):
            collection = CREATIVE_ILLUSTRATION_COLLECTIONS[0]
            license_model = "royaltyfree"
        elif rng.random() < 0.15:
            collection = rng.choice(CREATIVE_RM_COLLECTIONS)
            license_model = "rightsmanaged"
        else:
            collection = rng.choice(CREATIVE_RF_COLLECTIONS)
            license_model = "royaltyfree"

    if theme.archival:
        created = datetime(1890, 1, 1, tzinfo=UTC) + timedelta(days=rng.randrange(0, 85 * 365))
    else:
        created = datetime(2008, 1, 1, tzinfo=UTC) + timedelta(days=rng.randrange(0, 18 * 365 - 30))
    created = created.replace(hour=rng.randrange(6, 21), minute=rng.randrange(60), second=rng.randrange(60))
    submitted = max(created, datetime(2008, 1, 1, tzinfo=UTC)) + timedelta(days=rng.randrange(1, 30))

    adjective = rng.choice(ADJECTIVES)
    title = f"{subject[0].upper()}{subject[1:]} {setting}"
    if rng.random() < 0.4 and not editorial:  # news captions do not editorialise
        title = f"{adjective.capitalize()} {subject} {setting}"
    people: list[str] = []
    event_ids: list[int] = []
    if editorial:
        if theme.named_people and heads and rng.random() < 0.7:
            people = rng.sample(theme.named_people, k=min(len(theme.named_people), rng.choice((1, 1, 2))))
        theme_events = EVENTS_BY_THEME.get(theme.key, [])
        if theme_events and not theme.archival or (theme_events and rng.random() < 0.5):
            event = rng.choice(theme_events)
            event_ids = [event.id]
        date_text = created.strftime("%B %-d, %Y")
        place = f"{city.upper()}, {country.upper()} - {created.strftime('%B %-d').upper()}"
        who = f" with {' and '.join(people)}" if people else ""
        event_text = f" during the {EVENTS_BY_ID[event_ids[0]].name}" if event_ids else ""
        caption = (
            f"{place}: {_capital(subject)} {setting}{who}{event_text} on {date_text} in {city}, {country}."
        )
        if theme.archival:
            caption = (
                f"{title} in {city}, {country}, {created.year}. (Photo by {collection.credit.split('/')[0]})"
            )
        else:
            caption += f" (Photo by {artist}/Getty Images)"
        if people:
            title = f"{', '.join(people)}: {title}"
    else:
        caption = f"A {adjective} view of {_with_article(subject)} {setting}, {city}, {country}."
        if heads:
            caption = (
                f"{subject[0].upper()}{subject[1:]} {setting} in {city}, {country}. A {adjective} moment."
            )

    keywords = [_keyword(k, "Specific", 90 - i * 3) for i, k in enumerate(theme.keywords)]
    keywords += [_keyword(w.title(), "Specific", 80) for w in subject.split() if len(w) > 3]
    keywords += [_keyword(c, "Conceptual", 60) for c in rng.sample(theme.concepts, k=2)]
    keywords += [_keyword(city, "Location", 50), _keyword(country, "Location", 45)]
    keywords.append(_keyword(ORIENTATION_WORDS[orientation], "Orientation", 20))
    keywords.append(_keyword(style.replace("_", " ").title(), "ImageTechnique", 20))
    keywords.append(
        _keyword(
            {0: "No People", 1: "One Person", 2: "Two People"}.get(heads, "Group Of People"),
            "NumberOfPeople",
            25,
        )
    )
    for person in people:
        keywords.append(_keyword(person, "Specific", 95))
    seen: set[str] = set()
    keywords = [k for k in keywords if not (k["text"].lower() in seen or seen.add(k["text"].lower()))]

    if heads == 0:
        compositions = rng.sample(COMPOSITIONS_SCENE, k=rng.choice((1, 2)))
    else:
        compositions = rng.sample(COMPOSITIONS_PEOPLE, k=rng.choice((1, 2, 3)))
    if theme.archival:
        moods = ["black_and_white"] + rng.sample(["dramatic", "natural"], k=1)
    else:
        moods = rng.sample([m for m in MOODS if m != "black_and_white"], k=rng.choice((1, 2)))
        if rng.random() < 0.06:
            moods.append("black_and_white")
    ages = sorted(set(rng.sample(theme.ages, k=min(len(theme.ages), rng.choice((1, 2)))))) if heads else []
    ethnicities = sorted(set(rng.sample(ETHNICITIES, k=rng.choice((1, 2))))) if heads else []
    nudity = (
        not editorial
        and heads > 0
        and "child" not in ages
        and theme.key in ("sea", "portrait")
        and rng.random() < 0.08
    )

    restrictions: list[str] = []
    if editorial:
        how, release = EDITORIAL_HOW, "Not released. More information"
        restrictions.append(EDITORIAL_USE_ONLY)
        if license_model == "rightsmanaged" and rng.random() < 0.3:
            restrictions.append("Contact your local office for all commercial or promotional uses.")
    else:
        how = HOW_CAN_I_USE_IT
        if heads and rng.random() < 0.05:
            release = "Not released. More information"
            restrictions.append(EDITORIAL_USE_ONLY)
        elif heads:
            release = "Model released"
        elif theme.scene in ("city", "lighthouse") and rng.random() < 0.5:
            release = "Property released"
        else:
            release = "No release required"
        if rng.random() < 0.06:
            restrictions.append(rng.choice(CREATIVE_RESTRICTIONS))
    if editorial:
        product_types = ["easyaccess", "editorialsubscription", "imagepack", "premiumaccess"]
    elif license_model == "royaltyfree":
        product_types = ["easyaccess", "imagepack", "premiumaccess", "royaltyfreesubscription"]
    else:
        product_types = ["premiumaccess"]

    return SandboxAsset(
        id=str(FIRST_ID + index * 7 + 3),
        theme=theme.key,
        scene=theme.scene,
        palette=theme.palette,
        asset_family="editorial" if editorial else "creative",
        license_model=license_model,
        title=title,
        caption=caption,
        artist=artist if not theme.archival or not editorial else collection.credit.split("/")[0],
        credit_line=collection.credit.format(artist=artist),
        copyright=f"{created.year} {artist}" if not theme.archival else f"{created.year} Getty Images",
        collection_code=collection.code,
        collection_id=collection.id,
        collection_name=collection.name,
        date_created=created,
        date_submitted=submitted,
        graphical_style=style,
        orientation=orientation,
        width=width,
        height=height,
        quality_rank=rng.choice((1, 2, 2, 3, 3, 3)),
        popularity=rng.randrange(1, 100_000),
        keywords=keywords,
        how_can_i_use_it=how,
        release_info=release,
        usage_restrictions=restrictions,
        product_types=product_types,
        call_for_image=license_model == "rightsmanaged" and rng.random() < 0.05,
        number_of_people=heads,
        ages=ages,
        ethnicities=ethnicities,
        compositions=compositions,
        moods=sorted(set(moods)),
        nudity=nudity,
        city=city,
        country=country,
        file_types=["eps", "jpg"] if style == "vector" else ["jpg"],
        color=theme.palette[rng.randrange(3)],
        embeddable=editorial or rng.random() < 0.7,
        editorial_segments=[segment] if segment else [],
        event_ids=event_ids,
        people=people,
    )


def index_words(asset: SandboxAsset) -> None:
    stems = set(words(asset.title)) | set(words(asset.caption))
    for keyword in asset.keywords:
        stems.update(words(keyword["text"]))
    asset.stems = frozenset(stems)
    asset.title_stems = frozenset(words(asset.title))


class Catalogue:
    """The assets of one sandbox, in index order, with a lookup by id."""

    def __init__(self, *, size: int = 5000, seed: int = 2026):
        self.size = size
        self.seed = seed
        self.assets: list[SandboxAsset] = []
        for index in range(size):
            asset = build_asset(index, seed)
            index_words(asset)
            self.assets.append(asset)
        self.by_id = {a.id: a for a in self.assets}
        self._vocabulary: frozenset[str] | None = None

    def vocabulary(self) -> frozenset[str]:
        """Every word stem of every asset (for spelling suggestions)."""
        if self._vocabulary is None:
            self._vocabulary = frozenset().union(*(a.stems for a in self.assets))
        return self._vocabulary

    def get(self, asset_id: str) -> SandboxAsset | None:
        return self.by_id.get(str(asset_id))

    def __len__(self) -> int:
        return len(self.assets)

    def __iter__(self):
        return iter(self.assets)
