"""The search prefill: what a title and a placement turn into, and the print size a placement needs."""

from decimal import Decimal

import pytest

from integration.placements import Placement, pixels_for_print, print_size_cm
from integration.search_prefill import ProductFact, SubjectFact, TitleFacts, search_prefill

LITERARY = TitleFacts(
    subjects=(
        SubjectFact("THEMA", "FBA", "Modern & contemporary fiction"),
        SubjectFact("BISAC", "FIC019000", "FICTION / Literary"),
        SubjectFact("BISAC", "FIC014000", "FICTION / Historical / General"),
        SubjectFact("THEMA", "1DDU-GB-ESC", "Cornwall"),
    ),
    keywords=("lighthouse", "storm at sea"),
    genre="Novel",
    products=(
        ProductFact(1, "Hardback", "23.4", "BB"),
        ProductFact(2, "Paperback", "19.8", "BC"),
        ProductFact(3, "Ebook", None, "ED"),
    ),
)
DRAGONS = TitleFacts(
    subjects=(SubjectFact("BISAC", "JUV037000", "JUVENILE FICTION / Fantasy & Magic / Dragons"),),
    keywords=("dragon",),
    audience_code="02",
    products=(ProductFact(7, "Paperback", 19.8, "BC"),),
)


def test_phrase_is_the_first_keyword_and_the_other_words_without_catalogue_words_are_suggestions():
    prefill = search_prefill(LITERARY, Placement.INTERIOR)
    assert prefill.query.phrase == "lighthouse"
    assert prefill.suggestions == ("storm", "sea", "historical", "cornwall")


def test_without_keywords_the_phrase_is_the_first_subject():
    facts = TitleFacts(subjects=LITERARY.subjects[1:], genre="Novel")
    prefill = search_prefill(facts, Placement.INTERIOR)
    assert prefill.query.phrase == "historical"  # "FICTION / Literary" names only the shelf
    assert prefill.suggestions == ("cornwall",)
    assert search_prefill(TitleFacts(), Placement.INTERIOR).query.phrase == ""


def test_front_cover_is_vertical_and_needs_the_tallest_products_height_at_300_dpi():
    prefill = search_prefill(LITERARY, Placement.FRONT_COVER)
    query = prefill.query
    assert query.orientations == ("vertical",)
    assert prefill.product_id == 1
    assert prefill.print_need.pixels == 2764  # 23.4 cm / 2.54 × 300 = 2763.8
    assert prefill.print_need.trim_height_cm == 23.4
    assert query.minimum_size == "large"  # 2764 × 1843 px at least: 5.1 megapixels
    params = query.to_getty_params("creative")
    assert params["orientations"] == "vertical"
    assert params["minimum_size"] == "large"


def test_front_cover_for_a_chosen_product_uses_that_products_trim_height():
    prefill = search_prefill(LITERARY, Placement.FRONT_COVER, product_id=2)
    assert prefill.product_id == 2
    assert prefill.print_need.pixels == pixels_for_print(19.8, placement=Placement.FRONT_COVER) == 2339
    assert prefill.query.minimum_size == "medium"  # 2339 × 1559 px: 3.6 megapixels


@pytest.mark.parametrize(
    ("purpose", "orientations", "needs_pixels"),
    [
        (Placement.FRONT_COVER, ("vertical",), True),
        (Placement.BACK_COVER, (), True),
        (Placement.INTERIOR, (), False),
        (Placement.MARKETING, ("horizontal",), False),
        ("nonsense", (), False),
    ],
)
def test_each_placement_sets_its_filters(purpose, orientations, needs_pixels):
    prefill = search_prefill(LITERARY, purpose)
    assert prefill.query.orientations == orientations
    assert (prefill.print_need is not None) is needs_pixels


def test_cover_without_any_trim_height_says_so_and_sends_no_size():
    facts = TitleFacts(keywords=("harbour",), products=(ProductFact(3, "Ebook", None, "ED"),))
    prefill = search_prefill(facts, Placement.FRONT_COVER)
    assert prefill.print_need is None
    assert "minimum_size" not in prefill.query.to_getty_params("creative")
    assert any("trim height" in note for note in prefill.notes)


@pytest.mark.parametrize(
    ("facts", "young"),
    [
        (DRAGONS, True),
        (TitleFacts(audience_code="03"), True),
        (TitleFacts(subjects=(SubjectFact("THEMA", "YFH", "Children's / Teenage fiction: Fantasy"),)), True),
        (TitleFacts(subjects=(SubjectFact("BISAC", "YAF019000", "YOUNG ADULT FICTION / Fantasy"),)), True),
        (LITERARY, False),
        (TitleFacts(audience_code="01"), False),
    ],
)
def test_childrens_and_young_adult_titles_turn_on_safe_search(facts, young):
    query = search_prefill(facts, Placement.FRONT_COVER).query
    params = query.to_getty_params("creative")
    assert query.safe_search is young
    assert ("safe_search" in params) is young
    assert ("exclude_nudity" in params) is young
    if young:
        assert params["safe_search"] == "true" and params["exclude_nudity"] == "true"


def test_childrens_phrase_drops_the_juvenile_fiction_heading_and_adds_the_audience():
    prefill = search_prefill(DRAGONS, Placement.INTERIOR)
    assert prefill.query.phrase == "dragon"
    assert prefill.suggestions == ("fantasy", "magic", "dragons", "childhood")


def test_print_size_is_rounded_down():
    assert print_size_cm(2764) == 23.4
    assert print_size_cm(2763) == 23.3
    assert print_size_cm(None) is None


@pytest.mark.parametrize(
    ("height_cm", "placement", "pixels"),
    [
        (Decimal("23.4"), Placement.FRONT_COVER, 2764),  # 2763.8, rounded up
        (Decimal("16.51"), Placement.FRONT_COVER, 1950),  # exactly 6.5 in: no extra pixel from float noise
        (16.51, Placement.BACK_COVER, 1950),
        ("16.51", Placement.MARKETING, 1950),
        (Decimal("16.51"), Placement.INTERIOR, 975),  # half a page
        (Decimal("23.4"), Placement.INTERIOR, 1382),  # 1381.9, rounded up
    ],
)
def test_a_placement_needs_its_share_of_the_trim_height_at_300_dpi(height_cm, placement, pixels):
    assert pixels_for_print(height_cm, placement=placement) == pixels
