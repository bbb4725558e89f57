"""Getty's search vocabulary: whatever a title or a person asks for, Getty always accepts the parameters."""

import re
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integration.getty.query_builder import (
    COMPOSITIONS,
    EDITORIAL_SEGMENTS,
    GRAPHICAL_STYLES,
    MINIMUM_SIZES,
    MOODS,
    NUMBER_OF_PEOPLE,
    ORIENTATIONS,
    PHRASE_MAX_CHARS,
    SORT_ORDERS,
    SearchQuery,
)
from integration.placements import Placement
from integration.search_prefill import ProductFact, SubjectFact, TitleFacts, search_prefill

# What each family's search accepts (GETTY.md, "Search"), less `fields`, which the client adds.
COMMON_PARAMS = frozenset(
    {
        "phrase", "page", "page_size", "sort_order", "orientations", "number_of_people",
        "compositions", "graphical_styles", "minimum_size", "collection_codes", "collections_filter_type",
    }
)  # fmt: skip
CREATIVE_PARAMS = COMMON_PARAMS | {"moods", "safe_search", "exclude_nudity"}
EDITORIAL_PARAMS = COMMON_PARAMS | {"editorial_segments", "date_from", "date_to"}
ALLOWED_PARAMS = {"creative": CREATIVE_PARAMS, "editorial": EDITORIAL_PARAMS}


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
    purpose=st.sampled_from(Placement.values) | any_text,
    family=st.sampled_from(["creative", "editorial"]),
    product_id=st.one_of(st.none(), st.integers()),
)
def test_any_title_metadata_yields_valid_getty_parameters(facts, purpose, family, product_id):
    prefill = search_prefill(facts, purpose, family=family, product_id=product_id)
    for target in ("creative", "editorial"):
        assert_valid_getty_params(prefill.query.to_getty_params(target), target)
    if prefill.print_need is not None:
        assert prefill.print_need.pixels > 0


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
