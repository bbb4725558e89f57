"""Search words the sandbox's catalogue pictures under other words, as Getty's keyword vocabulary does.

Getty maps what an editor types onto its controlled vocabulary, synonyms and broader terms included:
"murder" finds pictures keyworded "Mystery". The sandbox's catalogue is small and its words are
those of its themes, so the words a publisher's titles are made of (the Consonance sandbox's
keywords among them) would otherwise find nothing, or nothing among creative pictures.

Each entry: a word stem, and the catalogue stems it also matches. Every word of a phrase still has
to match a picture, through itself or one of these.
"""

SYNONYMS: dict[str, tuple[str, ...]] = {
    "archaeology": ("history", "archival", "heritage"),
    "artist": ("art", "portrait"),
    "biography": ("portrait", "history"),
    "bird": ("owl", "wildlife"),
    "brain": ("science", "research"),
    "chase": ("street", "city"),
    "climate": ("environmental", "conservation", "nature"),
    "coastal": ("coastline", "sea", "beach"),
    "cold": ("snow", "winter"),
    "coming": ("teenager", "childhood"),
    "conspiracy": ("mystery", "politic"),
    "cooking": ("food", "meal"),
    "court": ("royalty", "history"),
    "detective": ("mystery", "street"),
    "dinosaur": ("animal", "history"),
    "dragon": ("imagination", "mystery"),
    "dystopia": ("futuristic", "city"),
    "empire": ("history", "royalty"),
    "epic": ("mountain", "landscape", "adventure"),
    "fact": ("education", "knowledge", "learning"),
    "fantasy": ("imagination", "mystery", "forest"),
    "first": ("childhood", "child"),
    "friendship": ("togetherness", "bonding"),
    "grief": ("loss", "memory", "contemplation"),
    "historical": ("history", "archival", "heritage"),
    "island": ("sea", "beach", "coastline"),
    "journey": ("travel", "exploration", "path"),
    "lost": ("mystery", "remote"),
    "magic": ("imagination", "mystery"),
    "map": ("travel", "exploration", "history"),
    "memoir": ("portrait", "memory", "nostalgia"),
    "murder": ("mystery",),
    "poetry": ("literature", "book", "contemplation"),
    "police": ("street", "crowd"),
    "popular": ("education", "learning"),
    "procedural": ("mystery", "street"),
    "psychological": ("mystery", "contemplation"),
    "quest": ("adventure", "exploration"),
    "rebellion": ("protest", "crowd"),
    "recipe": ("food", "meal"),
    "rewilding": ("wildlife", "conservation", "nature"),
    "romance": ("love", "happiness"),
    "route": ("travel", "path"),
    "saga": ("family", "history"),
    "seafaring": ("sailing", "sea", "boat"),
    "season": ("autumn", "winter", "summer", "spring"),
    "seasonal": ("autumn", "winter", "summer", "spring"),
    "small": ("rural", "child"),
    "spy": ("mystery", "city"),
    "suspense": ("mystery",),
    "tudor": ("history", "royalty", "heritage"),
    "twentieth": ("history", "archival"),
    "village": ("rural", "hill", "field"),
    "walking": ("hiking", "path"),
    "whodunnit": ("mystery",),
    "word": ("book", "reading", "education"),
    "writing": ("author", "book", "literature"),
}


def meanings(stem: str) -> tuple[str, ...]:
    """The catalogue stems a phrase stem matches: itself, then its synonyms."""
    return (stem, *SYNONYMS.get(stem, ()))
