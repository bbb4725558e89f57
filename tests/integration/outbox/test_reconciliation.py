"""Reconciliation against the Consonance sandbox: what we sent is compared with what it holds, and
whatever was changed or deleted there is found, reported and sent again."""

import datetime as dt

import pytest
from django.utils import timezone

from integration.models import OutboxMessage, ReconciliationRun
from integration.services.reconciliation import reconciliation_run
from tests.factories.outbox import enqueue_permission, permission_payload, sent_permission

pytestmark = pytest.mark.django_db

Status = OutboxMessage.Status


def held(consonance, ref: str) -> dict | None:
    return next((p for p in consonance.app.picture_permissions() if p["externalRef"] == ref), None)


def change_in_consonance(consonance, ref: str, **changes) -> None:
    """Someone edits the permission in Consonance (its updatedAt moves, as any edit's would)."""
    state = consonance.app.state
    with state.lock:
        permission_id = state.permission_ids_by_ref[ref]
        state.permissions[permission_id] = {
            **state.permissions[permission_id],
            **changes,
            "updatedAt": state.now(),
        }


def delete_in_consonance(consonance, ref: str) -> None:
    state = consonance.app.state
    with state.lock:
        del state.permissions[state.permission_ids_by_ref.pop(ref)]


def run_and_deliver(django_capture_on_commit_callbacks, **kwargs) -> ReconciliationRun:
    """Run it; the re-queued writes are delivered on commit, as the worker would."""
    with django_capture_on_commit_callbacks(execute=True):
        return reconciliation_run(**kwargs)


def test_a_clean_state_reports_zero_differences_and_queues_nothing(
    consonance, django_capture_on_commit_callbacks
):
    sent = [sent_permission() for _ in range(3)]
    rows_before = OutboxMessage.objects.count()

    run = run_and_deliver(django_capture_on_commit_callbacks, started_by="ada")

    assert run.status == ReconciliationRun.Status.SUCCEEDED, run.error
    assert (run.records_checked, run.differences_count, run.requeued, run.differences) == (3, 0, 0, [])
    assert run.full_scan and run.changed_since is None  # no earlier run: everything is read
    assert run.started_by == "ada" and run.finished_at >= run.started_at
    assert OutboxMessage.objects.count() == rows_before
    assert {held(consonance, m.payload["externalRef"])["status"] for m in sent} == {"GRANTED"}


def test_a_permission_changed_in_consonance_is_found_and_sent_again(
    consonance, django_capture_on_commit_callbacks
):
    ours = sent_permission()
    untouched = sent_permission()
    ref = ours.payload["externalRef"]
    change_in_consonance(consonance, ref, status="REFUSED", channels=["PRINT"], territoryIncluded="WORLD")

    run = run_and_deliver(django_capture_on_commit_callbacks)

    assert (run.records_checked, run.differences_count, run.requeued) == (2, 1, 1)
    [difference] = run.differences
    assert difference["external_ref"] == ref and difference["problem"] == "changed"
    assert sorted(difference["fields"]) == ["channels", "status", "territoryIncluded"]
    assert difference["expected"]["status"] == "GRANTED" and difference["found"]["status"] == "REFUSED"
    assert difference["found"]["channels"] == ["PRINT"]
    # Sent again: Consonance holds what Picture Desk decided, in the same record (upsert by externalRef).
    permission = held(consonance, ref)
    assert (permission["status"], sorted(permission["channels"]), permission["territoryIncluded"]) == (
        "GRANTED",
        ["EBOOK", "PRINT"],
        "GB IE",
    )
    assert len([p for p in consonance.app.picture_permissions() if p["externalRef"] == ref]) == 1
    replay = OutboxMessage.objects.filter(natural_key=ours.natural_key).latest("id")
    assert replay.pk != ours.pk and replay.status == Status.SENT and replay.payload == ours.payload
    assert (
        not OutboxMessage.objects.filter(natural_key=untouched.natural_key).exclude(pk=untouched.pk).exists()
    )


def test_a_permission_deleted_in_consonance_is_found_and_written_again(
    consonance, django_capture_on_commit_callbacks
):
    ours = sent_permission()
    ref = ours.payload["externalRef"]
    delete_in_consonance(consonance, ref)
    assert held(consonance, ref) is None

    run = run_and_deliver(django_capture_on_commit_callbacks)

    assert (run.differences_count, run.requeued) == (1, 1)
    assert run.differences[0]["problem"] == "missing" and run.differences[0]["found"] is None
    assert run.differences[0]["expected"] == {
        "workId": 1002,
        "status": "GRANTED",
        "approvalStatus": "Approved by Production",
    }
    assert held(consonance, ref)["status"] == "GRANTED"
    # A second run finds nothing more: the replay fixed it.
    assert run_and_deliver(django_capture_on_commit_callbacks).differences_count == 0


