"""The generated Consonance catalogue: deterministic, realistic enough for a picture editor, fast at size."""

import time
from collections import Counter
from datetime import date

from sandboxes.consonance.catalogue import CATALOGUE_AS_OF, generate_catalogue, isbn13
from sandboxes.consonance.state import SandboxState


def test_isbn_check_digit_matches_a_published_isbn():
    assert isbn13("978030640615") == "9780306406157"
    assert isbn13("978186197271") == "9781861972712"


def test_same_seed_gives_the_same_catalogue_and_another_seed_another():
    first, again, other = (generate_catalogue(works=50, seed=s) for s in (7, 7, 8))

    assert first.works == again.works
    assert [w["title"] for w in first.works] != [w["title"] for w in other.works]


def test_catalogue_covers_formats_audiences_rights_and_dates():
    catalogue = generate_catalogue(works=300, seed=2026)
    products = [product for work in catalogue.works for product in work["products"]]
    forms = Counter(product["onix21ProductFormCode"] for product in products)
    published = [product["publicationDate"] for product in products]

    assert all(1 <= len(work["products"]) <= 4 for work in catalogue.works)
    assert {"BB", "BC", "AJ"} <= set(forms) and {"DG", "EA"} & set(forms)
    assert {"01", "02", "03"} <= {product["audienceCode"] for product in products}
    assert min(published) >= date(2015, 1, 1) and max(published) <= date(2028, 12, 31)
    assert any(day > CATALOGUE_AS_OF for day in published) and any(day < CATALOGUE_AS_OF for day in published)
    assert any(product["isForSaleWorldwide"] for product in products)
    assert any(product["notForSaleCountryCodes"] for product in products)
    assert all(work["_changedOn"] <= CATALOGUE_AS_OF for work in catalogue.works)
    assert {todo["kind"] for todo in catalogue.todos} == {"MANUSCRIPT", "JACKET", "MARKETING", "OTHER"}
    assert catalogue.resources and all(r["resourceVariant"] == "FRONT_COVER" for r in catalogue.resources)


def test_childrens_and_young_adult_works_carry_matching_subjects_and_audience():
    catalogue = generate_catalogue(works=300, seed=2026)

    for work in catalogue.works:
        audiences = {product["audienceCode"] for product in work["products"]}
        codes = {subject["code"] for subject in work["_subjects"]}
        if audiences & {"02", "03"}:
            assert any(code.startswith(("Y", "JUV", "JNF", "YAF")) for code in codes), work["title"]
        if audiences == {"03"}:
            assert any(code.startswith("YAF") for code in codes)
        assert all(subject["description"] for subject in work["_subjects"])


def test_five_thousand_works_generate_and_reset_quickly():
    started = time.perf_counter()
    catalogue = generate_catalogue(works=5000, seed=2026)
    generated = time.perf_counter() - started
    state = SandboxState(catalogue)
    state.remove_work(catalogue.works[0]["id"])
    started = time.perf_counter()
    state.reset()
    reset = time.perf_counter() - started

    assert len(catalogue.works) == 5000
    # Generous bounds for a loaded CI machine; typical figures are 0.3 s and under 2 ms.
    assert generated < 5.0
    assert reset < 0.25
    assert state.counts()["works"] == 5000
