"""The outbox core: what is queued, who may send it, in which order, and what a failure leaves behind.

Deliveries cross a real socket to the Consonance sandbox; faults are the sandbox's own. Claims by
several workers at once run in threads with their own connections, on the suite's database (an
SQLite file by default, PostgreSQL through DATABASE_URL).
"""

import datetime as dt
import threading
import time

import pytest
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from integration.models import OutboxMessage
from integration.services import outbox_delivery
from integration.services.outbox import OutboxRefused, outbox_enqueue, outbox_replay, outbox_retry
from integration.services.outbox_delivery import (
    Delivery,
    outbox_claim,
    outbox_deliver,
    outbox_deliver_due,
    outbox_send,
    retry_delay,
)
from tests.factories.outbox import permission_write

Status = OutboxMessage.Status
REF = "getty:700001:41"
KEY = f"permission:{REF}"


@pytest.fixture
def work_id(consonance):
    return consonance.app.work_ids()[3]


@pytest.fixture
def quick(settings):
    """One call per attempt and no wait between attempts: what the outbox does is what is counted."""
    settings.OUTBOX_CLIENT_RETRIES = 0
    settings.OUTBOX_RETRY_BASE_SECONDS = 0.0
    settings.CONSONANCE_TIMEOUT_SECONDS = 0.3
    return settings


def held(consonance, ref=REF) -> list[dict]:
    return [p for p in consonance.app.picture_permissions() if p["externalRef"] == ref]


def upserts(consonance) -> int:
    return consonance.app.total_calls("POST /graphql")


def send_one(row: OutboxMessage) -> str:
    delivery = Delivery()
    try:
        return outbox_send(row, delivery)
    finally:
        delivery.close()


# --- queueing ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_newer_state_replaces_a_waiting_row_of_the_same_record(work_id):
    first = outbox_enqueue(permission_write(REF, work_id=work_id, status="REQUESTED", state=1))
    second = outbox_enqueue(permission_write(REF, work_id=work_id, status="GRANTED", state=2))

    row = OutboxMessage.objects.get()
    assert second.pk == first.pk == row.pk
    assert (row.status, row.payload["status"], row.payload["approvalStatus"]) == (
        "pending",
        "GRANTED",
        "state 2",
    )
    assert row.label == "Permission GRANTED"
    assert row.version == first.version + 1


@pytest.mark.django_db
def test_a_dead_row_takes_the_newer_state_and_is_due_again_at_once(work_id):
    row = outbox_enqueue(permission_write(REF, work_id=work_id, state=1))
    OutboxMessage.objects.filter(pk=row.pk).update(
        status=Status.DEAD, attempts=12, last_error="Gave up after 12 attempts."
    )

    now = timezone.now()
    replaced = outbox_enqueue(permission_write(REF, work_id=work_id, status="GRANTED", state=2), now=now)

    assert replaced.pk == row.pk
    assert (replaced.status, replaced.attempts, replaced.next_attempt_at) == (Status.PENDING, 0, now)
    assert replaced.payload["approvalStatus"] == "state 2"


@pytest.mark.django_db
def test_a_retrying_row_takes_the_newer_state_but_keeps_its_next_attempt(work_id):
    """Its earlier send may still land in Consonance (a timeout); the newer state must not overtake it."""
    row = outbox_enqueue(permission_write(REF, work_id=work_id, state=1))
    due = timezone.now() + dt.timedelta(seconds=30)
    OutboxMessage.objects.filter(pk=row.pk).update(status=Status.RETRYING, attempts=4, next_attempt_at=due)

    replaced = outbox_enqueue(permission_write(REF, work_id=work_id, status="GRANTED", state=2))

    assert (replaced.pk, replaced.status, replaced.attempts) == (row.pk, Status.RETRYING, 0)
    assert replaced.next_attempt_at == due
    assert replaced.payload["approvalStatus"] == "state 2"
    assert outbox_claim(now=timezone.now(), limit=10) == []


