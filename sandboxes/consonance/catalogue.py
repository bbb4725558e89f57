"""Generate a deterministic, realistic Consonance catalogue: works, products, subjects, resources and to-dos.

Records are plain dicts keyed by the GraphQL field names, so graphql-core's default resolver reads them
directly. Keys starting with an underscore are the sandbox's own bookkeeping and never reach the schema.
Generated records are treated as immutable: the sandbox state replaces a record instead of changing it,
which is what lets `reset()` restore the seeded catalogue by copying dictionaries rather than regenerating
it.
"""

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from . import vocabulary as vocab

# # Everything generated is relative to this fixed day, so a seed always gives the same catalogue.
# Publication dates # run from 2015 to 2028; last-changed dates are all before this day, i.e. in the past
# for any real clock.
CATALOGUE_AS_OF = date(2026, 10, 1)
LAST_PUBLICATION_DATE = date(2028, 12, 31)
FIRST_WORK_ID = 1001
FIRST_PRODUCT_ID = 50001
FIRST_RESOURCE_ID = 9001
FIRST_TODO_ID = 70001
RESOURCE_HOST = "https://assets.sandbox-consonance.invalid"

FORMATS = {
    # key: (__typename, ONIX 2.1 product form, in-house format)
    "HB": ("PhysicalBookProduct", "BB", {"name": "Hardback", "code": "HB"}),
    "PB": ("PhysicalBookProduct", "BC", {"name": "Paperback", "code": "PB"}),
    "EBOOK": ("ElectronicBookProduct", None, {"name": "Ebook", "code": "EBK"}),
    "AUDIO": ("ElectronicAudioProduct", "AJ", {"name": "Audio download", "code": "AUD"}),
}
EDITIONS = {
    "standard": {"name": "Standard edition", "code": "STD"},
    "export": {"name": "Export edition", "code": "EXP"},
    "special": {"name": "Special illustrated edition", "code": "SPE"},
}


@dataclass
class Catalogue:
    works: list[dict] = field(default_factory=list)  # ascending id
    resources: list[dict] = field(default_factory=list)
    todos: list[dict] = field(default_factory=list)

    @property
    def product_count(self) -> int:
        return sum(len(work["products"]) for work in self.works)


def isbn13(first_twelve: str) -> str:
    """Append the ISBN-13 check digit (weights 1,3,1,3,...; modulo 10)."""
    total = sum(int(digit) * (3 if index % 2 else 1) for index, digit in enumerate(first_twelve))
    return first_twelve + str((10 - total % 10) % 10)


def _readership(genre: vocab.Genre) -> str:
    if genre.audience_code in ("02", "03"):
        return "young"
    return "non_fiction" if genre.work_type == "Non-fiction" else "adult"


def generate_catalogue(*, works: int = 300, seed: int = 2026) -> Catalogue:
    return _Generator(seed).run(works)


