"""The outbox in the admin: read-only rows found by natural key; Retry and Replay through the services."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse

from integration.models import OutboxMessage, ReconciliationRun
from tests.factories.outbox import outbox_row, permission_payload

pytestmark = pytest.mark.django_db

Status = OutboxMessage.Status
CHANGELIST = reverse("admin:integration_outboxmessage_changelist")


def act(client, action: str, rows) -> list[str]:
    response = client.post(
        CHANGELIST, {"action": action, "_selected_action": [row.pk for row in rows]}, follow=True
    )
    assert response.status_code == 200
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def admin_client(client, people):
    client.force_login(people.ada)
    return client


def test_rows_are_listed_filtered_and_found_by_natural_key(admin_client):
    wanted = outbox_row(status=Status.DEAD, payload=permission_payload(external_ref="getty:1400000042:9"))
    outbox_row(status=Status.SENT)
    found = admin_client.get(CHANGELIST, {"q": "permission:getty:1400000042:9"})
    assert [row.pk for row in found.context["cl"].result_list] == [wanted.pk]
    dead = admin_client.get(CHANGELIST, {"status__exact": "dead", "kind__exact": "picture_permission"})
    assert [row.pk for row in dead.context["cl"].result_list] == [wanted.pk]


def test_rows_are_read_only(admin_client):
    row = outbox_row(status=Status.DEAD)
    assert admin_client.get(reverse("admin:integration_outboxmessage_add")).status_code == 403
    page = admin_client.get(reverse("admin:integration_outboxmessage_change", args=[row.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert (
        admin_client.post(reverse("admin:integration_outboxmessage_delete", args=[row.pk])).status_code == 403
    )


def test_retry_sends_dead_writes_again_and_names_each_refusal(admin_client):
    dead = outbox_row(status=Status.DEAD, last_error="Refused")
    sent = outbox_row(status=Status.SENT)
    said = act(admin_client, "retry", [dead, sent])
    assert f"Write {sent.pk} ({sent.natural_key}): This write was already delivered" in said[0]
    assert said[1] == "1 write retried."
    dead.refresh_from_db()
    sent.refresh_from_db()
    assert (dead.status, dead.attempts) == (Status.PENDING, 0) and "Retried by ada" in dead.last_error
    assert sent.status == Status.SENT


def test_replay_queues_a_sent_payload_again_as_a_new_write_of_the_same_record(admin_client):
    sent = outbox_row(status=Status.SENT)
    waiting = outbox_row(status=Status.RETRYING)
    said = act(admin_client, "replay", [sent, waiting])
    assert said == [
        f"Write {waiting.pk} ({waiting.natural_key}): This write has not finished yet; it is retrying.",
        "1 write queued again.",
    ]
    replay = OutboxMessage.objects.filter(natural_key=sent.natural_key).exclude(pk=sent.pk).get()
    assert (replay.status, replay.payload, replay.label) == (Status.PENDING, sent.payload, sent.label)


def test_staff_who_may_only_look_get_no_actions(client, people):
    people.stan.user_permissions.add(Permission.objects.get(codename="view_outboxmessage"))
    row = outbox_row(status=Status.DEAD)
    client.force_login(people.stan)
    html = client.get(CHANGELIST).content.decode()
    assert row.natural_key in html and "Retry the selected dead writes" not in html
    act(client, "retry", [row])
    row.refresh_from_db()
    assert row.status == Status.DEAD


def test_reconciliation_runs_are_read_only_history(admin_client):
    run = ReconciliationRun.objects.create(
        started_at="2026-11-29T02:00:00Z", status="failed", error="Consonance could not be reached"
    )
    listing = admin_client.get(reverse("admin:integration_reconciliationrun_changelist")).content.decode()
    assert "Consonance could not be reached" in listing
    assert admin_client.get(reverse("admin:integration_reconciliationrun_add")).status_code == 403
    assert (
        admin_client.get(reverse("admin:integration_reconciliationrun_change", args=[run.pk])).status_code
        == 200
    )