@pytest.mark.django_db
def test_a_row_being_sent_is_not_replaced_and_the_newer_state_waits_behind_it(work_id):
    sending = outbox_enqueue(permission_write(REF, work_id=work_id, state=1))
    [claimed] = outbox_claim(now=timezone.now(), limit=10)

    newer = outbox_enqueue(permission_write(REF, work_id=work_id, status="GRANTED", state=2))

    assert newer.pk != sending.pk
    sending.refresh_from_db()
    assert (sending.status, sending.payload["approvalStatus"]) == (Status.SENDING, "state 1")
    assert outbox_claim(now=timezone.now() + dt.timedelta(seconds=1), limit=10) == []
    assert claimed.pk == sending.pk


@pytest.mark.django_db
def test_writes_of_different_records_never_coalesce(work_id):
    outbox_enqueue(permission_write(REF, work_id=work_id))
    outbox_enqueue(permission_write("getty:700002:42", work_id=work_id))

    assert OutboxMessage.objects.count() == 2


@pytest.mark.django_db
def test_a_newer_state_never_revives_an_older_dead_row_while_a_newer_one_is_in_flight(work_id):
    """A dead, then B (newer) sending: a third state must queue behind B, not wake A beside it.

    Waking A would put two writes of one record in flight at once, and the older (B) could land last.
    """
    old = outbox_enqueue(permission_write(REF, work_id=work_id, state=1))
    outbox_claim(now=timezone.now(), limit=1)
    newer = outbox_enqueue(permission_write(REF, work_id=work_id, state=2))
    OutboxMessage.objects.filter(pk=old.pk).update(status=Status.DEAD, lease_until=None, last_error="x")
    [in_flight] = outbox_claim(now=timezone.now(), limit=10)
    assert in_flight.pk == newer.pk

    newest = outbox_enqueue(permission_write(REF, work_id=work_id, state=3))

    assert newest.pk not in (old.pk, newer.pk)
    assert OutboxMessage.objects.get(pk=old.pk).status == Status.DEAD
    assert outbox_claim(now=timezone.now(), limit=10) == []


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_leaves_no_row_and_queues_no_delivery(work_id, consonance, monkeypatch):
    queued = []
    monkeypatch.setattr("integration.tasks.enqueue_outbox_delivery", queued.append)

    class Undone(Exception):
        pass

    with pytest.raises(Undone), transaction.atomic():
        outbox_enqueue(permission_write(REF, work_id=work_id))
        raise Undone

    assert OutboxMessage.objects.count() == 0
    assert queued == []
    assert upserts(consonance) == 0

    with transaction.atomic():
        row = outbox_enqueue(permission_write(REF, work_id=work_id))
    assert queued == [row.pk]


