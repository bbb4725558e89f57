"""A title's shortlist, visual themes and reference imagery: pages, services and who may change them."""

import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.roles import Role
from integration.models import ReferenceImage, ShortlistItem, VisualTheme
from integration.services import shortlists as shortlist_services
from integration.services import themes as theme_services
from tests.factories.assets import AssetFactory, ShortlistItemFactory
from tests.factories.titles import TitleFactory

pytestmark = pytest.mark.django_db


def url(name, title, **kwargs):
    return reverse(f"integration:{name}", kwargs={"pk": title.pk, **kwargs})


def order(title):
    return list(
        ShortlistItem.objects.filter(title=title)
        .order_by("position", "id")
        .values_list("asset__getty_id", flat=True)
    )


def test_editor_shortlists_a_picture_with_a_note_and_sees_it_on_the_search_page(editor_client, editor):
    title, asset = TitleFactory(), AssetFactory(title="Lighthouse at dusk")
    response = editor_client.post(
        url("shortlist-add", title), {"getty_id": asset.getty_id, "note": "Strong for the hardback"}
    )
    assert response.status_code == 302
    item = ShortlistItem.objects.get(title=title)
    assert (item.asset, item.note, item.added_by) == (asset, "Strong for the hardback", editor)
    page = editor_client.get(response["Location"]).content.decode()
    assert "Added “Lighthouse at dusk” to the shortlist." in page
    assert "Strong for the hardback" in page


