"""Word lists, imprints and subject codes the generated Consonance catalogue draws from.

Subject codes are real BIC 2.1, Thema and BISAC codes with their published headings (lightly shortened), so a
picture editor sees subjects that mean something and searches seeded from them find sensible pictures.
"""

from dataclasses import dataclass

IMPRINTS = {
    1: "Harbour Books",
    2: "Kestrel Children's",
    3: "Northlight Non-Fiction",
    4: "Saltmarsh Press",
}

# # Seven-digit ISBN stems per imprint (978 + group 1 + registrant): 5 digits left for the title, then the
# check.
ISBN_STEMS = {1: "9781915", 2: "9781838", 3: "9781786", 4: "9781913"}


@dataclass(frozen=True)
class Genre:
    key: str
    imprint_id: int
    work_type: str
    audience_code: str  # ONIX list 28
    thema: tuple[tuple[str, str], ...]
    bic: tuple[tuple[str, str], ...]
    bisac: tuple[tuple[str, str], ...]
    keywords: tuple[str, ...]
    title_patterns: tuple[str, ...]
    pages: tuple[int, int]
    formats: tuple[str, ...]  # which of HB, PB, EBOOK, AUDIO this genre tends to get, in order of likelihood
    weight: int = 1


GENRES = (
    Genre(
        "literary",
        1,
        "Fiction",
        "01",
        (("FA", "Modern and contemporary fiction"), ("FBA", "Modern and contemporary fiction: general")),
        (("FA", "Modern & contemporary fiction (post c 1945)"),),
        (("FIC019000", "FICTION / Literary"), ("FIC045000", "FICTION / Family Life / General")),
        ("family saga", "coastal town", "grief", "friendship", "literary fiction"),
        ("The {adj} {noun}", "{noun} of {place}", "A {noun} in {place}", "The {noun}'s Daughter"),
        (256, 432),
        ("HB", "PB", "EBOOK", "AUDIO"),
        3,
    ),
    Genre(
        "crime",
        1,
        "Fiction",
        "01",
        (("FF", "Crime and mystery fiction"), ("FFJ", "Classic crime fiction")),
        (("FF", "Crime & mystery"),),
        (
            ("FIC022000", "FICTION / Mystery & Detective / General"),
            ("FIC022060", "FICTION / Mystery & Detective / Historical"),
        ),
        ("detective", "murder mystery", "police procedural", "small village", "whodunnit"),
        ("The {place} Murders", "Death at {place}", "The {adj} Witness", "A {noun} for the Dead"),
        (288, 416),
        ("PB", "HB", "EBOOK", "AUDIO"),
        3,
    ),
    Genre(
        "thriller",
        1,
        "Fiction",
        "01",
        (("FH", "Thriller / suspense fiction"), ("FHD", "Espionage and spy thriller")),
        (("FH", "Thriller / suspense"),),
        (("FIC031000", "FICTION / Thrillers / General"), ("FIC006000", "FICTION / Thrillers / Espionage")),
        ("spy", "conspiracy", "cold war", "chase", "psychological suspense"),
        ("The {adj} Protocol", "{place} Station", "The Last {noun}", "Silent {noun}"),
        (320, 480),
        ("PB", "HB", "EBOOK", "AUDIO"),
        2,
    ),
    Genre(
        "historical",
        1,
        "Fiction",
        "01",
        (("FV", "Historical fiction"),),
        (("FV", "Historical fiction"),),
        (("FIC014000", "FICTION / Historical / General"),),
        ("victorian", "world war two", "tudor court", "seafaring", "historical romance"),
        ("The {noun} of {place}", "The {adj} Queen", "A {noun} at Sea", "The {place} Letters"),
        (352, 512),
        ("HB", "PB", "EBOOK", "AUDIO"),
        2,
    ),
    Genre(
        "fantasy",
        1,
        "Fiction",
        "01",
        (("FM", "Fantasy"), ("FMH", "Historical fantasy")),
        (("FM", "Fantasy"),),
        (("FIC009000", "FICTION / Fantasy / General"), ("FIC009020", "FICTION / Fantasy / Epic")),
        ("dragons", "magic", "quest", "epic fantasy", "lost kingdom"),
        ("The {adj} Crown", "{noun} of Ash and {noun2}", "The {noun} of {place}", "Song of the {noun}"),
        (384, 560),
        ("PB", "HB", "EBOOK", "AUDIO"),
        2,
    ),
    Genre(
        "poetry",
        4,
        "Poetry",
        "01",
        (("DCF", "Poetry by individual poets"),),
        (("DCF", "Poetry by individual poets"),),
        (("POE000000", "POETRY / General"), ("POE005010", "POETRY / Subjects & Themes / Nature")),
        ("poetry collection", "landscape", "the sea", "memory"),
        ("{noun} Songs", "Poems from {place}", "The {adj} Hour", "Salt and {noun}"),
        (64, 112),
        ("PB", "EBOOK"),
        1,
    ),
    Genre(
        "history",
        3,
        "Non-fiction",
        "01",
        (
            ("NHB", "General and world history"),
            ("NHD", "European history"),
            ("NHTB", "Social and cultural history"),
        ),
        (("HBG", "General & world history"), ("HBJD", "European history")),
        (("HIS000000", "HISTORY / General"), ("HIS010000", "HISTORY / Europe / General")),
        ("history", "empire", "trade routes", "archaeology", "maps"),
        ("The {adj} Century", "{place}: A History", "Empire of {noun}", "The {noun} Road"),
        (320, 512),
        ("HB", "PB", "EBOOK", "AUDIO"),
        2,
    ),
    Genre(
        "nature",
        3,
        "Non-fiction",
        "01",
        (
            ("WNC", "Wildlife: general interest"),
            ("WNW", "The Earth: natural history general"),
            ("RNA", "Environmentalist thought and ideology"),
        ),
        (("WNC", "Wildlife: general interest"), ("WN", "Natural history")),
        (
            ("NAT000000", "NATURE / General"),
            ("NAT037000", "NATURE / Animals / Wildlife"),
            ("NAT045030", "NATURE / Ecosystems & Habitats / Oceans & Seas"),
        ),
        ("wildlife", "birds", "coastline", "seasons", "rewilding", "landscape"),
        ("A Year of {plural}", "The {adj} {animal}", "Tides of {place}", "Wild {place}"),
        (224, 368),
        ("HB", "PB", "EBOOK"),
        2,
    ),
    Genre(
        "cookery",
        3,
        "Non-fiction",
        "01",
        (("WBA", "General cookery and recipes"), ("WBN", "National and regional cuisine")),
        (("WBA", "General cookery & recipes"), ("WBN", "National & regional cuisine")),
        (("CKB000000", "COOKING / General"), ("CKB031000", "COOKING / Regional & Ethnic / General")),
        ("recipes", "baking", "seasonal food", "vegetables", "home cooking"),
        ("The {place} Kitchen", "The {adj} Table", "{noun} and Bread", "Cooking by the {noun}"),
        (192, 320),
        ("HB", "EBOOK"),
        1,
    ),
    Genre(
        "travel",
        3,
        "Non-fiction",
        "01",
        (("WTL", "Travel writing"), ("WTH", "Travel and holiday guides")),
        (("WTL", "Travel writing"),),
        (("TRV000000", "TRAVEL / General"), ("TRV010000", "TRAVEL / Essays & Travelogues")),
        ("travel writing", "islands", "mountains", "journey", "walking"),
        ("Walking to {place}", "The {adj} Coast", "Islands of {noun}", "Letters from {place}"),
        (256, 352),
        ("HB", "PB", "EBOOK"),
        1,
    ),
    Genre(
        "science",
        3,
        "Non-fiction",
        "01",
        (("PDZ", "Popular science"), ("PGS", "Astronomy, space and time")),
        (("PDZ", "Popular science"),),
        (("SCI000000", "SCIENCE / General"), ("SCI004000", "SCIENCE / Space Science / General")),
        ("popular science", "space", "the brain", "oceans", "climate"),
        ("The {adj} Universe", "How {plural} Think", "The Science of {noun}", "Beyond the {noun}"),
        (256, 384),
        ("HB", "PB", "EBOOK", "AUDIO"),
        1,
    ),
    Genre(
        "biography",
        3,
        "Non-fiction",
        "01",
        (("DNB", "Biography: general"), ("DNBF", "Biography: arts and entertainment")),
        (("BG", "Biography: general"),),
        (
            ("BIO000000", "BIOGRAPHY & AUTOBIOGRAPHY / General"),
            ("BIO005000", "BIOGRAPHY & AUTOBIOGRAPHY / Entertainment & Performing Arts"),
        ),
        ("biography", "memoir", "twentieth century", "artist"),
        ("A Life in {plural}", "The {adj} Years", "{noun}: A Memoir", "The Woman Who Painted {place}"),
        (288, 448),
        ("HB", "PB", "EBOOK", "AUDIO"),
        1,
    ),
    Genre(
        "picture_book",
        2,
        "Picture book",
        "02",
        (
            ("YBCS", "Children's picture books: Picture storybooks"),
            ("YFP", "Children's / Teenage fiction: Nature and animal stories"),
        ),
        (("YBC", "Picture books"),),
        (
            ("JUV002000", "JUVENILE FICTION / Animals / General"),
            ("JUV039000", "JUVENILE FICTION / Social Themes / General"),
        ),
        ("picture book", "bedtime story", "animals", "friendship", "first words"),
        (
            "{name} and the {adj} {animal}",
            "Where Is {name}'s {noun}?",
            "The {animal} Who Wanted {noun}",
            "Goodnight, {animal}",
        ),
        (32, 32),
        ("HB", "PB", "EBOOK"),
        2,
    ),
    Genre(
        "middle_grade",
        2,
        "Children's fiction",
        "02",
        (
            ("YFH", "Children's / Teenage fiction: Fantasy"),
            ("YFC", "Children's / Teenage fiction: Action and adventure stories"),
        ),
        (
            ("YFH", "Fantasy & magical realism (Children's / Teenage)"),
            ("YFC", "Adventure stories (Children's / Teenage)"),
        ),
        (
            ("JUV037000", "JUVENILE FICTION / Fantasy & Magic"),
            ("JUV001000", "JUVENILE FICTION / Action & Adventure / General"),
        ),
        ("adventure", "magic", "school", "animals", "mystery"),
        ("{name} and the {adj} {noun}", "The Secret of {place}", "The {adj} Map", "{name} Saves the {noun}"),
        (176, 304),
        ("PB", "HB", "EBOOK", "AUDIO"),
        2,
    ),
    Genre(
        "children_nonfiction",
        2,
        "Children's non-fiction",
        "02",
        (
            ("YNNA", "Children's / Teenage general interest: Dinosaurs and prehistoric world"),
            ("YNN", "Children's / Teenage general interest: Nature and animals"),
        ),
        (("YNN", "Natural history (Children's / Teenage)"),),
        (
            ("JNF003000", "JUVENILE NONFICTION / Animals / General"),
            ("JNF037000", "JUVENILE NONFICTION / Science & Nature / General"),
        ),
        ("animals", "dinosaurs", "oceans", "space", "facts"),
        ("The Big Book of {plural}", "All About {plural}", "My First {noun} Atlas", "Amazing {plural}"),
        (48, 96),
        ("HB", "PB"),
        1,
    ),
    Genre(
        "young_adult",
        2,
        "Young adult fiction",
        "03",
        (
            ("YFH", "Children's / Teenage fiction: Fantasy"),
            ("YFM", "Children's / Teenage fiction: Relationship stories"),
            ("YFG", "Children's / Teenage fiction: Science fiction"),
        ),
        (
            ("YFH", "Fantasy & magical realism (Children's / Teenage)"),
            ("YFM", "Romance & relationships stories (Children's / Teenage)"),
        ),
        (
            ("YAF000000", "YOUNG ADULT FICTION / General"),
            ("YAF019000", "YOUNG ADULT FICTION / Fantasy / General"),
            ("YAF052000", "YOUNG ADULT FICTION / Romance / General"),
        ),
        ("young adult", "coming of age", "dystopia", "first love", "rebellion"),
        ("The {adj} Ones", "We Were {plural}", "{noun} and {noun2}", "The Girl from {place}"),
        (304, 448),
        ("PB", "HB", "EBOOK", "AUDIO"),
        2,
    ),
)

