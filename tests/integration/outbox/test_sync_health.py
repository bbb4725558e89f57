"""The sync health page for staff, its "Reconcile now" button, and the staff menu's dead badge."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.context_processors import navigation_for
from integration.models import OutboxMessage, ReconciliationRun
from tests.factories.outbox import outbox_row, sent_permission
from tests.factories.titles import TitleFactory

pytestmark = pytest.mark.django_db

Status = OutboxMessage.Status
HEALTH = reverse("integration:sync-health")
RECONCILE = reverse("integration:sync-reconcile")


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def outbox_now():
    """2 pending (one made two hours ago), 1 sending, 1 retrying, 3 dead and 4 sent writes."""
    now = timezone.now()
    title = TitleFactory(title="The Salt Road")
    outbox_row(status=Status.PENDING, now=now - dt.timedelta(hours=2, minutes=5))
    outbox_row(status=Status.PENDING)
    outbox_row(status=Status.SENDING, now=now - dt.timedelta(minutes=1))
    outbox_row(status=Status.RETRYING, last_error="Consonance answered HTTP 503")
    dead = [
        outbox_row(status=Status.DEAD, title=title, label=f"Dead write {n}", last_error=f"Refused {n}")
        for n in range(3)
    ]
    for _ in range(4):
        outbox_row(status=Status.SENT, now=now - dt.timedelta(days=3))
    return dead


def test_staff_see_the_counts_the_oldest_waiting_write_and_the_dead_writes(client, people, outbox_now):
    client.force_login(people.stan)
    response = client.get(HEALTH)
    assert response.status_code == 200
    health = response.context["health"]
    assert (health.pending, health.sending, health.retrying, health.dead) == (2, 1, 1, 3)
    assert dt.timedelta(hours=2) < health.oldest_waiting_age < dt.timedelta(hours=3)
    html = response.content.decode()
    assert "<strong>2</strong> pending, 1 sending" in html
    assert "<strong>2\xa0hours, 5\xa0minutes</strong> old" in html
    for row in outbox_now:
        assert row.label in html and row.last_error in html
    assert "The Salt Road" in html
    # Staff without the retry permission see the dead writes but no button, and are told who can.
    assert '/retry/"' not in html
    assert "Only Production, Rights and admins can retry." in html


def test_admins_get_a_retry_button_on_every_dead_write(client, people, outbox_now):
    client.force_login(people.ada)
    html = client.get(HEALTH).content.decode()
    for row in outbox_now:
        assert f'action="{reverse("integration:outbox-retry", args=[row.pk])}"' in html


def test_nothing_dead_or_waiting_says_so(client, people):
    client.force_login(people.stan)
    html = client.get(HEALTH).content.decode()
    assert "No write has given up." in html and "Nothing waits" in html
    assert "No reconciliation has run yet." in html


@pytest.mark.parametrize("who", ["edith", "lena", "pat", "mary", "rita"])
def test_the_health_page_and_its_button_are_for_staff_only(client, people, who):
    client.force_login(getattr(people, who))
    assert client.get(HEALTH).status_code == 403
    assert client.post(RECONCILE).status_code == 403
    assert not ReconciliationRun.objects.exists()


def test_the_last_reconciliation_shows_its_differences(client, people):
    ReconciliationRun.objects.create(
        started_at=timezone.now() - dt.timedelta(hours=8),
        finished_at=timezone.now() - dt.timedelta(hours=8),
        status="succeeded",
        full_scan=False,
        changed_since=dt.date(2026, 11, 28),
        records_checked=120,
        differences_count=3,
        requeued=3,
        differences=[
            {
                "natural_key": "permission:getty:1:7",
                "external_ref": "getty:1:7",
                "message_id": 1,
                "problem": "changed",
                "fields": ["status", "channels"],
                "expected": {"status": "GRANTED", "channels": ["EBOOK", "PRINT"]},
                "found": {"status": "REFUSED", "channels": ["PRINT"]},
            },
            {
                "natural_key": "permission:getty:2:8",
                "external_ref": "getty:2:8",
                "message_id": 2,
                "problem": "missing",
                "fields": [],
                "expected": {"workId": 1002, "status": "GRANTED"},
                "found": None,
            },
        ],
    )
    client.force_login(people.stan)
    html = client.get(HEALTH).content.decode()
    assert "Permissions changed since 28 Nov 2026, and those sent since" in html
    assert "by the nightly schedule" in html
    assert "<code>getty:1:7</code>" in html and "Changed in Consonance: status, channels" in html
    assert "<code>getty:2:8</code>" in html and "Missing in Consonance" in html
    assert "The report keeps the first 2 of 3 differences; 3 were sent again" in html


def test_reconcile_now_runs_the_reconciliation_and_shows_it(
    client, people, consonance, django_capture_on_commit_callbacks
):
    written = sent_permission()
    state = consonance.app.state
    with state.lock:
        del state.permissions[state.permission_ids_by_ref.pop(written.payload["externalRef"])]
    client.force_login(people.stan)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RECONCILE, {"scan": "auto"})

    assert response.status_code == 303 and response["Location"] == HEALTH
    assert messages_of(response)[0].startswith("Reconciliation queued:")
    run = ReconciliationRun.objects.get()
    assert (run.status, run.started_by, run.differences_count, run.requeued) == ("succeeded", "stan", 1, 1)
    assert [p["externalRef"] for p in consonance.app.picture_permissions()] == [
        written.payload["externalRef"]
    ]
    html = client.get(HEALTH).content.decode()
    assert "by stan" in html and "Missing in Consonance" in html and "Every permission (full scan)" in html


def test_full_reconciliation_is_forced_by_its_button(
    client, people, consonance, django_capture_on_commit_callbacks
):
    ReconciliationRun.objects.create(started_at=timezone.now() - dt.timedelta(hours=1), status="succeeded")
    client.force_login(people.ada)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RECONCILE, {"scan": "full"})
    assert messages_of(response)[0].startswith("Full reconciliation queued:")
    assert ReconciliationRun.objects.latest("id").full_scan


def test_reconcile_now_while_one_runs_joins_it(client, people):
    ReconciliationRun.objects.create(started_at=timezone.now() - dt.timedelta(minutes=3))
    client.force_login(people.stan)
    response = client.post(RECONCILE, {"scan": "auto"})
    assert messages_of(response)[0].startswith("A reconciliation is already running")
    assert ReconciliationRun.objects.count() == 1
    html = client.get(HEALTH).content.decode()
    assert "A reconciliation is running now" in html


def test_a_reconciliation_left_running_for_hours_does_not_block_the_button(client, people, monkeypatch):
    ReconciliationRun.objects.create(started_at=timezone.now() - dt.timedelta(hours=5))
    queued = []
    monkeypatch.setattr(
        "integration.views.outbox.tasks.enqueue_reconciliation",
        lambda *, started_by, full: queued.append((started_by, full)) or "task",
    )
    client.force_login(people.stan)
    client.post(RECONCILE, {"scan": "auto"})
    assert queued == [("stan", False)]


def test_staff_find_the_page_in_the_menu_with_a_badge_when_writes_are_dead(client, people):
    assert {"label": "Sync health", "url": HEALTH, "badge": ""} in navigation_for(people.stan)
    for n in range(2):
        outbox_row(status=Status.DEAD, label=f"dead {n}")
    assert {"label": "Sync health", "url": HEALTH, "badge": "2 dead"} in navigation_for(people.ada)
    client.force_login(people.stan)
    html = client.get(reverse("integration:title-list")).content.decode()
    assert 'Sync health <span class="badge badge-bad">2 dead</span>' in html


def test_the_badge_stops_counting_at_99(people):
    for n in range(100):
        outbox_row(status=Status.DEAD, label=f"dead {n}")
    assert {"label": "Sync health", "url": HEALTH, "badge": "99+ dead"} in navigation_for(people.stan)


@pytest.mark.parametrize("who", ["edith", "lena", "pat", "mary", "rita"])
def test_people_who_are_not_staff_have_no_entry_and_pay_no_query_for_it(client, people, who):
    outbox_row(status=Status.DEAD)
    user = getattr(people, who)
    assert "Sync health" not in [item["label"] for item in navigation_for(user)]
    client.force_login(user)
    page = reverse("integration:title-list")
    client.get(page)
    with CaptureQueriesContext(connection) as queries:
        client.get(page)
    assert not [q for q in queries.captured_queries if "integration_outboxmessage" in q["sql"]]


def test_the_title_sync_page_links_staff_to_sync_health(client, people):
    client.force_login(people.stan)
    assert f'href="{HEALTH}"' in client.get(reverse("integration:sync-status")).content.decode()
    client.force_login(people.rita)
    assert "Sync health" not in client.get(reverse("integration:sync-status")).content.decode()


@pytest.mark.django_db(transaction=True)  # a real commit: the on-commit hook runs inside the request
def test_a_broker_that_is_down_gets_a_message_not_an_error_page(client, people, monkeypatch):
    def broker_down(*args, **kwargs):
        raise ConnectionError("Redis is not answering")

    monkeypatch.setattr("integration.tasks.async_task", broker_down)
    client.force_login(people.stan)
    response = client.post(RECONCILE, {"scan": "auto"})
    assert response.status_code == 303
    assert messages_of(response)[0].startswith("The reconciliation could not be queued")
