"""The query builder: what a title and a placement turn into, and that Getty always accepts it."""

import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integration.getty.query_builder import (
    ALLOWED_PARAMS,
    COMPOSITIONS,
    EDITORIAL_SEGMENTS,
    GRAPHICAL_STYLES,
    MINIMUM_SIZES,
    MOODS,
    NUMBER_OF_PEOPLE,
    ORIENTATIONS,
    PHRASE_MAX_CHARS,
    SORT_ORDERS,
    ProductFact,
    Purpose,
    SearchQuery,
    SubjectFact,
    TitleFacts,
    build_search,
    pixels_for_print,
    print_size_cm,
)

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
    query = build_search(LITERARY, Purpose.INTERIOR)
    assert query.phrase == "lighthouse"
    assert query.suggestions == ("storm", "sea", "historical", "cornwall")


def test_without_keywords_the_phrase_is_the_first_subject():
    facts = TitleFacts(subjects=LITERARY.subjects[1:], genre="Novel")
    query = build_search(facts, Purpose.INTERIOR)
    assert query.phrase == "historical"  # "FICTION / Literary" names only the shelf
    assert query.suggestions == ("cornwall",)
    assert build_search(TitleFacts(), Purpose.INTERIOR).phrase == ""


def test_front_cover_is_vertical_and_needs_the_tallest_products_height_at_300_dpi():
    query = build_search(LITERARY, Purpose.FRONT_COVER)
    assert query.orientations == ("vertical",)
    assert query.product_id == 1
    assert query.min_pixel_height == 2764  # 23.4 cm / 2.54 × 300 = 2763.8
    assert query.minimum_size == "large"  # 2764 × 1843 px at least: 5.1 megapixels
    params = query.to_getty_params("creative")
    assert params["orientations"] == "vertical"
    assert params["minimum_size"] == "large"
    assert "min_pixel_height" not in params


def test_front_cover_for_a_chosen_product_uses_that_products_trim_height():
    query = build_search(LITERARY, Purpose.FRONT_COVER, product_id=2)
    assert query.product_id == 2
    assert query.min_pixel_height == pixels_for_print(19.8) == 2339
    assert query.minimum_size == "medium"  # 2339 × 1559 px: 3.6 megapixels


@pytest.mark.parametrize(
    ("purpose", "orientations", "needs_pixels"),
    [
        (Purpose.FRONT_COVER, ("vertical",), True),
        (Purpose.BACK_COVER, (), True),
        (Purpose.INTERIOR, (), False),
        (Purpose.MARKETING, ("horizontal",), False),
        ("nonsense", (), False),
    ],
)
def test_each_placement_sets_its_filters(purpose, orientations, needs_pixels):
    query = build_search(LITERARY, purpose)
    assert query.orientations == orientations
    assert (query.min_pixel_height is not None) is needs_pixels


def test_cover_without_any_trim_height_says_so_and_sends_no_size():
    facts = TitleFacts(keywords=("harbour",), products=(ProductFact(3, "Ebook", None, "ED"),))
    query = build_search(facts, Purpose.FRONT_COVER)
    assert query.min_pixel_height is None
    assert "minimum_size" not in query.to_getty_params("creative")
    assert any("trim height" in note for note in query.notes)


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
    query = build_search(facts, Purpose.FRONT_COVER)
    params = query.to_getty_params("creative")
    assert query.safe_search is young
    assert ("safe_search" in params) is young
    assert ("exclude_nudity" in params) is young
    if young:
        assert params["safe_search"] == "true" and params["exclude_nudity"] == "true"


def test_childrens_phrase_drops_the_juvenile_fiction_heading_and_adds_the_audience():
    query = build_search(DRAGONS, Purpose.INTERIOR)
    assert query.phrase == "dragon"
    assert query.suggestions == ("fantasy", "magic", "dragons", "childhood")


def test_editorial_never_receives_creative_only_parameters():
    query = SearchQuery(
        phrase="harbour",
        moods=("warm",),
        safe_search=True,
        graphical_styles=("fine_art", "photography"),
        editorial_segments=("news",),
        date_from=date(2020, 1, 1),
        date_to=date(2021, 1, 1),
        sort_order="oldest",
    )
    editorial = query.to_getty_params("editorial")
    assert not {"moods", "safe_search", "exclude_nudity", "license_models"} & editorial.keys()
    assert editorial["graphical_styles"] == "photography"
    assert editorial["editorial_segments"] == "news"
    assert editorial["date_from"] == "2020-01-01" and editorial["date_to"] == "2021-01-01"
    assert editorial["sort_order"] == "oldest"
    creative = query.to_getty_params("creative")
    assert not {"editorial_segments", "date_from", "date_to", "license_models"} & creative.keys()
    assert creative["sort_order"] == "best_match"  # creative has no "oldest"
    assert creative["moods"] == "warm"


def test_lists_are_sent_in_getty_order_so_equal_searches_have_equal_parameters():
    one = SearchQuery(orientations=("vertical", "horizontal"), moods=("warm", "cool"))
    two = SearchQuery(orientations=("horizontal", "vertical"), moods=("cool", "warm"))
    assert one.to_getty_params("creative") == two.to_getty_params("creative")
    assert one.to_getty_params("creative")["orientations"] == "horizontal,vertical"