ADJECTIVES = (
    "Silent",
    "Hidden",
    "Glass",
    "Winter",
    "Golden",
    "Forgotten",
    "Salt",
    "Midnight",
    "Broken",
    "Painted",
    "Burning",
    "Northern",
    "Quiet",
    "Iron",
    "Paper",
    "Drowned",
    "Last",
    "Wild",
    "Lantern",
    "Copper",
)
NOUNS = (
    "Lighthouse",
    "Orchard",
    "Harbour",
    "Cartographer",
    "Garden",
    "River",
    "Tide",
    "Archive",
    "Feather",
    "Compass",
    "Island",
    "Bridge",
    "Winter",
    "Keeper",
    "Storm",
    "Meadow",
    "Mirror",
    "Lantern",
    "Atlas",
    "Star",
)
PLURALS = ("Birds", "Whales", "Stars", "Oceans", "Trees", "Bees", "Rivers", "Machines", "Wolves", "Islands")
ANIMALS = ("Fox", "Owl", "Badger", "Hare", "Otter", "Heron", "Bear", "Puffin", "Tiger", "Whale")
PLACES = (
    "Ravenscar",
    "Lindisfarne",
    "Whitby",
    "Aldeburgh",
    "Kilmory",
    "Porthcurno",
    "Hollowmere",
    "Saltash",
    "Skye",
    "Rye",
    "Dunmore",
    "Cape Wrath",
    "Morecambe",
    "Ardnamurchan",
    "Ely",
    "Tresco",
)
CHILD_NAMES = ("Milo", "Ada", "Otis", "Nell", "Rafi", "Maisie", "Kit", "Juniper", "Arlo", "Tilly")
FIRST_NAMES = (
    "Amelia",
    "James",
    "Priya",
    "Tom",
    "Eleanor",
    "Kwame",
    "Sophie",
    "Daniel",
    "Aisling",
    "Marcus",
    "Hannah",
    "Oluwaseun",
    "Clare",
    "Rory",
    "Mei",
    "Fiona",
    "Samuel",
    "Imogen",
    "Rhys",
    "Leila",
)
SURNAMES = (
    "Whitaker",
    "Okafor",
    "Fairbairn",
    "Ashworth",
    "Delaney",
    "Mistry",
    "Calloway",
    "Pemberton",
    "Nakamura",
    "Lowther",
    "Gallagher",
    "Achebe",
    "Harcourt",
    "Strand",
    "Mackenzie",
    "Rowe",
    "Ferreira",
    "Quinn",
)
SUBTITLES = {
    "history": ("A New History", "Power, Trade and Ambition", "The Forgotten Story"),
    "nature": ("A Naturalist's Year", "Notes from the Edge of the Land", "Life on the Shore"),
    "cookery": ("Recipes from the Coast", "Simple Food for Every Season", "Baking at Home"),
    "travel": ("A Journey on Foot", "Travels Along the Edge", "Notes from the Road"),
    "science": ("What the Stars Tell Us", "A Short Guide to a Big Idea", "The New Science of Everything"),
    "biography": ("A Life", "The Untold Story", "Portrait of an Artist"),
}
SERIES_NAMES = {
    "crime": ("The {place} Mysteries", "Inspector {surname}"),
    "fantasy": ("The {adj} Crown Trilogy", "Chronicles of {place}"),
    "middle_grade": ("{name}'s Adventures", "The {adj} Map Quartet"),
    "young_adult": ("The {adj} Ones", "Children of {place}"),
    "picture_book": ("{name} the {animal}",),
}
BLURB_OPENINGS = {
    "adult": (
        "A moving and beautifully observed novel",
        "A gripping, atmospheric page-turner",
        "An unforgettable journey",
    ),
    "non_fiction": (
        "An authoritative and vividly written account",
        "A luminous, richly illustrated book",
        "A fresh and surprising look at a familiar subject",
    ),
    "young": (
        "A funny, warm-hearted adventure",
        "A bold and brilliant story for young readers",
        "A beautifully illustrated read-aloud",
    ),
}
REVIEW_QUOTES = (
    "'Utterly absorbing' - The Observer",
    "'I couldn't put it down' - Guardian Books of the Year",
    "'A triumph' - The Bookseller",
    "'Pure joy from the first page' - Sunday Times",
)

