"""The subjects a publisher's picture desk searches for, as data the catalogue draws assets from.

Each theme gives subjects (which become titles and keywords), settings, places, who appears in the picture,
how likely it is to be editorial, and the palette and scene kind the preview generator paints.
Names of people and events are invented.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Theme:
    key: str
    subjects: tuple[str, ...]
    settings: tuple[str, ...]
    keywords: tuple[str, ...]
    concepts: tuple[str, ...]
    places: tuple[tuple[str, str], ...]
    scene: str  # what previews.py paints
    palette: tuple[str, str, str]  # sky, ground, accent (hex)
    people: tuple[int, ...] = (0,)  # possible head counts (3 means a group)
    ages: tuple[str, ...] = ("adult",)
    editorial_share: float = 0.1
    segments: tuple[str, ...] = ("news",)
    archival: bool = False
    weight: int = 10
    named_people: tuple[str, ...] = field(default=())
    events: tuple[str, ...] = field(default=())


THEMES: tuple[Theme, ...] = (
    Theme(
        "lighthouse",
        (
            "lighthouse",
            "red and white lighthouse",
            "old stone lighthouse",
            "lighthouse beam",
            "lighthouse keeper",
        ),
        (
            "on a rocky headland",
            "at dusk",
            "in a winter storm",
            "under a starry sky",
            "above crashing waves",
            "at sunrise",
            "in thick fog",
        ),
        ("Lighthouse", "Coastline", "Sea", "Beacon", "Cliff", "Rock", "Navigational Equipment", "Horizon"),
        ("Guidance", "Solitude", "Safety", "Hope"),
        (
            ("Cornwall", "United Kingdom"),
            ("Maine", "United States"),
            ("Brittany", "France"),
            ("Nova Scotia", "Canada"),
            ("Galicia", "Spain"),
        ),
        "lighthouse",
        ("#f4a261", "#264653", "#e63946"),
        people=(0, 0, 0, 1),
        weight=12,
    ),
    Theme(
        "sea",
        (
            "sea",
            "ocean waves",
            "sandy beach",
            "sailing boat",
            "fishing harbour",
            "tide pool",
            "seagulls over the sea",
        ),
        ("at sunset", "on a calm morning", "in rough weather", "from above", "at low tide", "in summer"),
        ("Sea", "Water", "Wave", "Beach", "Coastline", "Horizon Over Water", "Blue"),
        ("Freedom", "Tranquil Scene", "Vacations", "Nature"),
        (
            ("Cornwall", "United Kingdom"),
            ("Algarve", "Portugal"),
            ("Queensland", "Australia"),
            ("Crete", "Greece"),
            ("Cape Cod", "United States"),
        ),
        "sea",
        ("#8ecae6", "#023047", "#ffb703"),
        people=(0, 0, 1, 2),
        weight=12,
    ),
    Theme(
        "landscape",
        (
            "rolling hills",
            "wildflower meadow",
            "river valley",
            "mountain lake",
            "field of wheat",
            "country road",
            "snowy valley",
        ),
        ("at golden hour", "in autumn", "under a dramatic sky", "in spring", "at dawn", "in mist"),
        ("Landscape", "Scenics - Nature", "Rural Scene", "Hill", "Field", "Sky", "Non-Urban Scene"),
        ("Beauty In Nature", "Tranquility", "Idyllic", "Freedom"),
        (
            ("Yorkshire", "United Kingdom"),
            ("Tuscany", "Italy"),
            ("Patagonia", "Argentina"),
            ("Bavaria", "Germany"),
            ("Canterbury", "New Zealand"),
        ),
        "hills",
        ("#a8dadc", "#606c38", "#dda15e"),
        people=(0, 0, 0, 1),
        weight=12,
    ),
    Theme(
        "mountains",
        ("mountain range", "snow-capped peak", "alpine hut", "mountain path", "glacier"),
        ("at sunrise", "above the clouds", "in winter", "under a clear sky", "at twilight"),
        ("Mountain", "Mountain Peak", "Snow", "Landscape", "Rock", "Hiking"),
        ("Adventure", "Challenge", "Majestic", "Remote"),
        (
            ("Alps", "Switzerland"),
            ("Rocky Mountains", "Canada"),
            ("Himalayas", "Nepal"),
            ("Highlands", "United Kingdom"),
        ),
        "mountains",
        ("#caf0f8", "#495057", "#ffffff"),
        people=(0, 0, 1),
        weight=8,
    ),
    Theme(
        "forest",
        (
            "forest",
            "pine forest",
            "beech woodland",
            "forest path",
            "ancient oak tree",
            "rainforest canopy",
            "autumn woods",
        ),
        ("in morning mist", "with sunbeams", "in autumn colours", "after rain", "in winter snow", "at dusk"),
        ("Forest", "Tree", "Woodland", "Nature", "Leaf", "Green Color", "Non-Urban Scene"),
        ("Tranquility", "Environmental Conservation", "Mystery", "Growth"),
        (
            ("Black Forest", "Germany"),
            ("New Forest", "United Kingdom"),
            ("Oregon", "United States"),
            ("Hokkaido", "Japan"),
            ("Borneo", "Malaysia"),
        ),
        "forest",
        ("#d8f3dc", "#1b4332", "#95d5b2"),
        people=(0, 0, 0, 1),
        weight=12,
    ),
    Theme(
        "city",
        (
            "city skyline",
            "busy street",
            "skyscrapers",
            "city bridge",
            "rooftops",
            "city square",
            "tram in the city",
        ),
        ("at night", "at dusk", "in the rain", "from above", "at rush hour", "in winter"),
        (
            "City",
            "Urban Skyline",
            "Cityscape",
            "Building Exterior",
            "Street",
            "Architecture",
            "Downtown District",
        ),
        ("Modern", "Travel Destinations", "City Life", "Urban Scene"),
        (
            ("London", "United Kingdom"),
            ("New York", "United States"),
            ("Tokyo", "Japan"),
            ("Paris", "France"),
            ("Berlin", "Germany"),
            ("Mumbai", "India"),
        ),
        "city",
        ("#3d405b", "#22223b", "#f2cc8f"),
        people=(0, 0, 3),
        editorial_share=0.15,
        weight=12,
        events=("City Marathon", "Festival of Lights"),
    ),
    Theme(
        "children-reading",
        (
            "child reading a book",
            "girl reading",
            "boy reading under a blanket",
            "siblings reading together",
            "children in a library",
            "toddler with a picture book",
        ),
        ("at bedtime", "in a cosy armchair", "in the garden", "at school", "by the window", "on a rainy day"),
        ("Child", "Reading", "Book", "Childhood", "Education", "Learning", "Imagination", "Library"),
        ("Curiosity", "Concentration", "Imagination", "Innocence"),
        (
            ("Manchester", "United Kingdom"),
            ("Toronto", "Canada"),
            ("Melbourne", "Australia"),
            ("Dublin", "Ireland"),
        ),
        "reading",
        ("#ffe8d6", "#6b705c", "#cb997e"),
        people=(1, 1, 2, 3),
        ages=("child", "baby", "adult"),
        editorial_share=0.08,
        segments=("publicity",),
        weight=12,
        events=("World Book Day School Visit",),
    ),
    Theme(
        "family",
        (
            "family at breakfast",
            "parents with children",
            "grandparents and grandchildren",
            "family walk",
            "mother and daughter",
            "father and son",
        ),
        ("at home", "in the park", "on holiday", "in the kitchen", "at the beach"),
        ("Family", "Parent", "Child", "Togetherness", "Home Interior", "Lifestyles"),
        ("Love - Emotion", "Happiness", "Bonding", "Care"),
        (
            ("Leeds", "United Kingdom"),
            ("Chicago", "United States"),
            ("Lyon", "France"),
            ("Cape Town", "South Africa"),
        ),
        "people",
        ("#fefae0", "#bc6c25", "#283618"),
        people=(2, 3, 3),
        ages=("child", "adult", "senior_adult"),
        editorial_share=0.04,
        weight=10,
    ),
    Theme(
        "portrait",
        (
            "portrait of a woman",
            "portrait of a man",
            "elderly man smiling",
            "teenager portrait",
            "author portrait",
            "young woman laughing",
        ),
        ("in natural light", "against a dark background", "outdoors", "in a studio", "at a desk"),
        ("Portrait", "Headshot", "Human Face", "Looking At Camera", "One Person"),
        ("Confidence", "Individuality", "Contemplation", "Happiness"),
        (
            ("London", "United Kingdom"),
            ("Lisbon", "Portugal"),
            ("Seoul", "South Korea"),
            ("Lagos", "Nigeria"),
        ),
        "portrait",
        ("#e9edc9", "#5e503f", "#c6ac8f"),
        people=(1,),
        ages=("adult", "teenager", "senior_adult", "young_adult"),
        editorial_share=0.25,
        segments=("publicity", "entertainment"),
        weight=10,
        named_people=("Helena Marsh", "Tobias Wren", "Amara Okafor", "Jonas Lindqvist"),
        events=("Author Photocall",),
    ),
    Theme(
        "history",
        (
            "victorian street scene",
            "steam locomotive",
            "suffragette march",
            "1920s dance hall",
            "old harbour",
            "market day",
            "horse-drawn carriage",
        ),
        ("in the nineteenth century", "circa 1910", "in the 1920s", "in the 1930s", "in the 1950s"),
        ("History", "Archival", "Old-fashioned", "Retro Style", "Black And White", "Nostalgia"),
        ("Past", "Heritage", "Social History", "Tradition"),
        (
            ("London", "United Kingdom"),
            ("Paris", "France"),
            ("New York", "United States"),
            ("Vienna", "Austria"),
        ),
        "archive",
        ("#e6ccb2", "#7f5539", "#b08968"),
        people=(0, 3, 3, 1),
        ages=("adult", "child"),
        editorial_share=0.65,
        segments=("archival",),
        archival=True,
        weight=10,
        named_people=("Emmeline Hart", "Arthur Pennington"),
    ),
    Theme(
        "war",
        (
            "soldiers in a trench",
            "wartime evacuees",
            "bomber aircraft",
            "war memorial",
            "field of poppies",
            "ration queue",
        ),
        ("in 1916", "in 1940", "in 1944", "on the home front", "at remembrance"),
        ("War", "Armed Forces", "History", "Military", "World War II", "World War I", "Remembrance"),
        ("Conflict", "Courage", "Loss", "Memory"),
        (
            ("Somme", "France"),
            ("London", "United Kingdom"),
            ("Normandy", "France"),
            ("Coventry", "United Kingdom"),
        ),
        "war",
        ("#ced4da", "#495057", "#9d0208"),
        people=(0, 3, 3, 2),
        ages=("adult", "child"),
        editorial_share=0.75,
        segments=("archival", "news"),
        archival=True,
        weight=8,
        named_people=("Captain Walter Ames",),
        events=("Remembrance Sunday",),
    ),
    Theme(
        "science",
        (
            "scientist with a microscope",
            "chemistry laboratory",
            "dna double helix",
            "test tubes",
            "solar panels",
            "robot arm",
        ),
        ("in a laboratory", "close-up", "in blue light", "in a research centre", "in a classroom"),
        ("Science", "Laboratory", "Research", "Technology", "Scientific Experiment", "Chemistry"),
        ("Innovation", "Discovery", "Progress", "Precision"),
        (("Cambridge", "United Kingdom"), ("Geneva", "Switzerland"), ("Boston", "United States")),
        "science",
        ("#caf0f8", "#03045e", "#00b4d8"),
        people=(0, 1, 2),
        editorial_share=0.12,
        weight=8,
        events=("Science Festival",),
    ),
    Theme(
        "food",
        (
            "fresh bread",
            "bowl of fruit",
            "family dinner",
            "vegetable market",
            "cup of coffee",
            "summer picnic",
            "baking cookies",
        ),
        ("on a wooden table", "from above", "in a rustic kitchen", "in sunlight", "at a street market"),
        ("Food", "Food And Drink", "Freshness", "Healthy Eating", "Table", "Meal"),
        ("Abundance", "Comfort", "Celebration", "Simplicity"),
        (("Naples", "Italy"), ("Provence", "France"), ("Oaxaca", "Mexico"), ("Bristol", "United Kingdom")),
        "food",
        ("#fff3b0", "#9e2a2b", "#e09f3e"),
        people=(0, 0, 1, 3),
        editorial_share=0.04,
        weight=8,
    ),
    Theme(
        "animals",
        (
            "red fox",
            "barn owl",
            "horse in a field",
            "dog",
            "elephant herd",
            "humpback whale",
            "hedgehog",
            "cat",
        ),
        ("in the snow", "at dawn", "in the wild", "in the grass", "close-up", "in the garden"),
        ("Animal", "Wildlife", "Animals In The Wild", "Mammal", "Nature", "Animal Themes"),
        ("Wilderness", "Cute", "Curiosity", "Nature"),
        (
            ("Scottish Highlands", "United Kingdom"),
            ("Serengeti", "Tanzania"),
            ("Yellowstone", "United States"),
            ("Lapland", "Finland"),
        ),
        "animal",
        ("#edf6f9", "#83c5be", "#e29578"),
        people=(0,),
        editorial_share=0.06,
        weight=10,
    ),
    Theme(
        "space",
        (
            "night sky",
            "spiral galaxy",
            "astronaut",
            "planet earth from orbit",
            "full moon",
            "milky way",
            "rocket launch",
        ),
        ("over a dark landscape", "in deep space", "at night", "seen from orbit", "with stars"),
        ("Space", "Astronomy", "Star - Space", "Night", "Planet - Space", "Galaxy", "Moon"),
        ("Exploration", "Infinity", "Futuristic", "Wonder"),
        (("Atacama Desert", "Chile"), ("Florida", "United States"), ("Kielder", "United Kingdom")),
        "space",
        ("#03071e", "#370617", "#ffba08"),
        people=(0, 0, 0, 1),
        editorial_share=0.15,
        weight=10,
        events=("Lunar Mission Launch",),
    ),
    Theme(
        "books",
        (
            "stack of books",
            "library shelves",
            "open book",
            "bookshop window",
            "reading glasses on a book",
            "antique books",
        ),
        ("in warm light", "close-up", "in a quiet library", "on a desk", "by the fire"),
        ("Book", "Library", "Literature", "Reading", "Bookshelf", "Education"),
        ("Knowledge", "Learning", "Wisdom", "Leisure Activity"),
        (("Oxford", "United Kingdom"), ("Hay-on-Wye", "United Kingdom"), ("Prague", "Czech Republic")),
        "books",
        ("#f1e3d3", "#6f1d1b", "#bb9457"),
        people=(0, 0, 1),
        editorial_share=0.05,
        weight=8,
    ),
    Theme(
        "sport",
        ("football match", "marathon runners", "tennis final", "cricket match", "cycling race", "swimmers"),
        ("in the stadium", "at the finish line", "in the rain", "in front of the crowd", "at the final"),
        ("Sport", "Athlete", "Competition", "Stadium", "Team Sport", "Action"),
        ("Victory", "Effort", "Teamwork", "Determination"),
        (
            ("Manchester", "United Kingdom"),
            ("Melbourne", "Australia"),
            ("Madrid", "Spain"),
            ("Boston", "United States"),
        ),
        "sport",
        ("#90e0ef", "#2d6a4f", "#ffffff"),
        people=(1, 2, 3, 3),
        ages=("adult", "young_adult"),
        editorial_share=0.9,
        segments=("sport",),
        weight=8,
        named_people=("Amara Okafor", "Leo Castellan", "Nadia Petrova", "Ruairi Byrne"),
        events=("Northern Cup Final", "City Marathon", "Open Tennis Championships"),
    ),
    Theme(
        "entertainment",
        (
            "author at a book festival",
            "film premiere",
            "book signing",
            "theatre opening night",
            "award ceremony",
        ),
        ("on the red carpet", "on stage", "at the festival", "during the ceremony", "in the signing tent"),
        ("Arts Culture and Entertainment", "Celebrities", "Event", "Premiere", "Literary Festival"),
        ("Fame", "Celebration", "Glamour", "Culture"),
        (
            ("Edinburgh", "United Kingdom"),
            ("Cannes", "France"),
            ("Los Angeles", "United States"),
            ("Hay-on-Wye", "United Kingdom"),
        ),
        "stage",
        ("#22223b", "#4a4e69", "#f2e9e4"),
        people=(1, 2, 3),
        ages=("adult",),
        editorial_share=0.95,
        segments=("entertainment", "publicity"),
        weight=8,
        named_people=("Helena Marsh", "Tobias Wren", "Iris Achebe", "Marco Bellini"),
        events=("Edinburgh Book Festival", "Spring Literary Awards", "Riverside Film Premiere"),
    ),
    Theme(
        "news",
        (
            "protest march",
            "election count",
            "royal visit",
            "parliament debate",
            "flood rescue",
            "press conference",
        ),
        ("in the city centre", "outside parliament", "at the town hall", "during the storm", "at the palace"),
        ("News Event", "Politics", "Government", "Crowd", "Royalty", "Democracy"),
        ("Society", "Public Life", "Change", "Protest"),
        (
            ("London", "United Kingdom"),
            ("Brussels", "Belgium"),
            ("Washington DC", "United States"),
            ("Edinburgh", "United Kingdom"),
        ),
        "crowd",
        ("#dee2e6", "#343a40", "#d00000"),
        people=(1, 3, 3),
        ages=("adult",),
        editorial_share=1.0,
        segments=("news", "royalty"),
        weight=8,
        named_people=("Prime Minister Eleanor Cole", "Prince Frederick", "Mayor Samuel Osei"),
        events=("General Election Count", "Royal Visit to the North", "Climate March"),
    ),
)

ADJECTIVES = ("beautiful", "quiet", "dramatic", "bright", "moody", "vintage", "colourful", "peaceful", "bold")

ARTISTS = (
    "Jane Doe",
    "Tomasz Nowak",
    "Aiko Tanaka",
    "Marcus Reid",
    "Sofia Lindberg",
    "Oluwaseun Adeyemi",
    "Clara Jensen",
    "Diego Alvarez",
    "Hannah Price",
    "Ravi Menon",
    "Isabel Costa",
    "Kenji Mori",
    "Fiona Gallagher",
    "Pieter de Vries",
    "Leila Haddad",
    "Owen Parry",
    "Mei Chen",
    "Lukas Brandt",
    "Grace Mensah",
    "Elliot Hayes",
    "Nora Quinn",
    "Samuel Okoro",
    "Valentina Russo",
    "Anders Holm",
    "Priya Shah",
    "Julien Moreau",
    "Catriona Bell",
    "Yusuf Demir",
    "Beatriz Lima",
    "Connor Walsh",
)

# Collections: (code, id, name, family, license model, credit form). Credit forms: "{artist}" is replaced.
CREATIVE_RF_COLLECTIONS = (
    ("MOM", 10001, "Moment", "{artist}/Moment/Getty Images"),
    ("EPL", 10002, "E+", "{artist}/E+/Getty Images"),
    ("DV", 10003, "DigitalVision", "{artist}/DigitalVision/Getty Images"),
    ("PHD", 10004, "Photodisc", "{artist}/Photodisc/Getty Images"),
)
CREATIVE_ILLUSTRATION_COLLECTIONS = (
    ("DVV", 10005, "DigitalVision Vectors", "{artist}/DigitalVision Vectors/Getty Images"),
)
CREATIVE_RM_COLLECTIONS = (
    ("STO", 10011, "Stone", "{artist}/Stone/Getty Images"),
    ("TIB", 10012, "The Image Bank", "{artist}/The Image Bank/Getty Images"),
)
EDITORIAL_COLLECTIONS = {
    "news": (
        ("GTY", 20001, "Getty Images News", "{artist}/Getty Images"),
        ("AFP", 20002, "AFP", "{artist}/AFP via Getty Images"),
    ),
    "royalty": (("GTY", 20001, "Getty Images News", "{artist}/Getty Images"),),
    "sport": (
        ("GIS", 20003, "Getty Images Sport", "{artist}/Getty Images"),
        ("AFP", 20002, "AFP", "{artist}/AFP via Getty Images"),
    ),
    "entertainment": (
        ("GIE", 20004, "Getty Images Entertainment", "{artist}/Getty Images"),
        ("WIR", 20005, "WireImage", "{artist}/WireImage"),
    ),
    "publicity": (("GIE", 20004, "Getty Images Entertainment", "{artist}/Getty Images"),),
    "archival": (
        ("HUL", 20006, "Hulton Archive", "Hulton Archive/Getty Images"),
        ("CBH", 20007, "Corbis Historical", "Corbis via Getty Images"),
    ),
}

ETHNICITIES = (
    "black",
    "east_asian",
    "hispanic_latinx",
    "middle_eastern",
    "multiethnic_group",
    "south_asian",
    "white",
)


@dataclass(frozen=True)
class Event:
    id: int
    name: str
    theme: str


def _events() -> list[Event]:
    events, next_id = [], 775_000_001
    for theme in THEMES:
        for name in theme.events:
            events.append(Event(next_id, name, theme.key))
            next_id += 17
    return events


EVENTS = _events()
EVENTS_BY_ID = {e.id: e for e in EVENTS}
EVENTS_BY_THEME: dict[str, list[Event]] = {}
for _event in EVENTS:
    EVENTS_BY_THEME.setdefault(_event.theme, []).append(_event)
