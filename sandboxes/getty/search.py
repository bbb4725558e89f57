"""Find, order and count catalogue assets for a checked SearchQuery; similar pictures for one asset."""

import difflib
import random
import zlib
from collections import Counter

from .catalogue import Catalogue, SandboxAsset
from .query import AGE_RANGES, SearchQuery
from .vocabulary import EVENTS_BY_ID
from .words import meanings, words

STOP_WORDS = frozenset({"a", "an", "the", "of", "in", "on", "at", "and", "with", "for", "to", "by", "from"})
# Smallest size each minimum_size admits, in megapixels (Getty does not publish its thresholds).
MINIMUM_MEGAPIXELS = {
    "x_small": 0.0,
    "small": 0.25,
    "medium": 1.0,
    "large": 4.0,
    "x_large": 12.0,
    "xx_large": 24.0,
}
PEOPLE_COUNTS = {"none": 0, "one": 1, "two": 2, "group": 3}
ORIENTATION_NAMES = {
    "horizontal": "Horizontal",
    "vertical": "Vertical",
    "square": "Square",
    "panoramic_horizontal": "PanoramicHorizontal",
    "panoramic_vertical": "PanoramicVertical",
}
CHILD_AGES = {"newborn", "baby", "child", "teenager"}


def phrase_stems(phrase: str) -> list[str]:
    return [w for w in words(phrase) if w not in STOP_WORDS]


def _age_match(asset: SandboxAsset, wanted: list[str]) -> bool:
    if not asset.ages:
        return False
    for age in wanted:
        if age == "adults_only":
            if not CHILD_AGES & set(asset.ages):
                return True
            continue
        folded = AGE_RANGES.get(age, age)
        folded = {"newborn": "baby", "mature_adult": "adult"}.get(folded, folded)
        if folded in asset.ages:
            return True
    return False


def color_distance(a: str, b: str) -> float:
    ra, ga, ba = (int(a[i : i + 2], 16) for i in (0, 2, 4))
    rb, gb, bb = (int(b[i : i + 2], 16) for i in (0, 2, 4))
    return ((ra - rb) ** 2 + (ga - gb) ** 2 + (ba - bb) ** 2) ** 0.5


def matches(asset: SandboxAsset, q: SearchQuery, stems: list[str]) -> bool:  # noqa: C901 - one test per filter
    if q.family != "blended" and asset.asset_family != q.family:
        return False
    if any(asset.stems.isdisjoint(meanings(s)) for s in stems):
        return False
    v = q.values
    if v("orientations") and asset.orientation not in {ORIENTATION_NAMES[o] for o in v("orientations")}:
        return False
    if v("number_of_people") and min(asset.number_of_people, 3) not in {
        PEOPLE_COUNTS[n] for n in v("number_of_people")
    }:
        return False
    if v("compositions") and not set(v("compositions")) & set(asset.compositions):
        return False
    if v("graphical_styles"):
        inside = asset.graphical_style in v("graphical_styles")
        if inside != (q.graphical_styles_filter_type == "include"):
            return False
    if v("collection_codes"):
        inside = asset.collection_code.lower() in {c.lower() for c in v("collection_codes")}
        if inside != (q.collections_filter_type == "include"):
            return False
    if q.minimum_size == "vector":
        if asset.graphical_style != "vector":
            return False
    elif q.minimum_size and asset.megapixels < MINIMUM_MEGAPIXELS[q.minimum_size]:
        return False
    if v("moods") and not set(v("moods")) & set(asset.moods):
        return False
    if (q.flag("safe_search") or q.flag("exclude_nudity")) and asset.nudity:
        return False
    if q.flag("exclude_editorial_use_only") and asset.editorial_use_only:
        return False
    if q.flag("embed_content_only") and not asset.embeddable:
        return False
    if q.download_product and q.download_product not in asset.product_types:
        return False
    if v("editorial_segments") and not set(v("editorial_segments")) & set(asset.editorial_segments):
        return False
    if q.date_from and asset.date_created < q.date_from:
        return False
    if q.date_to and asset.date_created > q.date_to:
        return False
    if v("age_of_people") and not _age_match(asset, v("age_of_people")):
        return False
    if v("ethnicity") and not set(v("ethnicity")) & set(asset.ethnicities):
        return False
    if v("artists") and asset.artist.lower() not in {a.lower() for a in v("artists")}:
        return False
    if v("file_types") and not set(v("file_types")) & set(asset.file_types):
        return False
    asset_keyword_ids = (
        {k["keyword_id"] for k in asset.keywords} if v("keyword_ids") or v("exclude_keyword_ids") else set()
    )
    if v("keyword_ids") and not set(v("keyword_ids")) & asset_keyword_ids:
        return False
    if v("exclude_keyword_ids") and set(v("exclude_keyword_ids")) & asset_keyword_ids:
        return False
    if v("specific_people") and not {p.lower() for p in v("specific_people")} & {
        p.lower() for p in asset.people
    }:
        return False
    if v("event_ids") and not {int(e) for e in v("event_ids")} & set(asset.event_ids):
        return False
    if q.minimum_quality_rank and asset.quality_rank > q.minimum_quality_rank:
        return False
    if q.color and color_distance(q.color, asset.color.lstrip("#")) > 110:
        return False
    return True


