"""A title's visual themes and reference imagery reach Consonance as its picture brief, through the outbox."""

import pytest
from django.db import transaction
from django.urls import reverse

from integration.models import OutboxMessage
from integration.services import themes as theme_services
from tests.factories.assets import AssetFactory
from tests.factories.titles import TitleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def title(consonance):
    """A title mirrored from a work the Consonance sandbox has."""
    return TitleFactory(consonance_id=consonance.app.work_ids()[11])


def brief_in_consonance(consonance, title) -> dict | None:
    return next((b for b in consonance.app.picture_briefs() if b["workId"] == title.consonance_id), None)


def test_a_theme_and_a_reference_image_end_as_the_works_brief_in_consonance(
    consonance, title, editor, django_capture_on_commit_callbacks
):
    asset = AssetFactory(getty_id="1400000123", title="Harbour wall in rain")

    with django_capture_on_commit_callbacks(execute=True):
        theme_services.visual_theme_add(title=title, name="Stormy coast", user=editor)
    with django_capture_on_commit_callbacks(execute=True):
        theme_services.reference_image_add(title=title, asset=asset, user=editor, note="Mood for the jacket")

    brief = brief_in_consonance(consonance, title)
    assert brief["visualThemes"] == ["Stormy coast"]
    assert brief["referenceImages"] == [
        {"externalRef": "getty:1400000123", "url": asset.comp_url, "caption": "Mood for the jacket"}
    ]
    messages = OutboxMessage.objects.filter(natural_key=f"brief:{title.consonance_id}").order_by("id")
    assert [m.status for m in messages] == [OutboxMessage.Status.SENT] * 2
    message = messages.last()
    assert (message.kind, message.title_id, message.source_type) == ("picture_brief", title.pk, "title")
    assert message.label == "Picture brief: 1 visual theme, 1 reference image"
    assert message.last_response == {"workId": title.consonance_id, "visualThemes": 1, "referenceImages": 1}


def test_removing_a_theme_or_a_reference_image_updates_the_brief(
    consonance, title, editor, django_capture_on_commit_callbacks
):
    harbour, beacon = AssetFactory(title="Harbour"), AssetFactory(title="Beacon")
    with django_capture_on_commit_callbacks(execute=True):
        storm = theme_services.visual_theme_add(title=title, name="Storm", user=editor)
        theme_services.visual_theme_add(title=title, name="Night", user=editor)
        kept = theme_services.reference_image_add(title=title, asset=harbour, user=editor)
        dropped = theme_services.reference_image_add(title=title, asset=beacon, user=editor)

    with django_capture_on_commit_callbacks(execute=True):
        theme_services.visual_theme_remove(theme=storm, user=editor)
    with django_capture_on_commit_callbacks(execute=True):
        theme_services.reference_image_remove(reference=dropped, user=editor)

    brief = brief_in_consonance(consonance, title)
    assert brief["visualThemes"] == ["Night"]
    assert brief["referenceImages"] == [
        {"externalRef": f"getty:{kept.asset.getty_id}", "url": harbour.comp_url, "caption": "Harbour"}
    ]
    briefs = [m for m in consonance.app.mutation_log() if m["operation"] == "updatePictureBrief"]
    assert [m["created"] for m in briefs] == [True, False, False]


def test_changes_in_one_transaction_send_one_brief_with_all_of_them(
    consonance, title, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for name in ("Storm", "Night", "Harbour"):
            theme_services.visual_theme_add(title=title, name=name, user=editor)

    assert OutboxMessage.objects.filter(kind="picture_brief").count() == 1
    assert brief_in_consonance(consonance, title)["visualThemes"] == ["Harbour", "Night", "Storm"]
    assert len(consonance.app.mutation_log()) == 1


def test_a_rolled_back_change_writes_nothing(consonance, title, editor, django_capture_on_commit_callbacks):
    class Abandoned(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Abandoned):
        with transaction.atomic():
            theme_services.visual_theme_add(title=title, name="Storm", user=editor)
            theme_services.reference_image_add(title=title, asset=AssetFactory(), user=editor)
            raise Abandoned

    assert callbacks == []
    assert not OutboxMessage.objects.exists()
    assert not title.visual_themes.exists()
    assert consonance.app.picture_briefs() == []
    assert consonance.app.total_calls() == 0


def test_a_refused_theme_queues_no_brief(consonance, title, editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        theme_services.visual_theme_add(title=title, name="Storm", user=editor)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(theme_services.ThemeError):
            theme_services.visual_theme_add(title=title, name="storm", user=editor)

    assert callbacks == []
    assert OutboxMessage.objects.count() == 1
    assert len(consonance.app.mutation_log()) == 1


def test_the_brief_is_written_from_the_title_page_too(
    consonance, title, editor_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            reverse("integration:visual-theme-add", kwargs={"pk": title.pk}), {"name": "Lighthouse"}
        )

    assert brief_in_consonance(consonance, title)["visualThemes"] == ["Lighthouse"]
    page = editor_client.get(reverse("integration:title-detail", kwargs={"pk": title.pk})).content.decode()
    assert "sent to the work in Consonance as its picture brief" in page


def test_a_reference_without_a_preview_links_to_its_picture_page(
    consonance, title, editor, settings, django_capture_on_commit_callbacks
):
    asset = AssetFactory(getty_id="1400000999", comp_url="", preview_url="", thumb_url="")

    with django_capture_on_commit_callbacks(execute=True):
        theme_services.reference_image_add(title=title, asset=asset, user=editor)

    [image] = brief_in_consonance(consonance, title)["referenceImages"]
    assert image["url"] == f"{settings.SITE_URL}/titles/{title.pk}/pictures/1400000999/"


def test_a_brief_for_a_work_consonance_no_longer_has_goes_dead_with_its_reason(
    consonance, title, editor, django_capture_on_commit_callbacks
):
    consonance.app.remove_work(title.consonance_id)

    with django_capture_on_commit_callbacks(execute=True):
        theme_services.visual_theme_add(title=title, name="Storm", user=editor)

    message = OutboxMessage.objects.get()
    assert message.status == OutboxMessage.Status.DEAD
    assert f"Work {title.consonance_id} does not exist" in message.last_error


def test_a_title_keeps_no_more_themes_than_the_brief_takes(title, editor):
    from integration.models import VisualTheme

    VisualTheme.objects.bulk_create(
        VisualTheme(title=title, name=f"Theme {n}", added_by=editor, added_at=title.synced_at)
        for n in range(theme_services.THEMES_PER_TITLE)
    )

    with pytest.raises(theme_services.ThemeError, match="at most 100 visual themes"):
        theme_services.visual_theme_add(title=title, name="One too many", user=editor)

    assert VisualTheme.objects.filter(title=title).count() == theme_services.THEMES_PER_TITLE
    assert not OutboxMessage.objects.exists()
