import datetime as dt

import factory
from django.utils import timezone

from integration.models import Product, Title


def isbn13_with_check_digit(first12: str) -> str:
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(first12))
    return first12 + str((10 - total % 10) % 10)


class TitleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Title

    consonance_id = factory.Sequence(lambda n: 10_000 + n)
    title = factory.Sequence(lambda n: f"The Lighthouse Keeper's Daughter {n}")
    subtitle = ""
    work_type = "Novel"
    contributors = "Ada Marsh"
    imprint_id = 1
    imprint_name = "Harbour Books"
    subjects = factory.LazyFunction(
        lambda: [
            {"scheme": "THEMA", "code": "FBA", "description": "Modern and contemporary fiction"},
            {"scheme": "BISAC", "code": "FIC019000", "description": "FICTION / Literary"},
        ]
    )
    subject_text = factory.LazyAttribute(
        lambda o: " ".join(f"{s['code']} {s['description']}" for s in o.subjects).lower()
    )
    first_publication_date = dt.date(2027, 3, 4)
    synced_at = factory.LazyFunction(timezone.now)


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    consonance_id = factory.Sequence(lambda n: 50_000 + n)
    title = factory.SubFactory(TitleFactory)
    full_title = factory.LazyAttribute(lambda o: o.title.title)
    kind = "PhysicalBookProduct"
    isbn13 = factory.Sequence(lambda n: isbn13_with_check_digit(f"978178{n:06d}"))
    onix_form_code = "BB"
    format_name = "Hardback"
    publication_date = dt.date(2027, 3, 4)
    publishing_status = "02"
    for_sale_countries = factory.LazyFunction(lambda: ["GB", "IE"])
    for_sale_worldwide = False
    height_cm = 23.4
    page_count = 320
    synced_at = factory.LazyFunction(timezone.now)
