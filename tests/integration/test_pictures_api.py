"""The picture API: search, one picture, shortlist, themes and references, through the same services."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.roles import Role
from integration.forms.search import form_data_as_params
from integration.models import ShortlistItem, VisualTheme
from tests.factories.assets import AssetFactory, ShortlistItemFactory
from tests.factories.titles import ProductFactory, TitleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api(editor):
    client = APIClient()
    client.force_authenticate(editor)
    return client


def test_search_answers_hits_with_badges_and_a_second_call_comes_from_the_cache(api, getty):
    title = TitleFactory(keywords=["lighthouse"])
    ProductFactory(title=title, height_cm=23.4)
    url = reverse("api-title-picture-search", kwargs={"pk": title.pk})
    params = {"purpose": "front_cover", "phrase": "lighthouse", "family": "creative", "page_size": 20}

    first = api.get(url, params)
    second = api.get(url, params)

    assert first.status_code == 200
    body = first.json()
    assert body["min_pixel_height"] == 2764
    assert body["result_count"] > 0 and len(body["hits"]) == 20
    assert any(hit["too_small_for_print"] for hit in body["hits"])
    assert not body["from_cache"] and second.json()["from_cache"]
    assert getty.app.total_calls("/v3/search/images/") == 1


def _orientations_at_getty(getty, hits) -> set[str]:
    return {getty.app.catalogue.get(hit["getty_id"]).orientation for hit in hits}


def test_a_front_cover_search_asks_getty_for_vertical_pictures_as_the_page_does(api, editor_client, getty):
    title = TitleFactory(keywords=["lighthouse"], audience_code="01")
    ProductFactory(title=title, height_cm=23.4)
    page_url = reverse("integration:title-search", kwargs={"pk": title.pk})
    prefilled = editor_client.get(page_url, {"purpose": "front_cover"}).context["form"].initial
    submitted = editor_client.get(page_url, {**dict(form_data_as_params(prefilled).lists()), "search": "1"})
    page_sent = submitted.context["outcome"].params

    response = api.get(
        reverse("api-title-picture-search", kwargs={"pk": title.pk}), {"purpose": "front_cover"}
    )

    body = response.json()
    assert response.status_code == 200 and body["hits"]
    assert body["getty_params"] == page_sent  # the page's prefill: phrase, orientation, print size
    assert body["getty_params"]["orientations"] == "vertical"
    assert _orientations_at_getty(getty, body["hits"]) == {"Vertical"}  # Getty filtered on it
    assert body["min_pixel_height"] == 2764


def test_a_filter_given_empty_clears_the_prefill(api, getty):
    title = TitleFactory(keywords=["lighthouse"])
    url = reverse("api-title-picture-search", kwargs={"pk": title.pk})
    body = api.get(url, {"purpose": "front_cover", "orientations": "", "page_size": 100}).json()
    assert "orientations" not in body["getty_params"]
    assert len(_orientations_at_getty(getty, body["hits"])) > 1


def test_a_childrens_title_searches_with_safe_search_through_the_api(api, getty):
    url = "api-title-picture-search"
    params = {"purpose": "interior", "phrase": "sea", "page_size": 100}
    adults = TitleFactory(keywords=["sea"], audience_code="01")
    children = TitleFactory(keywords=["sea"], audience_code="02")

    for_adults = api.get(reverse(url, kwargs={"pk": adults.pk}), params).json()
    for_children = api.get(reverse(url, kwargs={"pk": children.pk}), params).json()

    def nude(body) -> list[str]:
        return [hit["getty_id"] for hit in body["hits"] if getty.app.catalogue.get(hit["getty_id"]).nudity]

    assert nude(for_adults), "the sandbox has nude pictures of the sea"
    assert for_children["getty_params"]["safe_search"] == "true"
    assert for_children["getty_params"]["exclude_nudity"] == "true"
    assert for_children["result_count"] < for_adults["result_count"]
    assert not nude(for_children)
    # Whoever asks through the API may still turn it off, as on the page.
    unsafe = api.get(reverse(url, kwargs={"pk": children.pk}), {**params, "safe_search": "false"}).json()
    assert "safe_search" not in unsafe["getty_params"]


def test_search_with_bad_input_is_a_400_with_field_errors(api, getty):
    title = TitleFactory()
    response = api.get(reverse("api-title-picture-search", kwargs={"pk": title.pk}), {"page_size": 500})
    assert response.status_code == 400
    assert "page_size" in response.json()
    assert getty.app.total_calls("/v3/") == 0


def test_search_when_getty_is_down_is_a_503_with_a_sentence(api, getty):
    getty.app.faults.add("status", status=503, path_prefix="/v3/search", next_n=20)
    title = TitleFactory()
    response = api.get(reverse("api-title-picture-search", kwargs={"pk": title.pk}), {"phrase": "sea"})
    assert response.status_code == 503
    assert response.json()["detail"].startswith("Getty could not be reached")


def test_picture_detail_and_unknown_picture(api, getty):
    ok = api.get(reverse("api-picture-detail", kwargs={"getty_id": "1400024902"}))
    assert ok.status_code == 200
    assert ok.json()["title"] and ok.json()["print_height_cm"]
    missing = api.get(reverse("api-picture-detail", kwargs={"getty_id": "42"}))
    assert missing.status_code == 404 and "does not know" in missing.json()["detail"]


@pytest.mark.parametrize(
    "endpoint",
    [
        "api-shortlist",
        "api-reference-images",
    ],
)
def test_adding_a_picture_getty_does_not_know_is_a_404_everywhere(api, getty, endpoint):
    title = TitleFactory()
    response = api.post(reverse(endpoint, kwargs={"pk": title.pk}), {"getty_id": "42"}, format="json")
    assert response.status_code == 404
    assert response.json()["detail"] == "Getty does not know this picture (it may have been withdrawn)."
    assert not ShortlistItem.objects.exists()


def test_getty_down_while_adding_a_picture_is_a_503_not_a_refused_input(api, getty):
    getty.app.faults.add("status", status=503, path_prefix="/v3/images", next_n=20)
    response = api.post(
        reverse("api-shortlist", kwargs={"pk": TitleFactory().pk}), {"getty_id": "1400024902"}, format="json"
    )
    assert response.status_code == 503
    assert response.json()["detail"].startswith("Getty could not be reached")


def test_shortlist_crud_and_reorder(api):
    title, first, second = TitleFactory(), AssetFactory(), AssetFactory()
    url = reverse("api-shortlist", kwargs={"pk": title.pk})
    created = api.post(url, {"getty_id": first.getty_id, "note": "hero"}, format="json")
    api.post(url, {"getty_id": second.getty_id}, format="json")
    assert created.status_code == 201 and created.json()["note"] == "hero"

    duplicate = api.post(url, {"getty_id": first.getty_id}, format="json")
    assert duplicate.status_code == 400 and "already on the shortlist" in duplicate.json()["detail"]

    item_id = created.json()["id"]
    moved = api.post(
        reverse("api-shortlist-move", kwargs={"pk": title.pk, "item_id": item_id}),
        {"direction": "down"},
        format="json",
    )
    assert [i["asset"]["getty_id"] for i in moved.json()] == [second.getty_id, first.getty_id]

    item_url = reverse("api-shortlist-item", kwargs={"pk": title.pk, "item_id": item_id})
    assert api.patch(item_url, {"note": "cover"}, format="json").json()["note"] == "cover"
    assert api.delete(item_url).status_code == 204
    assert [i["asset"]["getty_id"] for i in api.get(url).json()] == [second.getty_id]


def test_roles_without_shortlist_permission_get_403(role_user):
    client = APIClient()
    client.force_authenticate(role_user(Role.LEGAL))
    item = ShortlistItemFactory()
    url = reverse("api-shortlist", kwargs={"pk": item.title.pk})
    assert client.get(url).status_code == 200  # reading is fine
    assert client.post(url, {"getty_id": AssetFactory().getty_id}, format="json").status_code == 403
    item_url = reverse("api-shortlist-item", kwargs={"pk": item.title.pk, "item_id": item.pk})
    assert client.delete(item_url).status_code == 403
    assert ShortlistItem.objects.filter(pk=item.pk).exists()


def test_visual_themes_and_reference_images(api):
    title, asset = TitleFactory(), AssetFactory()
    themes = reverse("api-visual-themes", kwargs={"pk": title.pk})
    made = api.post(
        themes, {"name": "Sea mist", "keyword_id": "77", "getty_id": asset.getty_id}, format="json"
    )
    assert made.status_code == 201 and made.json()["source"] == "keyword"
    assert api.post(themes, {"name": "sea MIST"}, format="json").status_code == 400
    assert [t["name"] for t in api.get(themes).json()] == ["Sea mist"]
    theme_url = reverse("api-visual-theme", kwargs={"pk": title.pk, "theme_id": made.json()["id"]})
    assert api.delete(theme_url).status_code == 204
    assert not VisualTheme.objects.exists()

    references = reverse("api-reference-images", kwargs={"pk": title.pk})
    kept = api.post(references, {"getty_id": asset.getty_id, "note": "palette"}, format="json")
    assert kept.status_code == 201 and kept.json()["asset"]["getty_id"] == asset.getty_id
    ref_url = reverse("api-reference-image", kwargs={"pk": title.pk, "reference_id": kept.json()["id"]})
    assert api.delete(ref_url).status_code == 204


def test_the_schema_documents_the_picture_endpoints(editor_client):
    schema = editor_client.get(reverse("api-schema")).content.decode()
    for path in ("/api/titles/{id}/pictures/", "/api/pictures/{getty_id}/", "/api/titles/{id}/shortlist/"):
        assert path in schema