@pytest.mark.django_db
def test_a_committed_write_queues_one_delivery_that_sends_it(
    work_id, consonance, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as queued:
        row = outbox_enqueue(permission_write(REF, work_id=work_id, status="GRANTED"))

    assert len(queued) == 1
    row.refresh_from_db()
    assert row.status == Status.SENT and row.sent_at is not None
    assert row.last_response["status"] == "GRANTED"
    [permission] = held(consonance)
    assert permission["status"] == "GRANTED"


# --- claims --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_newer_row_of_a_record_is_not_claimable_while_an_older_one_is_unfinished(work_id):
    now = timezone.now()
    older = outbox_enqueue(permission_write(REF, work_id=work_id, state=1), now=now)
    outbox_claim(now=now, limit=1)  # sending: the next state cannot coalesce into it
    newer = outbox_enqueue(permission_write(REF, work_id=work_id, state=2), now=now)
    other = outbox_enqueue(permission_write("getty:700002:42", work_id=work_id), now=now)
    # The older one failed and waits for its next attempt: the newer one waits behind it.
    OutboxMessage.objects.filter(pk=older.pk).update(
        status=Status.RETRYING, next_attempt_at=now + dt.timedelta(minutes=5), lease_until=None
    )

    assert [r.pk for r in outbox_claim(now=now + dt.timedelta(seconds=1), limit=10)] == [other.pk]
    later = now + dt.timedelta(minutes=6)
    assert [r.pk for r in outbox_claim(now=later, limit=10, natural_key=KEY)] == [older.pk]

    OutboxMessage.objects.filter(pk=older.pk).update(status=Status.SENT, sent_at=now)
    assert [r.pk for r in outbox_claim(now=later, limit=10, natural_key=KEY)] == [newer.pk]


@pytest.mark.django_db
def test_a_dead_older_row_does_not_hold_up_the_newer_state(work_id):
    now = timezone.now()
    older = outbox_enqueue(permission_write(REF, work_id=work_id, state=1), now=now)
    outbox_claim(now=now, limit=1)
    newer = outbox_enqueue(permission_write(REF, work_id=work_id, state=2), now=now)
    OutboxMessage.objects.filter(pk=older.pk).update(status=Status.DEAD, lease_until=None)

    assert [r.pk for r in outbox_claim(now=now, limit=10)] == [newer.pk]


@pytest.mark.django_db(transaction=True)
def test_workers_claiming_at_the_same_time_never_get_the_same_row(work_id, monkeypatch):
    monkeypatch.setattr("integration.tasks.enqueue_outbox_delivery", lambda message_id: None)
    rows = 60
    for n in range(rows):
        outbox_enqueue(permission_write(f"getty:8{n:05d}:1", work_id=work_id))
    workers = 6
    barrier = threading.Barrier(workers)
    claims: list[list[int]] = [[] for _ in range(workers)]
    errors = []

    def work(index):
        try:
            barrier.wait(timeout=10)
            while batch := outbox_claim(now=timezone.now(), limit=3):
                claims[index].extend(row.pk for row in batch)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    every_claim = [pk for claimed in claims for pk in claimed]
    assert len(every_claim) == len(set(every_claim)) == rows
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {Status.SENDING}
    assert set(OutboxMessage.objects.values_list("attempts", flat=True)) == {1}


@pytest.mark.django_db
def test_a_claim_takes_its_batch_in_one_update_and_falls_back_to_row_by_row_when_a_row_moved(work_id):
    """A database that neither locks the rows read nor serialises the claim could let another worker
    take one of them in between: the batch update then keeps nothing, and row by row keeps the rest."""
    now = timezone.now()
    for n in range(3):
        outbox_enqueue(permission_write(f"getty:8{n:05d}:1", work_id=work_id), now=now)
    read = list(OutboxMessage.objects.order_by("id"))
    OutboxMessage.objects.filter(pk=read[1].pk).update(  # another worker took it meanwhile
        status=Status.SENDING, lease_until=now + dt.timedelta(minutes=2), version=F("version") + 1
    )

    with pytest.raises(outbox_delivery._Moved), transaction.atomic():
        outbox_delivery._take_all(read, now=now)
    assert list(OutboxMessage.objects.order_by("id").values_list("status", flat=True)) == [
        Status.PENDING,
        Status.SENDING,
        Status.PENDING,
    ]

    taken = outbox_delivery._take_each(read, now=now)
    assert [row.pk for row in taken] == [read[0].pk, read[2].pk]
    assert all(row.status == Status.SENDING and row.attempts == 1 for row in taken)


@pytest.mark.django_db
def test_a_row_whose_lease_ran_out_is_taken_by_another_worker_and_the_first_one_sends_nothing(
    work_id, consonance, settings
):
    settings.OUTBOX_LEASE_SECONDS = 30
    claimed_at = timezone.now() - dt.timedelta(seconds=31)  # the first worker stalled past its lease
    outbox_enqueue(permission_write(REF, work_id=work_id, status="GRANTED"), now=claimed_at)
    [stalled] = outbox_claim(now=claimed_at, limit=1)

    assert outbox_claim(now=claimed_at + dt.timedelta(seconds=29), limit=1) == []
    [taken] = outbox_claim(now=timezone.now(), limit=1)
    assert (taken.pk, taken.attempts) == (stalled.pk, 2)

    assert send_one(stalled) != Status.SENT  # its lease is gone: it must not send
    assert upserts(consonance) == 0
    assert send_one(taken) == Status.SENT
    assert upserts(consonance) == 1
    row = OutboxMessage.objects.get()
    assert (row.status, row.attempts) == (Status.SENT, 2)


@pytest.mark.django_db
def test_a_batch_gives_back_rows_whose_lease_would_run_out_before_their_turn(
    work_id, consonance, settings, monkeypatch
):
    """Rows claimed together are sent one after another; the last ones must not go out after their
    lease ran out (another worker may have sent them, and a newer state after them, by then)."""
    settings.OUTBOX_LEASE_SECONDS = 10
    for n in range(3):
        outbox_enqueue(permission_write(f"getty:8{n:05d}:1", work_id=work_id))
    clock = {"now": timezone.now()}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])
    real_handler = outbox_delivery._handlers[OutboxMessage.Kind.PICTURE_PERMISSION]
    lease_left_at_send = []

    def slow_handler(payload, delivery):
        row = OutboxMessage.objects.get(natural_key=f"permission:{payload['externalRef']}")
        lease_left_at_send.append((row.lease_until - clock["now"]).total_seconds())
        clock["now"] += dt.timedelta(seconds=4)  # each send takes 4 s of the 10 s lease
        return real_handler(payload, delivery)

    monkeypatch.setitem(outbox_delivery._handlers, OutboxMessage.Kind.PICTURE_PERMISSION, slow_handler)

    assert outbox_deliver_due(time_budget=30, batch=3) == 3

    assert len(lease_left_at_send) == 3
    assert min(lease_left_at_send) >= settings.OUTBOX_LEASE_SECONDS / 2
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {Status.SENT}
    assert upserts(consonance) == 3


