"""The read-only titles and products API: token or session, the titles page's filters, JSON out."""

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from integration.selectors.titles import title_list
from tests.factories.titles import ProductFactory, TitleFactory

pytestmark = pytest.mark.django_db

TITLES = "/api/titles/"
PRODUCTS = "/api/products/"


@pytest.fixture
def api(editor):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    return client


@pytest.fixture
def catalogue():
    salt = TitleFactory(
        title="The Salt Road",
        imprint_name="Quay Press",
        first_publication_date=dt.date(2025, 6, 1),
        subjects=[{"scheme": "THEMA", "code": "FF", "description": "Crime and mystery"}],
        subject_text="ff crime and mystery",
    )
    ProductFactory(title=salt, isbn13="9781780000014", onix_form_code="BC", format_name="Paperback")
    orchard = TitleFactory(title="Winter Orchard", first_publication_date=dt.date(2027, 3, 4))
    ProductFactory(title=orchard, isbn13="9781780000021", onix_form_code="BB", format_name="Hardback")
    ProductFactory(title=orchard, isbn13="9781780000038", onix_form_code="DG", format_name="Ebook")
    gone = TitleFactory(title="Gone Away", is_active=False)
    return {"salt": salt, "orchard": orchard, "gone": gone}


def _titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


@pytest.mark.parametrize("url", [TITLES, PRODUCTS, f"{TITLES}1/", f"{PRODUCTS}1/"])
def test_anonymous_callers_get_401_with_a_token_challenge(url):
    response = APIClient().get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_wrong_token_is_refused():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get(TITLES).status_code == 401


def test_token_lists_active_titles_with_products_paginated(api, catalogue):
    body = api.get(TITLES).json()
    assert body["count"] == 2
    assert [row["title"] for row in body["results"]] == ["The Salt Road", "Winter Orchard"]
    orchard = body["results"][1]
    assert [p["isbn13"] for p in orchard["products"]] == ["9781780000021", "9781780000038"]
    assert orchard["subjects"][0]["scheme"] == "THEMA"


def test_session_auth_works_for_a_signed_in_browser(editor_client, catalogue):
    assert editor_client.get(TITLES).status_code == 200


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"search": "salt"}, ["The Salt Road"]),
        ({"search": "978-1780000038"}, ["Winter Orchard"]),
        ({"imprint": "quay press"}, ["The Salt Road"]),
        ({"format": "BB"}, ["Winter Orchard"]),
        ({"format": "ebook"}, ["Winter Orchard"]),
        ({"published_from": "2026-01-01"}, ["Winter Orchard"]),
        ({"published_to": "2025-12-31"}, ["The Salt Road"]),
        ({"subject": "crime"}, ["The Salt Road"]),
        ({"include_inactive": "true"}, ["Gone Away", "The Salt Road", "Winter Orchard"]),
        ({"ordering": "-first_publication_date"}, ["Winter Orchard", "The Salt Road"]),
    ],
)
def test_title_filters(api, catalogue, params, expected):
    assert _titles(api.get(TITLES, params)) == expected


@pytest.mark.parametrize(
    "filters",
    [
        {"query": "road"},
        {"format": "DG"},
        {"published_from": dt.date(2025, 1, 1), "published_to": dt.date(2025, 12, 31)},
        {"subject": "FBA"},
        {"include_inactive": True},
    ],
)
def test_api_returns_what_the_selector_returns(api, catalogue, filters):
    params = {("search" if k == "query" else k): v for k, v in filters.items()}
    expected = [t.title for t in title_list(**filters)]
    assert _titles(api.get(TITLES, params)) == expected


def test_a_malformed_date_is_a_400_with_the_field_named(api, catalogue):
    response = api.get(TITLES, {"published_from": "2025-13-45"})
    assert response.status_code == 400
    assert "published_from" in response.json()


def test_title_detail_has_products_resources_and_todos_even_when_inactive(api, catalogue):
    gone = catalogue["gone"]
    gone.todos = [{"id": 1, "title": "Jacket brief", "kind": "JACKET"}]
    gone.save(update_fields=["todos"])
    body = api.get(f"{TITLES}{gone.pk}/").json()
    assert body["is_active"] is False
    assert body["todos"][0]["title"] == "Jacket brief"
    orchard = api.get(f"{TITLES}{catalogue['orchard'].pk}/").json()
    assert orchard["products"][0]["for_sale_countries"] == ["GB", "IE"]
    assert api.get(f"{TITLES}999999/").status_code == 404


def test_products_filter_by_isbn_format_and_title(api, catalogue):
    def isbns(params):
        response = api.get(PRODUCTS, params)
        assert response.status_code == 200
        return [row["isbn13"] for row in response.json()["results"]]

    assert isbns({"isbn13": "978-1-78000-001-4"}) == ["9781780000014"]
    assert isbns({"format": "DG"}) == ["9781780000038"]
    assert sorted(isbns({"title": catalogue["orchard"].pk})) == ["9781780000021", "9781780000038"]
    assert api.get(PRODUCTS, {"title": "abc"}).status_code == 400


def test_product_detail(api, catalogue):
    product = catalogue["salt"].products.get()
    body = api.get(f"{PRODUCTS}{product.pk}/").json()
    assert body["isbn13"] == "9781780000014"
    assert body["title_id"] == catalogue["salt"].pk
    assert api.get(f"{PRODUCTS}999999/").status_code == 404


def test_title_list_query_count_does_not_grow_with_titles(api, django_assert_num_queries):
    for title in TitleFactory.create_batch(30):
        ProductFactory.create_batch(2, title=title)
    # token lookup, count, titles page, their products
    with django_assert_num_queries(4):
        assert api.get(TITLES).status_code == 200


def test_schema_and_docs_need_a_user(editor_client):
    assert APIClient().get(reverse("api-schema")).status_code == 401
    schema = editor_client.get(reverse("api-schema"))
    assert schema.status_code == 200
    assert b"/api/titles/{id}/" in schema.content
    docs = editor_client.get(reverse("api-docs"))
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "<style" not in html and "<script>" not in html  # nothing inline: the CSP allows files only
    script = editor_client.get(reverse("api-docs"), {"script": ""})
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()