def test_htmx_add_answers_the_refreshed_shortlist(editor_client):
    title, asset = TitleFactory(), AssetFactory()
    response = editor_client.post(
        url("shortlist-add", title), {"getty_id": asset.getty_id}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<div id="shortlist"') and asset.getty_id in html


def test_adding_the_same_picture_twice_says_so_and_adds_nothing(editor_client):
    item = ShortlistItemFactory()
    response = editor_client.post(
        url("shortlist-add", item.title), {"getty_id": item.asset.getty_id}, HTTP_HX_REQUEST="true"
    )
    assert "already on the shortlist" in response.content.decode()
    assert ShortlistItem.objects.filter(title=item.title).count() == 1


def test_a_picture_we_never_saw_is_fetched_from_getty_before_shortlisting(editor_client, getty):
    title = TitleFactory()
    response = editor_client.post(url("shortlist-add", title), {"getty_id": "1400024902"})
    assert response.status_code == 302
    assert ShortlistItem.objects.get(title=title).asset.title  # filled from the sandbox


def test_reorder_with_up_and_down_buttons(editor_client):
    title = TitleFactory()
    a, b, c = (ShortlistItemFactory(title=title, position=0) for _ in range(3))  # ties on purpose
    ids = [a.asset.getty_id, b.asset.getty_id, c.asset.getty_id]
    editor_client.post(
        url("shortlist-move", title, item_id=c.pk), {"direction": "up"}, HTTP_HX_REQUEST="true"
    )
    assert order(title) == [ids[0], ids[2], ids[1]]
    editor_client.post(url("shortlist-move", title, item_id=a.pk), {"direction": "down"})
    assert order(title) == [ids[2], ids[0], ids[1]]
    editor_client.post(url("shortlist-move", title, item_id=c.pk), {"direction": "up"})  # already first
    assert order(title) == [ids[2], ids[0], ids[1]]


def test_remove_and_edit_note(editor_client):
    item = ShortlistItemFactory(note="old")
    editor_client.post(url("shortlist-note", item.title, item_id=item.pk), {"note": " new note "})
    item.refresh_from_db()
    assert item.note == "new note"
    editor_client.post(url("shortlist-remove", item.title, item_id=item.pk))
    assert not ShortlistItem.objects.filter(pk=item.pk).exists()


def test_the_shortlist_shows_on_the_title_page_with_find_pictures(editor_client):
    item = ShortlistItemFactory(note="Moody sky")
    html = editor_client.get(
        reverse("integration:title-detail", kwargs={"pk": item.title.pk})
    ).content.decode()
    assert "Find pictures" in html
    assert url("title-search", item.title) in html
    assert "Moody sky" in html and item.asset.getty_id in html


def test_the_shortlist_panel_shows_every_item_in_a_fixed_number_of_queries(
    editor_client, editor, django_assert_num_queries, django_assert_max_num_queries
):
    title = TitleFactory()
    editor.first_name, editor.last_name = "Ada", "Lovelace"
    editor.save()
    first = ShortlistItemFactory(
        title=title, asset=AssetFactory(editorial=True), note="Moody sky", added_by=editor
    )
    page_url = url("title-search", title)
    editor_client.get(page_url)  # session and permissions settle on the first request
    with django_assert_max_num_queries(50) as one_item:
        html = editor_client.get(page_url).content.decode()
    assert first.asset.thumb_url in html and first.asset.title in html and "Moody sky" in html
    assert "Editorial use only" in html and "Rights-managed" in html and "Added by Ada Lovelace" in html

    ShortlistItemFactory.create_batch(3, title=title, asset__rights_managed=True)
    with django_assert_num_queries(len(one_item)):
        html = editor_client.get(page_url).content.decode()
    assert html.count('class="shortlist-item"') == 4


@pytest.mark.parametrize("role", [Role.LEGAL, Role.PRODUCTION, Role.RIGHTS])
def test_other_roles_cannot_change_shortlists_and_are_logged(client, role_user, role, caplog):
    client.force_login(role_user(role))
    item = ShortlistItemFactory()
    other = AssetFactory()
    with caplog.at_level(logging.WARNING, logger="picture_desk.security"):
        assert client.post(url("shortlist-add", item.title), {"getty_id": other.getty_id}).status_code == 403
        assert client.post(url("shortlist-remove", item.title, item_id=item.pk)).status_code == 403
        assert (
            client.post(url("shortlist-move", item.title, item_id=item.pk), {"direction": "up"}).status_code
            == 403
        )
        assert client.post(url("visual-theme-add", item.title), {"name": "sea"}).status_code == 403
    assert ShortlistItem.objects.filter(title=item.title).count() == 1
    assert not VisualTheme.objects.exists()
    assert "permission denied" in caplog.text


def test_marketing_may_shortlist(client, role_user):
    client.force_login(role_user(Role.MARKETING))
    title, asset = TitleFactory(), AssetFactory()
    assert client.post(url("shortlist-add", title), {"getty_id": asset.getty_id}).status_code == 302
    assert ShortlistItem.objects.filter(title=title).exists()


def test_services_refuse_a_user_without_permission(role_user):
    with pytest.raises(PermissionDenied):
        shortlist_services.shortlist_add(
            title=TitleFactory(), asset=AssetFactory(), user=role_user(Role.LEGAL)
        )


def test_a_bad_direction_is_refused_plainly(editor):
    item = ShortlistItemFactory()
    with pytest.raises(shortlist_services.ShortlistError, match="up"):
        shortlist_services.shortlist_move(item=item, user=editor, direction="sideways")


# --- visual themes and reference imagery -----------------------------------------------------------
def test_a_keyword_becomes_a_visual_theme_once(editor_client):
    title, asset = TitleFactory(), AssetFactory()
    data = {"name": "Lighthouse", "keyword_id": "123", "getty_id": asset.getty_id}
    first = editor_client.post(url("visual-theme-add", title), data, HTTP_HX_REQUEST="true")
    assert "“Lighthouse” added as a visual theme." in first.content.decode()
    theme = VisualTheme.objects.get(title=title)
    assert (theme.source, theme.keyword_id, theme.source_asset) == ("keyword", "123", asset)
    again = editor_client.post(
        url("visual-theme-add", title), {"name": "  lighthouse "}, HTTP_HX_REQUEST="true"
    )
    assert "already a visual theme" in again.content.decode()
    assert VisualTheme.objects.filter(title=title).count() == 1


def test_typed_themes_and_removal(editor_client):
    title = TitleFactory()
    editor_client.post(url("visual-theme-add", title), {"name": "Stormy   coast"})
    theme = VisualTheme.objects.get(title=title)
    assert (theme.name, theme.source) == ("Stormy coast", "typed")
    empty = editor_client.post(url("visual-theme-add", title), {"name": "  "}, HTTP_HX_REQUEST="true")
    assert "Give the visual theme a name." in empty.content.decode()
    editor_client.post(url("visual-theme-remove", title, theme_id=theme.pk))
    assert not VisualTheme.objects.exists()


def test_reference_imagery_is_kept_and_listed_on_the_title_page(editor_client):
    title, asset = TitleFactory(), AssetFactory(title="Harbour wall in rain")
    editor_client.post(
        url("reference-image-add", title), {"getty_id": asset.getty_id, "note": "Mood for interiors"}
    )
    reference = ReferenceImage.objects.get(title=title)
    assert reference.note == "Mood for interiors"
    html = editor_client.get(reverse("integration:title-detail", kwargs={"pk": title.pk})).content.decode()
    assert "Harbour wall in rain" in html and "Mood for interiors" in html
    with pytest.raises(theme_services.ThemeError):
        theme_services.reference_image_add(title=title, asset=asset, user=reference.added_by)
    editor_client.post(url("reference-image-remove", title, reference_id=reference.pk))
    assert not ReferenceImage.objects.exists()


def test_a_keyword_pressed_in_the_asset_panel_answers_one_line(editor_client):
    title, asset = TitleFactory(), AssetFactory()
    data = {"name": "Beacon", "keyword_id": "9", "getty_id": asset.getty_id, "reply": "status"}
    response = editor_client.post(url("visual-theme-add", title), data, HTTP_HX_REQUEST="true")
    assert response.content.decode().strip() == (
        '<p class="message message-success">“Beacon” added as a visual theme.</p>'
    )
    assert VisualTheme.objects.filter(title=title, name="Beacon").exists()
