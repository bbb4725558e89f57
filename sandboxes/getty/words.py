"""Words for phrase matching (a crude stemmer: "lighthouses", "children"), synonyms and stable keyword ids.

Getty maps what an editor types onto its controlled vocabulary, synonyms and broader terms included;
the sandbox's synonyms (data/words.toml) stand in for it.
"""

import re
import zlib
from functools import lru_cache

from .vocabulary import IRREGULAR_PLURALS, SYNONYMS


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    """Reduce a word to a crude singular so "lighthouses" finds "lighthouse" and "children" finds "child"."""
    word = word.lower().strip("'’")
    if word.endswith("'s"):
        word = word[:-2]
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=50_000)
def words(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in re.findall(r"[\w']+", text.lower()))


def meanings(stem: str) -> tuple[str, ...]:
    """The catalogue stems a phrase stem matches: itself, then its synonyms."""
    return (stem, *SYNONYMS.get(stem, ()))


@lru_cache(maxsize=5_000)
def keyword_id(text: str) -> str:
    """A stable id per keyword text, like Getty's numeric keyword ids."""
    return str(100_000 + zlib.crc32(text.lower().encode()) % 900_000)
