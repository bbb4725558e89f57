"""Getty sandbox search over a real socket: parameters, fields shaping, paging, sorting, filters."""

import pytest
import requests

from integration.search_prefill import TitleFacts, title_term_groups
from sandboxes.consonance.vocabulary import GENRES
from sandboxes.getty.vocabulary import SYNONYMS
from tests.fixtures.getty import GETTY_TEST_KEY

FRONT_COVER_PX = 2835  # 24 cm at 300 dpi


def search(getty, family="creative", **params) -> requests.Response:
    return requests.get(
        f"{getty.url}/v3/search/images/{family}",
        params=params,
        headers={"Api-Key": GETTY_TEST_KEY},
        timeout=10,
    )


def found(getty, family="creative", **params) -> dict:
    response = search(getty, family, **params)
    assert response.status_code == 200, response.text
    return response.json()


def ids(body) -> list[str]:
    return [image["id"] for image in body["images"]]


def everything(getty, family="creative", **params) -> list[dict]:
    """Every matching image (up to 1000) with `fields`, by walking the pages."""
    images, page = [], 1
    while True:
        body = found(getty, family, page=page, page_size=100, **params)
        images += body["images"]
        if len(images) >= body["result_count"] or not body["images"] or page == 10:
            return images
        page += 1


def assets(getty, images):
    return [getty.app.catalogue.get(i["id"]) for i in images]


# --- phrase, paging, sort ---------------------------------------------------------------------------


def test_phrase_matches_title_caption_and_keywords_with_plurals(getty):
    singular = found(getty, phrase="lighthouse")
    plural = found(getty, phrase="Lighthouses")
    assert singular["result_count"] > 100
    assert singular["result_count"] == plural["result_count"]
    for asset in assets(getty, singular["images"]):
        assert (
            "lighthouse"
            in (asset.title + asset.caption + " ".join(k["text"] for k in asset.keywords)).lower()
        )


def test_every_word_of_the_phrase_must_match(getty):
    both = found(getty, phrase="children reading")["result_count"]
    assert 0 < both < found(getty, phrase="reading")["result_count"]
    assert found(getty, phrase="lighthouse elephant")["result_count"] == 0


def test_a_word_the_catalogue_pictures_under_another_word_finds_those_pictures(getty):
    murders = found(getty, phrase="murder", page_size=100)
    assert murders["result_count"] > 0
    assert murders["auto_corrections"]["phrase"] is None  # a known word, not a misspelling
    for asset in assets(getty, murders["images"]):
        assert "mystery" in " ".join(k["text"] for k in asset.keywords).lower() + asset.title.lower()
    # Every word must still match, through itself or a synonym.
    assert found(getty, phrase="murder lighthouse")["result_count"] == 0


def test_every_word_of_the_consonance_sandbox_keywords_finds_pictures_on_its_own(getty):
    vocabulary = getty.app.catalogue.vocabulary()
    assert {target for targets in SYNONYMS.values() for target in targets} <= vocabulary
    for genre in GENRES:
        words = [word for group in title_term_groups(TitleFacts(keywords=genre.keywords)) for word in group]
        for word in words:
            assert found(getty, phrase=word, fields="id")["result_count"] > 0, (genre.keywords, word)


def test_paging_splits_result_count_without_overlap(getty):
    first = found(getty, phrase="forest", page_size=10)
    second = found(getty, phrase="forest", page_size=10, page=2)
    assert first["result_count"] == second["result_count"] > 20
    assert len(first["images"]) == len(second["images"]) == 10
    assert not set(ids(first)) & set(ids(second))
    assert found(getty, phrase="forest", page=999)["images"] == []


def test_default_page_size_is_30(getty):
    assert len(found(getty, phrase="city")["images"]) == 30


@pytest.mark.parametrize("value", ["101", "ten", "0"])
def test_bad_page_size_is_invalid_request(getty, value):
    response = search(getty, phrase="city", page_size=value)
    assert response.status_code == 400
    assert response.json()["ErrorCode"] == "InvalidRequest"


def test_sort_orders(getty):
    newest = assets(getty, found(getty, "editorial", phrase="festival", sort_order="newest")["images"])
    assert [a.date_created for a in newest] == sorted((a.date_created for a in newest), reverse=True)
    oldest = assets(getty, found(getty, "editorial", phrase="festival", sort_order="oldest")["images"])
    assert [a.date_created for a in oldest] == sorted(a.date_created for a in oldest)
    popular = assets(getty, found(getty, phrase="sea", sort_order="most_popular")["images"])
    assert [a.popularity for a in popular] == sorted((a.popularity for a in popular), reverse=True)
    random_once = ids(found(getty, phrase="sea", sort_order="random"))
    assert random_once == ids(found(getty, phrase="sea", sort_order="random"))
    assert random_once != ids(found(getty, phrase="sea", sort_order="most_popular"))
    assert search(getty, phrase="sea", sort_order="oldest").json()["ErrorCode"] == "InvalidParameterValue"


def test_best_match_puts_title_matches_first(getty):
    first = assets(getty, found(getty, phrase="lighthouse", page_size=5)["images"])
    assert all("lighthouse" in a.title.lower() for a in first)


# --- fields -------------------------------------------------------------------------------------------