def test_print_size_is_rounded_down():
    assert print_size_cm(2764) == 23.4
    assert print_size_cm(2763) == 23.3
    assert print_size_cm(None) is None


# --- Property: ANY title metadata yields valid Getty parameters --------------------------------
ENUMS = {
    "orientations": ORIENTATIONS,
    "number_of_people": NUMBER_OF_PEOPLE,
    "compositions": COMPOSITIONS,
    "graphical_styles": GRAPHICAL_STYLES,
    "moods": MOODS,
    "editorial_segments": EDITORIAL_SEGMENTS,
}
any_text = st.text(max_size=300)
heights = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**12), max_value=10**12),
    any_text,
)
subjects = st.builds(SubjectFact, scheme=st.sampled_from(["THEMA", "BISAC", "BIC", "", "x"]) | any_text,
                     code=any_text, description=any_text)  # fmt: skip
products = st.builds(ProductFact, id=st.one_of(st.none(), st.integers()), label=any_text, height_cm=heights,
                     onix_form_code=any_text)  # fmt: skip
facts_strategy = st.builds(
    TitleFacts,
    subjects=st.lists(subjects, max_size=8).map(tuple),
    keywords=st.lists(any_text, max_size=30).map(tuple),
    genre=any_text,
    audience_code=any_text | st.sampled_from(["02", "03", "01", ""]),
    products=st.lists(products, max_size=5).map(tuple),
)


def assert_valid_getty_params(params: dict[str, str], family: str) -> None:
    assert set(params) <= ALLOWED_PARAMS[family]
    assert "license_models" not in params
    assert all(isinstance(v, str) and v for v in params.values())
    assert len(params.get("phrase", "")) <= PHRASE_MAX_CHARS
    assert not re.search(r"[\x00-\x1f\x7f]", params.get("phrase", ""))
    assert 1 <= int(params["page_size"]) <= 100
    assert int(params["page"]) >= 1
    assert params["sort_order"] in SORT_ORDERS[family]
    for key, allowed in ENUMS.items():
        if key in params:
            values = params[key].split(",")
            assert set(values) <= set(allowed)
            assert len(values) == len(set(values))
    if family == "editorial":
        assert "fine_art" not in params.get("graphical_styles", "")
    if "minimum_size" in params:
        assert params["minimum_size"] in MINIMUM_SIZES
    for key in ("safe_search", "exclude_nudity"):
        if key in params:
            assert params[key] == "true"
    for key in ("date_from", "date_to"):
        if key in params:
            date.fromisoformat(params[key])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    facts=facts_strategy,
    purpose=st.sampled_from(Purpose.VALUES) | any_text,
    family=st.sampled_from(["creative", "editorial"]),
    product_id=st.one_of(st.none(), st.integers()),
)
def test_any_title_metadata_yields_valid_getty_parameters(facts, purpose, family, product_id):
    query = build_search(facts, purpose, family=family, product_id=product_id)
    for target in ("creative", "editorial"):
        assert_valid_getty_params(query.to_getty_params(target), target)
    if query.min_pixel_height is not None:
        assert query.min_pixel_height > 0


@settings(max_examples=300, deadline=None)
@given(
    phrase=any_text,
    page=st.integers(min_value=-(10**9), max_value=10**9),
    page_size=st.integers(min_value=-(10**6), max_value=10**6),
    orientations=st.lists(any_text | st.sampled_from(ORIENTATIONS)).map(tuple),
    moods=st.lists(any_text | st.sampled_from(MOODS)).map(tuple),
    segments=st.lists(st.sampled_from(EDITORIAL_SEGMENTS) | any_text).map(tuple),
    codes=st.lists(any_text | st.sampled_from(["MOM", "GYI"])).map(tuple),
    filter_type=any_text | st.sampled_from(["include", "exclude"]),
    sort_order=any_text | st.sampled_from(SORT_ORDERS["editorial"]),
    minimum_size=any_text | st.sampled_from(MINIMUM_SIZES),
    dates=st.tuples(st.one_of(st.none(), st.dates()), st.one_of(st.none(), st.dates())),
)
def test_any_search_form_input_yields_valid_getty_parameters(
    phrase,
    page,
    page_size,
    orientations,
    moods,
    segments,
    codes,
    filter_type,
    sort_order,
    minimum_size,
    dates,
):
    query = SearchQuery(
        phrase=phrase,
        page=page,
        page_size=page_size,
        orientations=orientations,
        moods=moods,
        editorial_segments=segments,
        collection_codes=codes,
        collections_filter_type=filter_type,
        sort_order=sort_order,
        minimum_size=minimum_size,
        date_from=dates[0],
        date_to=dates[1],
        safe_search=True,
    )
    for family in ("creative", "editorial"):
        params = query.to_getty_params(family)
        assert_valid_getty_params(params, family)
        if "date_from" in params and "date_to" in params:
            assert params["date_from"] <= params["date_to"]
        if "collection_codes" in params:
            assert params["collections_filter_type"] in ("include", "exclude")