def relevance(asset: SandboxAsset, stems: list[str]) -> float:
    score = 0.0
    for s in stems:
        said = meanings(s)
        if not asset.title_stems.isdisjoint(said):
            score += 3
        for keyword in asset.keywords:
            keyword_words = words(keyword["text"])
            if any(m in keyword_words for m in said):
                score += keyword["relevance"] / 30
                break
    return score + (4 - asset.quality_rank) * 0.5


def order(found: list[SandboxAsset], q: SearchQuery, stems: list[str]) -> list[SandboxAsset]:
    if q.sort_order == "most_popular":
        return sorted(found, key=lambda a: (-a.popularity, a.id))
    if q.sort_order == "newest":
        return sorted(found, key=lambda a: (a.date_created, a.id), reverse=True)
    if q.sort_order == "oldest":
        return sorted(found, key=lambda a: (a.date_created, a.id))
    if q.sort_order == "random":
        # Seeded by the query, so the same search gives the same "random" page twice (paging stays stable).
        seed = zlib.crc32(f"{q.family}|{q.phrase.lower()}|{sorted(q.lists.items())}".encode())
        shuffled = sorted(found, key=lambda a: a.id)
        random.Random(seed).shuffle(shuffled)
        return shuffled
    return sorted(found, key=lambda a: (-relevance(a, stems), -a.popularity, a.id))


def search(catalogue: Catalogue, q: SearchQuery, *, hidden: set[str]) -> list[SandboxAsset]:
    """Every asset matching `q`, in its sort order; `hidden` ids (withdrawn) never show."""
    stems = phrase_stems(q.phrase)
    found = [a for a in catalogue if a.id not in hidden and matches(a, q, stems)]
    return order(found, q, stems)


def auto_corrections(catalogue: Catalogue, phrase: str) -> dict:
    """Suggest a spelling when a word of the phrase appears nowhere in the catalogue."""
    vocabulary = catalogue.vocabulary()
    corrected, changed = [], False
    for word in phrase.split():
        stems = words(word)
        if not stems or all(s in STOP_WORDS or not vocabulary.isdisjoint(meanings(s)) for s in stems):
            corrected.append(word)
            continue
        close = difflib.get_close_matches(word.lower(), sorted(vocabulary), n=1, cutoff=0.8)
        corrected.append(close[0] if close else word)
        changed = changed or bool(close)
    return {"phrase": " ".join(corrected) if changed else None}


def related_searches(found: list[SandboxAsset], phrase: str, api_base: str) -> list[dict]:
    counts = Counter(
        k["text"] for a in found[:200] for k in a.keywords if k["type"] in ("Specific", "Conceptual")
    )
    taken = set(phrase_stems(phrase))
    related = []
    for text, _ in counts.most_common(20):
        if set(words(text)) <= taken:
            continue
        suggestion = f"{phrase} {text.lower()}".strip()
        related.append(
            {"phrase": suggestion, "url": f"{api_base}/search/images?phrase={suggestion.replace(' ', '+')}"}
        )
        if len(related) == 5:
            break
    return related


def facets(found: list[SandboxAsset], q: SearchQuery) -> dict:
    wanted = q.values("facet_fields") or ["artists", "events", "locations", "specific_people"]
    limit = q.facet_max_count
    result: dict[str, list] = {}
    if "specific_people" in wanted:
        people = Counter(p for a in found for p in a.people)
        result["specific_people"] = [
            {"id": i + 1, "text": p} for i, (p, _) in enumerate(people.most_common(limit))
        ]
    if "events" in wanted:
        events = Counter(e for a in found for e in a.event_ids)
        result["events"] = [
            {"id": e, "name": EVENTS_BY_ID[e].name, "date": None} for e, _ in events.most_common(limit)
        ]
    if "locations" in wanted:
        places = Counter(f"{a.city}, {a.country}" for a in found)
        result["locations"] = [{"id": i + 1, "text": p} for i, (p, _) in enumerate(places.most_common(limit))]
    if "artists" in wanted:
        artists = Counter(a.artist for a in found)
        result["artists"] = [{"name": n} for n, _ in artists.most_common(limit)]
    if "entertainment" in wanted:
        result["entertainment"] = []
    return result


def similar(catalogue: Catalogue, asset: SandboxAsset, *, hidden: set[str]) -> list[SandboxAsset]:
    """Same family and theme, most shared keywords first; the asset itself is left out."""
    mine = {k["keyword_id"] for k in asset.keywords if k["type"] in ("Specific", "Conceptual")}

    def shared(other: SandboxAsset) -> int:
        theirs = {k["keyword_id"] for k in other.keywords}
        return len(mine & theirs) + (2 if other.collection_code == asset.collection_code else 0)

    candidates = [
        a
        for a in catalogue
        if a.id != asset.id
        and a.id not in hidden
        and a.asset_family == asset.asset_family
        and a.theme == asset.theme
    ]
    return sorted(candidates, key=lambda a: (-shared(a), -a.popularity, a.id))
