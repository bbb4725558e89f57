"""A result page after the last one says so and offers the last page, on the page and in the API."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories.titles import TitleFactory

pytestmark = pytest.mark.django_db

SEARCH = {"search": 1, "purpose": "interior", "phrase": "lighthouse", "family": "creative", "page_size": 30}


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_page_past_the_end_says_so_and_links_the_last_page(editor_client, getty):
    title = TitleFactory(keywords=["lighthouse"])
    url = reverse("integration:title-search", kwargs={"pk": title.pk})
    first = editor_client.get(url, {**SEARCH, "page": 1})
    last_page = first.context["last_page"]
    count = first.context["outcome"].page.result_count
    assert count > 0

    html = editor_client.get(url, {**SEARCH, "page": 999}).content.decode()
    assert "Getty found no pictures" not in html
    assert "page 999 of" not in html
    assert f"Page 999 is past the end: {count} pictures" in html
    [link] = re.findall(r'<a class="button" href="\?([^"]+)">Go to the last page', html)
    assert f"page={last_page}" in link.replace("&amp;", "&").split("&")
    assert 'rel="prev"' not in html  # no "previous" to page 998


def test_the_api_answers_a_page_past_the_end_with_a_404_naming_the_last_page(editor, getty):
    api = APIClient()
    api.force_authenticate(editor)
    title = TitleFactory(keywords=["lighthouse"])
    url = reverse("api-title-picture-search", kwargs={"pk": title.pk})
    params = {key: value for key, value in SEARCH.items() if key != "search"}
    first = api.get(url, {**params, "page": 1}).json()
    assert first["last_page"] >= 1
    response = api.get(url, {**params, "page": 999})
    assert response.status_code == 404
    assert f"ask for page {first['last_page']} or earlier" in response.json()["detail"]