# --- retries and failures ------------------------------------------------------------------------------


def test_backoff_grows_with_full_jitter_up_to_the_cap(settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 2.0
    settings.OUTBOX_RETRY_CAP_SECONDS = 60.0
    for attempts, ceiling in [(1, 2.0), (2, 4.0), (3, 8.0), (5, 32.0), (6, 60.0), (40, 60.0)]:
        delays = [retry_delay(attempts) for _ in range(2000)]
        assert 0 <= min(delays) < ceiling * 0.05, attempts
        assert ceiling * 0.95 < max(delays) <= ceiling, attempts
        assert ceiling * 0.45 < sum(delays) / len(delays) < ceiling * 0.55, (
            attempts
        )  # uniform on [0, ceiling]

    # Never sooner than Consonance's Retry-After, never later than the cap.
    assert all(20 <= retry_delay(1, retry_after=20) <= 60 for _ in range(200))
    assert retry_delay(1, retry_after=3600) == 60


TRANSIENT_FAULTS = {
    "429": {"kind": "status", "status": 429, "headers": {"Retry-After": "0"}},
    "500": {"kind": "status", "status": 500},
    "502": {"kind": "status", "status": 502},
    "503": {"kind": "status", "status": 503},
    "timeout": {"kind": "slow", "delay": 0.8},
    "dropped": {"kind": "drop"},
    "malformed": {"kind": "malformed"},
}


@pytest.fixture
def plan_fault(consonance):
    """Plan one of TRANSIENT_FAULTS for the next call. A slow answer is waited out when the test ends:
    the sandbox applies its write late, and it must land in this test's sandbox, not the next one's."""
    longest = 0.0

    def plan(name: str) -> None:
        nonlocal longest
        consonance.app.faults.add_from_json({**TRANSIENT_FAULTS[name], "next": 1})
        longest = max(longest, TRANSIENT_FAULTS[name].get("delay", 0.0))

    yield plan
    time.sleep(longest)


@pytest.mark.django_db
@pytest.mark.parametrize("fault", TRANSIENT_FAULTS, ids=list(TRANSIENT_FAULTS))
def test_a_passing_failure_leaves_the_row_retrying_later(fault, work_id, consonance, quick, plan_fault):
    quick.OUTBOX_RETRY_BASE_SECONDS = 60.0
    row = outbox_enqueue(permission_write(REF, work_id=work_id))
    plan_fault(fault)
    before = timezone.now()

    assert outbox_deliver(message_id=row.pk) == 0

    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.RETRYING, 1)
    assert row.last_error.startswith("Consonance")
    assert before <= row.next_attempt_at <= timezone.now() + dt.timedelta(seconds=60)
    assert row.lease_until is None

    row.next_attempt_at = timezone.now()
    row.save(update_fields=["next_attempt_at"])
    assert outbox_deliver_due() == 1
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (Status.SENT, 2, "")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fault", "settles"),
    [
        ("timeout", True),
        ("dropped", True),
        ("500", True),
        ("503", False),
        ("429", False),
        ("malformed", True),
    ],
)
def test_after_an_unknown_outcome_the_next_send_waits_for_the_first_to_settle(
    fault, settles, work_id, consonance, quick, plan_fault
):
    """A send that timed out may still be applied by Consonance later; a newer state sent before it
    lands would be overwritten by it. A 503 or a 429 says it was not processed."""
    quick.OUTBOX_SETTLE_SECONDS = 20.0
    row = outbox_enqueue(permission_write(REF, work_id=work_id))
    plan_fault(fault)
    before = timezone.now()

    outbox_deliver(message_id=row.pk)

    row.refresh_from_db()
    assert row.status == Status.RETRYING
    wait = (row.next_attempt_at - before).total_seconds()
    assert wait >= 20.0 if settles else wait < 5.0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fault", "calls", "status"), [("503", 2, Status.SENT), ("timeout", 1, Status.RETRYING)]
)
def test_quick_retries_inside_an_attempt_resend_only_what_consonance_did_not_act_on(
    fault, calls, status, work_id, consonance, quick, plan_fault
):
    quick.OUTBOX_CLIENT_RETRIES = 2
    row = outbox_enqueue(permission_write(REF, work_id=work_id))
    plan_fault(fault)

    outbox_deliver(message_id=row.pk)

    row.refresh_from_db()
    assert (row.status, row.attempts) == (status, 1)
    assert upserts(consonance) == calls