SUMMARY = {
    "id",
    "asset_family",
    "caption",
    "collection_code",
    "collection_id",
    "collection_name",
    "display_sizes",
    "license_model",
    "max_dimensions",
    "title",
}
DETAIL = SUMMARY | {
    "allowed_use",
    "artist",
    "call_for_image",
    "copyright",
    "date_created",
    "editorial_segments",
    "event_ids",
    "graphical_style",
    "orientation",
    "product_types",
    "quality_rank",
    "referral_destinations",
}


def test_summary_set_is_the_default_with_thumb_only(getty):
    image = found(getty, phrase="sea", page_size=1)["images"][0]
    assert set(image) == SUMMARY
    assert [(d["name"], d["is_watermarked"]) for d in image["display_sizes"]] == [("thumb", False)]


def test_detail_set_adds_fields_and_all_display_sizes(getty):
    image = found(getty, phrase="sea", page_size=1, fields="detail_set")["images"][0]
    assert set(image) == DETAIL
    sizes = {d["name"]: d["is_watermarked"] for d in image["display_sizes"]}
    assert sizes == {"comp": True, "preview": True, "thumb": False}
    assert set(image["allowed_use"]) == {"how_can_i_use_it", "release_info", "usage_restrictions"}


def test_single_fields_and_display_size_names(getty):
    image = found(getty, phrase="sea", page_size=1, fields="id,title,keywords,comp")["images"][0]
    assert set(image) == {"id", "title", "keywords", "display_sizes"}
    assert [d["name"] for d in image["display_sizes"]] == ["comp"]
    assert {"keyword_id", "text", "type", "relevance"} <= set(image["keywords"][0])
    display = found(getty, phrase="sea", page_size=1, fields="display_set")["images"][0]
    assert set(display) == {"id", "display_sizes"} and len(display["display_sizes"]) == 3


def test_unknown_field_is_invalid_parameter_value(getty):
    response = search(getty, phrase="sea", fields="summary_set,shoe_size")
    assert response.status_code == 400
    assert response.json()["ErrorCode"] == "InvalidParameterValue"


def test_editorial_items_carry_segments_people_and_editorial_use_only(getty):
    body = found(getty, "editorial", phrase="festival", fields="detail_set,people", page_size=20)
    images = body["images"]
    assert all(i["asset_family"] == "editorial" for i in images)
    assert all("Editorial use only" in i["allowed_use"]["usage_restrictions"] for i in images)
    assert all(i["editorial_segments"] for i in images)
    assert any(i["people"] for i in images)


# --- parameters per family ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "family,param,value",
    [
        ("editorial", "moods", "warm"),
        ("editorial", "safe_search", "true"),
        ("creative", "date_from", "2020-01-01"),
        ("creative", "editorial_segments", "sport"),
        ("creative", "license_models", "royaltyfree"),
    ],
)
def test_parameters_of_the_other_family_are_refused(getty, family, param, value):
    response = search(getty, family, **{param: value})
    assert response.status_code == 400
    assert response.json()["ErrorCode"] == "InvalidRequest"


@pytest.mark.parametrize(
    "param,value",
    [
        ("orientations", "diagonal"),
        ("number_of_people", "crowd"),
        ("compositions", "blurry"),
        ("moods", "sad"),
        ("minimum_size", "huge"),
        ("graphical_styles", "oil"),
        ("collections_filter_type", "maybe"),
        ("safe_search", "yes"),
        ("color", "zz0000"),
        ("keyword_ids", "abc"),
        ("age_of_people", "ancient"),
        ("file_types", "bmp"),
        ("download_product", "free"),
        ("sort_order", "loudest"),
    ],
)
def test_invalid_values_are_invalid_parameter_value(getty, param, value):
    response = search(getty, phrase="sea", **{param: value})
    assert response.status_code == 400
    assert response.json()["ErrorCode"] == "InvalidParameterValue"
    assert param in response.json()["ErrorMessage"]


@pytest.mark.parametrize(
    "param,value",
    [("date_from", "yesterday"), ("minimum_quality_rank", "4"), ("editorial_segments", "gossip")],
)
def test_invalid_editorial_values(getty, param, value):
    response = search(getty, "editorial", **{param: value})
    assert response.status_code == 400
    assert response.json()["ErrorCode"] == "InvalidParameterValue"


def test_booleans_accept_true_and_True(getty):
    assert (
        found(getty, phrase="sea", safe_search="true")["result_count"]
        == found(getty, phrase="sea", safe_search="True")["result_count"]
    )


def test_related_searches_and_facets_on_request(getty):
    body = found(
        getty, "editorial", phrase="marathon", include_related_searches="true", include_facets="true"
    )
    assert body["related_searches"] and "phrase" in body["related_searches"][0]
    assert body["facets"]["events"]
    assert found(getty, phrase="lighthuose")["auto_corrections"]["phrase"] == "lighthouse"


def test_deprecated_blended_search_covers_both_families(getty):
    response = requests.get(
        f"{getty.url}/v3/search/images",
        params={"phrase": "city", "page_size": 100, "fields": "id,asset_family"},
        headers={"Api-Key": GETTY_TEST_KEY},
        timeout=10,
    )
    body = response.json()
    assert {i["asset_family"] for i in body["images"]} == {"creative", "editorial"}
    creative = found(getty, phrase="city")["result_count"]
    editorial = found(getty, "editorial", phrase="city")["result_count"]
    assert body["result_count"] == creative + editorial