class _Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.genres = [genre for genre in vocab.GENRES for _ in range(genre.weight)]
        self.next_product_id = FIRST_PRODUCT_ID
        self.next_resource_id = FIRST_RESOURCE_ID
        self.next_todo_id = FIRST_TODO_ID
        self.isbn_counters = dict.fromkeys(vocab.IMPRINTS, 0)
        self.series: dict[str, list] = {}  # genre key -> [[series record, next part number], ...]

    def run(self, count: int) -> Catalogue:
        catalogue = Catalogue()
        work_id = FIRST_WORK_ID
        for _ in range(count):
            # Ids have gaps, as in any real database, so a client cannot get away with counting.
            work_id += self.rng.choice((1, 1, 1, 2, 3))
            work, resources, todos = self.work(work_id)
            catalogue.works.append(work)
            catalogue.resources.extend(resources)
            catalogue.todos.extend(todos)
        return catalogue

    def work(self, work_id: int) -> tuple[dict, list[dict], list[dict]]:
        rng = self.rng
        genre = rng.choice(self.genres)
        title = self.title(genre)
        subtitle = rng.choice(genre.subtitles) if genre.subtitles else None
        first_published = date(2015, 1, 1) + timedelta(days=rng.randrange(14 * 365))
        changed_on = CATALOGUE_AS_OF - timedelta(days=rng.randrange(0, 700))
        work = {
            "id": work_id,
            "title": title,
            "subtitle": subtitle,
            "workType": genre.work_type,
            "editionNumber": rng.choice((1, 1, 1, 1, 2, 3)),
            "contributorPrettyList": self.contributors(genre),
            "imprint": {"id": genre.imprint, "name": vocab.IMPRINTS[genre.imprint].name},
            "_subjects": self.subjects(genre),
            "seriesMemberships": self.series_memberships(genre),
            "_contractId": 400 + work_id % 97,
            "_changedOn": changed_on,
            "_firstPublished": first_published,
        }
        work["products"] = self.products(work, genre)
        return work, self.resources(work), self.todos(work)

    def title(self, genre: vocab.Genre) -> str:
        rng = self.rng
        nouns = rng.sample(vocab.NOUNS, 2)
        return rng.choice(genre.title_patterns).format(
            adj=rng.choice(vocab.ADJECTIVES),
            noun=nouns[0],
            noun2=nouns[1],
            plural=rng.choice(vocab.PLURALS),
            animal=rng.choice(vocab.ANIMALS),
            place=rng.choice(vocab.PLACES),
            name=rng.choice(vocab.CHILD_NAMES),
        )

    def person(self) -> str:
        return f"{self.rng.choice(vocab.FIRST_NAMES)} {self.rng.choice(vocab.SURNAMES)}"

    def contributors(self, genre: vocab.Genre) -> str:
        author = self.person()
        if genre.key == "picture_book":
            return f"{author} and {self.person()}"
        if genre.key == "cookery" and self.rng.random() < 0.3:
            return f"{author} and {self.person()}"
        return author

    def subjects(self, genre: vocab.Genre) -> list[dict]:
        rng = self.rng
        picked = []
        for scheme, codes in (("BIC", genre.bic), ("THEMA", genre.thema), ("BISAC", genre.bisac)):
            for subject in rng.sample(codes, rng.randint(1, len(codes))):
                picked.append({"scheme": scheme, "code": subject.code, "description": subject.heading})
        return picked

    def series_memberships(self, genre: vocab.Genre) -> list[dict]:
        rng = self.rng
        if not genre.series_names or rng.random() > 0.35:
            return []
        running = self.series.setdefault(genre.key, [])
        if not running or (rng.random() < 0.3 and len(running) < 6):
            name = rng.choice(genre.series_names).format(
                place=rng.choice(vocab.PLACES),
                adj=rng.choice(vocab.ADJECTIVES),
                name=rng.choice(vocab.CHILD_NAMES),
                animal=rng.choice(vocab.ANIMALS),
                surname=rng.choice(vocab.SURNAMES),
            )
            running.append([{"id": 300 + sum(len(v) for v in self.series.values()), "name": name}, 1])
        entry = rng.choice(running)
        entry[1] += 1
        return [{"partNumber": entry[1] - 1, "series": entry[0]}]

    def products(self, work: dict, genre: vocab.Genre) -> list[dict]:
        rng = self.rng
        wanted = max(1, min(len(genre.formats), rng.choice((1, 2, 2, 3, 3, 4))))
        formats = list(genre.formats[:wanted])
        rights = rng.choice(vocab.SALES_RIGHTS)
        height = self.trim_height(genre)
        pages = (
            rng.randrange(genre.min_pages, genre.max_pages + 1, 16)
            if genre.min_pages != genre.max_pages
            else 32
        )
        texts = self.marketing_texts(work, genre)
        keywords = rng.sample(genre.keywords, min(len(genre.keywords), rng.randint(3, 5)))
        products = []
        for position, key in enumerate(formats):
            typename, form, in_house = FORMATS[key]
            if key == "EBOOK":
                form = rng.choice(("DG", "EA"))
            published = work["_firstPublished"]
            if key == "PB" and "HB" in formats:
                published += timedelta(days=rng.randrange(180, 400))
            elif key == "AUDIO" and position > 0:
                published += timedelta(days=rng.choice((0, 0, 30, 90)))
            published = min(published, LAST_PUBLICATION_DATE)
            digital = typename != "PhysicalBookProduct"
            if digital and rng.random() < 0.5:
                worldwide, for_sale, not_for_sale = True, (), ()
            else:
                worldwide, for_sale, not_for_sale = rights.worldwide, rights.for_sale, rights.not_for_sale
            edition = "export" if key == "PB" and rng.random() < 0.1 else "standard"
            product = {
                "__typename": typename,
                "id": self.next_product_id,
                "fullTitle": work["title"],
                "subtitle": work["subtitle"],
                "publicationDate": published,
                "onixPublishingStatusCode": self.publishing_status(published),
                "isbn": {"isbn13": self.isbn(genre.imprint)},
                "onix21ProductFormCode": form,
                "inHouseFormat": in_house,
                "inHouseEdition": EDITIONS["special" if genre.key == "history" and key == "HB" else edition],
                "forSaleCountryCodes": list(for_sale),
                "notForSaleCountryCodes": list(not_for_sale),
                "isForSaleWorldwide": worldwide,
                "marketingTexts": texts,
                "keywords": keywords,
                "audienceCode": genre.audience_code,
                "_workId": work["id"],
                "_changedOn": work["_changedOn"],
            }
            if typename == "PhysicalBookProduct":
                # A paperback of a hardback is usually the smaller B-format.
                product["_heightCm"] = 19.8 if key == "PB" and "HB" in formats and height > 21 else height
                product["approximatePageCount"] = pages
            self.next_product_id += rng.choice((1, 1, 2))
            products.append(product)
        return products

    def trim_height(self, genre: vocab.Genre) -> float:
        if genre.key in ("picture_book", "children_nonfiction"):
            return self.rng.choice((25.0, 27.0, 28.0))
        if genre.key in ("cookery", "history", "nature"):
            return self.rng.choice((23.4, 24.6, 25.0, 26.0))
        return self.rng.choice((17.8, 19.8, 21.6, 22.2, 23.4))

    def publishing_status(self, published: date) -> str:
        if published > CATALOGUE_AS_OF:
            return "_02"  # forthcoming
        if published.year < 2017 and self.rng.random() < 0.15:
            return "_07"  # out of print
        return "_04"  # active

    def isbn(self, imprint_id: int) -> str:
        self.isbn_counters[imprint_id] += 1
        return isbn13(f"{vocab.IMPRINTS[imprint_id].isbn_stem}{self.isbn_counters[imprint_id]:05d}")

    def marketing_texts(self, work: dict, genre: vocab.Genre) -> list[dict]:
        rng = self.rng
        blurb = (
            f"{rng.choice(vocab.BLURB_OPENINGS[_readership(genre)])} from {work['contributorPrettyList']}. "
            f"{work['title']} takes readers from {rng.choice(vocab.PLACES)} to {rng.choice(vocab.PLACES)}: "
            f"{', '.join(rng.sample(genre.keywords, 2))} and more."
        )
        texts = [{"id": work["id"] * 10 + 1, "externalText": blurb}]
        if rng.random() < 0.4:
            texts.append({"id": work["id"] * 10 + 2, "externalText": rng.choice(vocab.REVIEW_QUOTES)})
        return texts

    def resources(self, work: dict) -> list[dict]:
        """A front cover for about a third of the works, as an editor would have uploaded it in Consonance."""
        if self.rng.random() > 0.33:
            return []
        isbn = work["products"][0]["isbn"]["isbn13"]
        stamp = datetime.combine(work["_changedOn"], datetime.min.time(), tzinfo=UTC)
        resource = {
            "id": self.next_resource_id,
            "caption": f"Front cover of {work['title']}",
            "copyright": f"© {work['imprint']['name']}",
            "copyrightHolder": work["imprint"]["name"],
            "requiredCredit": None,
            "resourceVariant": "FRONT_COVER",
            "status": "APPROVED",
            "productIds": [product["id"] for product in work["products"]],
            "url": f"{RESOURCE_HOST}/works/{work['id']}/{isbn}-cover.jpg",
            "filename": f"{isbn}-cover.jpg",
            "width": 1600,
            "height": 2400 if work["imprint"]["id"] != 2 else 1600,
            "fileSize": self.rng.randrange(300_000, 2_500_000),
            "imageContentType": "image/jpeg",
            "isProcessing": False,
            "createdAt": stamp,
            "updatedAt": stamp,
            "externalRef": None,
            "_workId": work["id"],
        }
        self.next_resource_id += 1
        return [resource]

    def todos(self, work: dict) -> list[dict]:
        rng = self.rng
        chosen = [vocab.TODO_KINDS[0], vocab.TODO_KINDS[2], vocab.TODO_KINDS[4]]
        chosen += rng.sample(vocab.TODO_KINDS, rng.randint(0, 2))
        todos = []
        # Earliest due first.
        for todo in sorted(set(chosen), key=lambda todo: -todo.days_before_publication):
            due = work["_firstPublished"] - timedelta(days=todo.days_before_publication)
            todos.append(
                {
                    "id": self.next_todo_id,
                    "workId": work["id"],
                    "title": todo.title,
                    "kind": todo.kind,
                    "dueDate": due,
                    "done": due < CATALOGUE_AS_OF - timedelta(days=14),
                }
            )
            self.next_todo_id += 1
        return todos