@pytest.mark.django_db
def test_a_failed_send_is_not_tried_again_in_the_same_delivery(work_id, consonance, quick):
    """The task queued on commit sends the row once; the schedule tries it again when due."""
    row = outbox_enqueue(permission_write(REF, work_id=work_id))
    consonance.app.faults.add("status", status=503, next_n=50)

    outbox_deliver(message_id=row.pk)

    assert upserts(consonance) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.RETRYING, 1)


PERMANENT_FAILURES = {
    "payload errors": (
        "work",
        "Consonance refused upsertPicturePermission: workId: Work 99999999 does not exist.",
    ),
    "GraphQL errors": ("status", "Consonance rejected our query:"),
    "401": ("key", "Consonance refused our API key (401). Check CONSONANCE_API_KEY."),
}


@pytest.mark.django_db
@pytest.mark.parametrize("failure", PERMANENT_FAILURES, ids=list(PERMANENT_FAILURES))
def test_a_write_consonance_refuses_is_dead_at_once_with_its_message(failure, work_id, consonance, settings):
    settings.OUTBOX_CLIENT_RETRIES = 2
    what, message = PERMANENT_FAILURES[failure]
    write = permission_write(REF, work_id=99999999 if what == "work" else work_id)
    if what == "status":
        write.payload["status"] = "MAYBE"  # not a PermissionStatus: the variables fail validation
    if what == "key":
        settings.CONSONANCE_API_KEY = "wrong-key-0123456789abcdef0123456"
    row = outbox_enqueue(write)

    outbox_deliver(message_id=row.pk)

    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.DEAD, 1)
    assert row.last_error.startswith(message)
    assert upserts(consonance) == 1  # no retry of a write that cannot succeed
    assert outbox_deliver_due() == 0


