"""An htmx "Shortlist" press from a card or the panel is answered in place, with the sidebar out of band."""

import pytest
from django.urls import reverse

from tests.factories.assets import AssetFactory, ShortlistItemFactory
from tests.factories.titles import TitleFactory

pytestmark = pytest.mark.django_db


def add(client, title, **data):
    url = reverse("integration:shortlist-add", kwargs={"pk": title.pk})
    return client.post(url, data, HTTP_HX_REQUEST="true").content.decode()


def test_a_card_press_answers_shortlisted_in_the_card_and_the_sidebar_out_of_band(editor_client):
    title, asset = TitleFactory(), AssetFactory(title="Lighthouse")
    html = add(editor_client, title, getty_id=asset.getty_id, reply="card")
    assert html.lstrip().startswith(
        f'<p class="shortlist-added" id="card-shortlist-{asset.getty_id}" role="status">'
    )
    assert "Shortlisted" in html and "Added “Lighthouse” to the shortlist." in html
    assert '<div id="shortlist" class="shortlist" hx-swap-oob="true">' in html
    assert f'data-getty-id="{asset.getty_id}"' in html


def test_a_panel_press_beside_the_grid_also_marks_the_card(editor_client):
    title, asset = TitleFactory(), AssetFactory()
    html = add(editor_client, title, getty_id=asset.getty_id, reply="panel", card="1")
    assert f'id="panel-shortlist-{asset.getty_id}" role="status"' in html
    assert f'id="card-shortlist-{asset.getty_id}" hx-swap-oob="true"' in html


def test_a_refused_press_says_why_in_place(editor_client):
    item = ShortlistItemFactory()
    html = add(editor_client, item.title, getty_id=item.asset.getty_id, reply="card", card="1")
    assert f'id="card-shortlist-{item.asset.getty_id}" role="alert"' in html
    assert "already on the shortlist" in html


def test_without_a_reply_place_the_answer_is_the_shortlist_as_before(editor_client):
    title, asset = TitleFactory(), AssetFactory()
    assert add(editor_client, title, getty_id=asset.getty_id).startswith(
        '<div id="shortlist" class="shortlist">'
    )
