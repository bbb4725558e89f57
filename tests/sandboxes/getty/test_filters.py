"""Each Getty search filter narrows the results, and every result it lets through satisfies it."""

import pytest
import requests

from sandboxes.getty.search import color_distance
from sandboxes.getty.vocabulary import EVENTS
from sandboxes.getty.words import keyword_id
from tests.fixtures.getty import GETTY_TEST_KEY

FRONT_COVER_PX = 2835  # 24 cm at 300 dpi


def search(getty, family="creative", **params) -> dict:
    response = requests.get(
        f"{getty.url}/v3/search/images/{family}",
        params=params,
        headers={"Api-Key": GETTY_TEST_KEY},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return response.json()


def first_pages(getty, family="creative", **params):
    """Catalogue assets of the first 300 results, and the total."""
    images, total = [], 0
    for page in (1, 2, 3):
        body = search(getty, family, page=page, page_size=100, fields="id", **params)
        total = body["result_count"]
        images += body["images"]
    return [getty.app.catalogue.get(i["id"]) for i in images], total


CREATIVE = [
    ("orientations", "vertical", lambda a: a.orientation == "Vertical"),
    (
        "orientations",
        "panoramic_horizontal,square",
        lambda a: a.orientation in ("PanoramicHorizontal", "Square"),
    ),
    ("number_of_people", "none", lambda a: a.number_of_people == 0),
    ("number_of_people", "group", lambda a: a.number_of_people >= 3),
    ("compositions", "close_up", lambda a: "close_up" in a.compositions),
    ("graphical_styles", "illustration,vector", lambda a: a.graphical_style in ("illustration", "vector")),
    ("minimum_size", "x_large", lambda a: a.width * a.height >= 12_000_000),
    ("minimum_size", "vector", lambda a: a.graphical_style == "vector"),
    ("moods", "black_and_white", lambda a: "black_and_white" in a.moods),
    ("safe_search", "true", lambda a: not a.nudity),
    ("exclude_nudity", "True", lambda a: not a.nudity),
    ("exclude_editorial_use_only", "true", lambda a: not a.editorial_use_only),
    ("collection_codes", "MOM,EPL", lambda a: a.collection_code in ("MOM", "EPL")),
    ("age_of_people", "child", lambda a: "child" in a.ages),
    ("age_of_people", "6-7_years", lambda a: "child" in a.ages),
    ("ethnicity", "east_asian", lambda a: "east_asian" in a.ethnicities),
    ("artists", "Jane Doe", lambda a: a.artist == "Jane Doe"),
    ("file_types", "eps", lambda a: "eps" in a.file_types),
    ("keyword_ids", keyword_id("Lighthouse"), lambda a: any(k["text"] == "Lighthouse" for k in a.keywords)),
    ("exclude_keyword_ids", keyword_id("Sea"), lambda a: all(k["text"] != "Sea" for k in a.keywords)),
    ("embed_content_only", "true", lambda a: a.embeddable),
    ("download_product", "royaltyfreesubscription", lambda a: a.license_model == "royaltyfree"),
    ("color", "264653", lambda a: color_distance("264653", a.color.lstrip("#")) <= 110),
]


@pytest.mark.parametrize("param,value,holds", CREATIVE, ids=[f"{c[0]}={c[1]}" for c in CREATIVE])
def test_creative_filter_narrows_and_holds(getty, param, value, holds):
    _, everything = first_pages(getty)
    results, total = first_pages(getty, **{param: value})
    assert 0 < total < everything
    assert all(holds(a) for a in results)
    assert all(a.asset_family == "creative" for a in results)


def test_safe_search_has_something_to_remove(getty):
    assert any(a.nudity for a in getty.app.catalogue)


def test_filter_types_exclude(getty):
    results, _ = first_pages(getty, collection_codes="MOM", collections_filter_type="exclude")
    assert results and all(a.collection_code != "MOM" for a in results)
    results, _ = first_pages(getty, graphical_styles="photography", graphical_styles_filter_type="exclude")
    assert results and all(a.graphical_style != "photography" for a in results)


EDITORIAL = [
    ("editorial_segments", "sport", lambda a: "sport" in a.editorial_segments),
    ("editorial_segments", "archival,royalty", lambda a: set(a.editorial_segments) & {"archival", "royalty"}),
    ("date_from", "2020-01-01", lambda a: a.date_created.year >= 2020),
    ("date_to", "1950-12-31", lambda a: a.date_created.year <= 1950),
    ("event_ids", str(EVENTS[0].id), lambda a: EVENTS[0].id in a.event_ids),
    ("specific_people", "Amara Okafor", lambda a: "Amara Okafor" in a.people),
    ("minimum_quality_rank", "1", lambda a: a.quality_rank == 1),
    ("number_of_people", "one", lambda a: a.number_of_people == 1),
    ("collection_codes", "AFP", lambda a: a.collection_code == "AFP"),
]


@pytest.mark.parametrize("param,value,holds", EDITORIAL, ids=[f"{e[0]}={e[1]}" for e in EDITORIAL])
def test_editorial_filter_narrows_and_holds(getty, param, value, holds):
    _, everything = first_pages(getty, "editorial")
    results, total = first_pages(getty, "editorial", **{param: value})
    assert 0 < total < everything
    assert all(holds(a) for a in results)


def test_date_window_on_both_ends(getty):
    results, total = first_pages(getty, "editorial", date_from="2015-01-01", date_to="2015-12-31")
    assert total > 0
    assert all(a.date_created.year == 2015 for a in results)


@pytest.mark.parametrize("phrase", ["lighthouse", "forest", "city", "child reading"])
def test_common_phrases_have_pictures_that_pass_and_fail_a_front_cover_check(getty, phrase):
    passing, total = first_pages(getty, phrase=phrase, orientations="vertical")
    assert any(a.height >= FRONT_COVER_PX for a in passing)
    assert any(a.height < FRONT_COVER_PX for a in passing)
    everything, _ = first_pages(getty, phrase=phrase)
    assert any(a.orientation != "Vertical" for a in everything)


def test_catalogue_holds_the_variety_a_picture_desk_meets(getty):
    catalogue = list(getty.app.catalogue)
    assert len(catalogue) >= 5000
    assert {a.license_model for a in catalogue} == {"royaltyfree", "rightsmanaged"}
    assert {a.release_info for a in catalogue} >= {
        "Model released",
        "Property released",
        "No release required",
        "Not released. More information",
    }
    assert any(a.usage_restrictions and a.asset_family == "creative" for a in catalogue)
    sizes = [a.width * a.height for a in catalogue]
    assert min(sizes) <= 800 * 600 and max(sizes) >= 8000 * 12000
    assert {"Moment", "Stone", "DigitalVision", "E+", "AFP", "Getty Images News", "Hulton Archive"} <= {
        a.collection_name for a in catalogue
    }


@pytest.mark.parametrize(
    "name, value",
    [
        ("graphical_styles_filter_type", "\r"),
        ("collections_filter_type", " , "),
        ("sort_order", "best_match,newest"),
        ("minimum_size", ","),
    ],
)
def test_single_choice_parameters_refuse_blank_or_several_values(getty, name, value):
    response = requests.get(
        f"{getty.url}/v3/search/images/creative",
        params={name: value},
        headers={"Api-Key": GETTY_TEST_KEY},
        timeout=10,
    )
    assert response.status_code == 400
    body = response.json()
    assert body["ErrorCode"] == "InvalidParameterValue" and f"for parameter '{name}'" in body["ErrorMessage"]