@pytest.mark.django_db
def test_a_write_that_keeps_failing_is_dead_after_the_last_attempt(work_id, consonance, quick):
    quick.OUTBOX_MAX_ATTEMPTS = 3
    row = outbox_enqueue(permission_write(REF, work_id=work_id))
    consonance.app.faults.add("status", status=503, next_n=50)

    for _ in range(5):
        outbox_deliver_due()

    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.DEAD, 3)
    assert row.last_error.startswith("Gave up after 3 attempts. Last error: Consonance answered HTTP 503")
    assert upserts(consonance) == 3


# --- retry and replay ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_dead_write_retried_after_the_fix_is_delivered(
    work_id, consonance, settings, django_capture_on_commit_callbacks
):
    settings.CONSONANCE_API_KEY = "wrong-key-0123456789abcdef0123456"
    row = outbox_enqueue(permission_write(REF, work_id=work_id, status="GRANTED"))
    outbox_deliver(message_id=row.pk)
    row.refresh_from_db()
    assert row.status == Status.DEAD
    settings.CONSONANCE_API_KEY = consonance.app.api_key

    with django_capture_on_commit_callbacks(execute=True) as queued:
        retried = outbox_retry(message=row, by="pat")

    assert len(queued) == 1
    assert retried.last_error.startswith("Retried by pat at ")
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (Status.SENT, 1, "")
    assert [p["status"] for p in held(consonance)] == ["GRANTED"]


@pytest.mark.django_db
def test_retrying_a_sent_or_waiting_write_is_refused(work_id, consonance):
    row = outbox_enqueue(permission_write(REF, work_id=work_id))
    with pytest.raises(OutboxRefused, match="Only a write that gave up"):
        outbox_retry(message=row)

    outbox_deliver(message_id=row.pk)
    row.refresh_from_db()
    with pytest.raises(OutboxRefused, match="already delivered"):
        outbox_retry(message=row)
    assert OutboxMessage.objects.get().status == Status.SENT
    assert upserts(consonance) == 1


@pytest.mark.django_db
def test_an_older_dead_write_of_a_record_is_not_sent_over_the_newer_state(work_id, consonance):
    """Retrying or replaying a superseded write would put Consonance back to an older state."""
    old = outbox_enqueue(permission_write(REF, work_id=work_id, status="REQUESTED", state=1))
    outbox_claim(now=timezone.now(), limit=1)
    newer = outbox_enqueue(permission_write(REF, work_id=work_id, status="GRANTED", state=2))
    OutboxMessage.objects.filter(pk=old.pk).update(status=Status.DEAD, lease_until=None, last_error="x")
    outbox_deliver(message_id=newer.pk)
    assert [p["status"] for p in held(consonance)] == ["GRANTED"]
    old.refresh_from_db()

    with pytest.raises(OutboxRefused, match="newer write"):
        outbox_retry(message=old)
    with pytest.raises(OutboxRefused, match="newer write"):
        outbox_replay(message=old)

    assert OutboxMessage.objects.get(pk=old.pk).status == Status.DEAD
    assert outbox_deliver_due() == 0
    assert [p["status"] for p in held(consonance)] == ["GRANTED"]


@pytest.mark.django_db
def test_replaying_the_latest_sent_write_sends_its_payload_again_to_the_same_record(work_id, consonance):
    row = outbox_enqueue(permission_write(REF, work_id=work_id, status="GRANTED"))
    outbox_deliver(message_id=row.pk)
    row.refresh_from_db()

    again = outbox_replay(message=row)
    outbox_deliver(message_id=again.pk)

    again.refresh_from_db()
    assert again.pk != row.pk and again.status == Status.SENT
    assert [p["status"] for p in held(consonance)] == ["GRANTED"]
    assert upserts(consonance) == 2
