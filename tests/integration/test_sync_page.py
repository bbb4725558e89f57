"""The title sync status page: recent runs for everyone, "Sync now" only for staff and Rights."""

import datetime as dt
import logging

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from integration.models import SyncRun
from integration.views import sync as sync_views

pytestmark = pytest.mark.django_db

SYNC_URL = reverse("integration:sync-status")


@pytest.fixture
def rights_client(client, role_user):
    client.force_login(role_user(Role.RIGHTS, "rita"))
    return client


@pytest.fixture
def queued(monkeypatch):
    """The kinds of sync the page queued (the queue itself is tested with the sync)."""
    calls = []

    def enqueue_title_sync(*, full, run_id):
        calls.append(full)
        return f"title-sync-{len(calls)}"

    monkeypatch.setattr(sync_views.tasks, "enqueue_title_sync", enqueue_title_sync)
    return calls


def test_page_lists_recent_runs_with_counts_duration_and_errors(editor_client):
    started = timezone.now() - dt.timedelta(minutes=5)
    SyncRun.objects.create(
        kind=SyncRun.Kind.FULL,
        status=SyncRun.Status.SUCCEEDED,
        started_at=started,
        finished_at=started + dt.timedelta(seconds=72),
        works_seen=1234,
        titles_created=12,
        titles_updated=30,
        titles_deactivated=2,
        products_seen=4321,
    )
    SyncRun.objects.create(
        kind=SyncRun.Kind.INCREMENTAL,
        status=SyncRun.Status.FAILED,
        started_at=started + dt.timedelta(minutes=2),
        finished_at=started + dt.timedelta(minutes=2, seconds=3),
        error="Consonance answered 401: the API key was refused.",
    )
    SyncRun.objects.create(
        kind=SyncRun.Kind.INCREMENTAL,
        status=SyncRun.Status.SUCCEEDED,
        started_at=started + dt.timedelta(minutes=3),
        finished_at=started + dt.timedelta(minutes=3, seconds=1),
        notes="Consonance did not answer the to-do query",
    )
    text = editor_client.get(SYNC_URL).content.decode()
    for shown in (
        "Full",
        "Succeeded",
        "1 min 12 s",
        "1,234",
        "4,321",
        "Incremental",
        "Failed",
        "the API key was refused",
        "did not answer the to-do query",
        "every 15 minutes",
    ):
        assert shown.lower() in text.lower(), shown


def test_a_running_sync_refreshes_itself_and_a_finished_one_does_not(editor_client):
    run = SyncRun.objects.create(kind=SyncRun.Kind.INCREMENTAL, started_at=timezone.now())
    assert 'hx-trigger="every 5s"' in editor_client.get(SYNC_URL).content.decode()
    partial = editor_client.get(
        SYNC_URL, headers={"HX-Request": "true", "HX-Target": "sync-runs"}
    ).content.decode()
    assert partial.lstrip().startswith('<div id="sync-runs"') and "<html" not in partial
    run.status = SyncRun.Status.SUCCEEDED
    run.finished_at = timezone.now()
    run.save()
    assert "every 5s" not in editor_client.get(SYNC_URL).content.decode()


def test_editors_see_no_sync_button(editor_client):
    text = editor_client.get(SYNC_URL).content.decode()
    assert "Sync now" not in text
    assert "Staff and Rights can also start one" in text


def test_an_editor_posting_a_sync_is_refused_and_logged(editor_client, queued, caplog):
    with caplog.at_level(logging.WARNING, logger="picture_desk.security"):
        response = editor_client.post(SYNC_URL, {"kind": "incremental"})
    assert response.status_code == 403
    assert queued == []
    assert "permission denied: user=edith method=POST" in caplog.text


@pytest.mark.parametrize(("kind", "full"), [("incremental", False), ("full", True)])
def test_rights_starts_a_sync_and_is_told_it_is_queued(rights_client, queued, kind, full):
    page = rights_client.get(SYNC_URL).content.decode()
    assert "Sync now" in page and "Full sync" in page
    response = rights_client.post(SYNC_URL, {"kind": kind}, follow=True)
    assert queued == [full]
    assert sync_views.SYNC_QUEUED[full] in response.content.decode()


def test_staff_may_start_a_sync(client, role_user, queued):
    client.force_login(role_user(None, "stan", is_staff=True, is_superuser=True))
    client.post(SYNC_URL, {"kind": "full"})
    assert queued == [True]


def test_an_unknown_kind_is_a_message_and_queues_nothing(rights_client, queued):
    response = rights_client.post(SYNC_URL, {"kind": "everything"}, follow=True)
    assert response.status_code == 200
    assert sync_views.UNKNOWN_SYNC_KIND in response.content.decode()
    assert queued == []


def test_sync_now_runs_against_consonance_and_the_titles_appear(
    rights_client, consonance, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = rights_client.post(SYNC_URL, {"kind": "full"}, follow=True)
    run = SyncRun.objects.get()
    assert run.status == SyncRun.Status.SUCCEEDED, run.error
    assert run.kind == SyncRun.Kind.FULL
    assert run.works_seen > 0
    page = rights_client.get(SYNC_URL).content.decode()
    assert "Succeeded" in page and f"{run.works_seen:,}" in page
    titles = rights_client.get(reverse("integration:title-list"))
    assert titles.context["page"].paginator.count == run.works_seen
    assert "Last title sync:" in titles.content.decode()
    assert response.status_code == 200


def test_a_sync_with_a_wrong_key_shows_as_failed_and_keeps_the_titles(
    rights_client, consonance, settings, django_capture_on_commit_callbacks
):
    from tests.factories.titles import TitleFactory

    TitleFactory(title="Kept From Before")
    settings.CONSONANCE_API_KEY = "wrong-key-wrong-key-wrong-key-00"
    with django_capture_on_commit_callbacks(execute=True):
        rights_client.post(SYNC_URL, {"kind": "incremental"})
    run = SyncRun.objects.get()
    assert run.status == SyncRun.Status.FAILED
    page = rights_client.get(SYNC_URL).content.decode()
    assert "Failed" in page
    listing = rights_client.get(reverse("integration:title-list"))
    assert [t.title for t in listing.context["titles"]] == ["Kept From Before"]