def test_consonance_unreachable_fails_the_run_and_queues_nothing(consonance):
    ours = sent_permission()
    delete_in_consonance(consonance, ours.payload["externalRef"])
    consonance.app.faults.add("status", status=503, share=1.0)
    rows_before = OutboxMessage.objects.count()

    run = reconciliation_run()

    assert run.status == ReconciliationRun.Status.FAILED
    assert "503" in run.error and "Consonance" in run.error
    assert (run.differences_count, run.requeued, run.finished_at is not None) == (0, 0, True)
    assert OutboxMessage.objects.count() == rows_before


def test_a_record_whose_newest_write_waits_or_is_dead_is_left_to_that_write(
    consonance, django_capture_on_commit_callbacks
):
    waiting = sent_permission()
    dead = sent_permission()
    for message in (waiting, dead):
        change_in_consonance(consonance, message.payload["externalRef"], status="WITHDRAWN")
    newer = enqueue_permission(payload={**waiting.payload, "status": "REFUSED"})  # pending, not delivered
    newest_dead = enqueue_permission(payload={**dead.payload, "approvalStatus": "Changed"})
    OutboxMessage.objects.filter(pk=newest_dead.pk).update(status=Status.DEAD, last_error="Refused")

    run = reconciliation_run()

    assert (run.records_checked, run.differences_count, run.requeued) == (0, 0, 0)
    newer.refresh_from_db()
    assert newer.payload["status"] == "REFUSED"  # the newer state was not overwritten by a replay
    assert OutboxMessage.objects.get(pk=newest_dead.pk).status == Status.DEAD


def test_the_report_is_bounded_but_every_difference_is_counted_and_sent(
    consonance, settings, django_capture_on_commit_callbacks
):
    settings.RECONCILIATION_REPORT_LIMIT = 2
    sent = [sent_permission() for _ in range(3)]
    for message in sent:
        delete_in_consonance(consonance, message.payload["externalRef"])

    run = run_and_deliver(django_capture_on_commit_callbacks)

    assert (run.differences_count, len(run.differences), run.requeued) == (3, 2, 3)
    assert all(held(consonance, m.payload["externalRef"]) for m in sent)


def test_keyset_paging_reads_every_page(consonance, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(consonance.app.state, "page_size", 2)
    sent = [sent_permission() for _ in range(5)]
    change_in_consonance(consonance, sent[-1].payload["externalRef"], printRunCap=10)

    run = run_and_deliver(django_capture_on_commit_callbacks)

    assert (run.records_checked, run.differences_count) == (5, 1)
    assert run.differences[0]["fields"] == ["printRunCap"]
    assert held(consonance, sent[-1].payload["externalRef"])["printRunCap"] == 5000


def test_between_full_scans_changed_since_finds_edits_and_our_recent_writes_but_not_old_deletions(
    consonance, django_capture_on_commit_callbacks
):
    now = timezone.now()
    ReconciliationRun.objects.create(
        started_at=now - dt.timedelta(days=2), status="succeeded", full_scan=True, finished_at=now
    )
    old = sent_permission()
    OutboxMessage.objects.filter(pk=old.pk).update(sent_at=now - dt.timedelta(days=30))
    recent = sent_permission()
    edited = sent_permission()
    delete_in_consonance(consonance, old.payload["externalRef"])
    delete_in_consonance(consonance, recent.payload["externalRef"])
    change_in_consonance(consonance, edited.payload["externalRef"], placement="INTERIOR")

    run = run_and_deliver(django_capture_on_commit_callbacks, now=now)

    assert not run.full_scan
    assert run.changed_since == (now - dt.timedelta(days=3)).astimezone(dt.UTC).date()
    found = {d["external_ref"]: d["problem"] for d in run.differences}
    # Our own write of two minutes ago must be listed as changed since; it is not, so it is missing.
    assert found == {recent.payload["externalRef"]: "missing", edited.payload["externalRef"]: "changed"}
    assert held(consonance, old.payload["externalRef"]) is None  # left to the next full scan

    full = run_and_deliver(django_capture_on_commit_callbacks, full=True)
    assert full.full_scan and [d["external_ref"] for d in full.differences] == [old.payload["externalRef"]]
    assert held(consonance, old.payload["externalRef"])["status"] == "GRANTED"


def test_a_full_scan_comes_back_by_itself_once_the_last_is_a_week_old(consonance):
    now = timezone.now()
    ReconciliationRun.objects.create(
        started_at=now - dt.timedelta(days=8), status="succeeded", full_scan=True
    )
    ReconciliationRun.objects.create(
        started_at=now - dt.timedelta(days=1), status="succeeded", full_scan=False
    )
    assert reconciliation_run(now=now).full_scan
    assert not reconciliation_run(now=now + dt.timedelta(minutes=5)).full_scan


def test_fields_left_out_of_a_write_are_not_compared(consonance, django_capture_on_commit_callbacks):
    payload = permission_payload(required_credit=None, caption=None)  # not sent: Consonance keeps its own
    ours = sent_permission(payload=payload)
    change_in_consonance(consonance, ours.payload["externalRef"], requiredCredit="Edited in Consonance")

    assert run_and_deliver(django_capture_on_commit_callbacks).differences_count == 0