# # Sales-rights patterns: (isForSaleWorldwide, forSaleCountryCodes, notForSaleCountryCodes), ISO 3166-1
# alpha-2.
COMMONWEALTH = ("GB", "IE", "AU", "NZ", "ZA", "IN", "SG", "MY", "HK")
WORLD_EXCEPT_NORTH_AMERICA = COMMONWEALTH + (
    "DE",
    "FR",
    "NL",
    "BE",
    "ES",
    "IT",
    "PT",
    "SE",
    "NO",
    "DK",
    "FI",
    "PL",
    "AT",
    "CH",
    "AE",
    "JP",
    "BR",
    "MX",
)
SALES_RIGHTS = (
    (True, (), ()),
    (False, ("GB", "IE", "AU", "NZ"), ("US", "CA")),
    (False, COMMONWEALTH, ()),
    (False, ("US", "CA"), ("GB", "IE")),
    (False, WORLD_EXCEPT_NORTH_AMERICA, ("US", "CA")),
    (False, ("GB", "IE"), ()),
)

TODO_KINDS = (
    ("MANUSCRIPT", "Final manuscript delivered", -300),
    ("MANUSCRIPT", "Copy-edit and picture permissions log returned", -240),
    ("JACKET", "Jacket brief and cover image approved", -200),
    ("JACKET", "Final jacket artwork to printer", -120),
    ("MARKETING", "Catalogue copy and images", -180),
    ("MARKETING", "Publicity images for launch campaign", -45),
    ("OTHER", "Advance information sheet", -150),
)
