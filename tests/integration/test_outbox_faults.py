"""Every write reaches Consonance once in effect, in order, while 20 % of its calls fail.

The Consonance sandbox injects faults on a fifth of all calls: 429, 500, 503, answers slower than the
client's timeout (the sandbox still applies those writes, late), dropped connections and malformed
JSON, each before the call is handled and (but 429 and 503) after it, when the write has landed and
the client cannot know. A hundred picture permissions are written, most of them several times
(REQUESTED, then the decisions), while two worker threads drain the outbox; the writes' own on-commit
deliveries run too. At the end every row is sent, Consonance holds one permission per externalRef in
the last state we wrote, its own record of mutations shows one creation per externalRef, and no older
state of a record was ever applied after a newer one.
"""

import os
import random
import threading
import time

import pytest
from django.db import connection, transaction
from django.db.models import Count

from integration.models import OutboxMessage
from integration.services.outbox import outbox_enqueue
from integration.services.outbox_delivery import outbox_deliver_due
from sandboxes.consonance import extension_writes
from tests.factories.outbox import permission_write

pytestmark = pytest.mark.django_db(transaction=True)

RECORDS = 100
# The plan of writes; another seed (OUTBOX_FAULTS_SEED=n) plays another interleaving.
SEED = int(os.environ.get("OUTBOX_FAULTS_SEED", "20261130"))
FAULT_SHARE = 0.2
CLIENT_TIMEOUT = 0.4
FAULTS = [
    {"kind": "status", "status": 429},
    {"kind": "status", "status": 500},
    {"kind": "status", "status": 503},
    {"kind": "slow", "delay": CLIENT_TIMEOUT * 2},
    {"kind": "drop"},
    {"kind": "malformed"},
    # The write takes effect, then the answer is lost or broken.
    {"kind": "status", "status": 500, "after": True},
    {"kind": "slow", "delay": CLIENT_TIMEOUT * 2, "after": True},
    {"kind": "drop", "after": True},
    {"kind": "malformed", "after": True},
]
DECISIONS = ["REQUESTED", "REQUESTED", "GRANTED", "REFUSED", "WITHDRAWN"]


def inject_faults(app) -> None:
    """Each kind on FAULT_SHARE / len(FAULTS) of all calls: a plan only sees the calls the plans
    before it let through, so its own share is scaled up to match."""
    each = FAULT_SHARE / len(FAULTS)
    for index, plan in enumerate(FAULTS):
        app.faults.add_from_json({**plan, "share": each / (1 - index * each)})


@pytest.fixture
def applied(monkeypatch):
    """Which state each upsert the sandbox applied carried, in order: (externalRef, state). The sandbox's
    own record of mutations says which record and whether it was created, not what was written."""
    log: list[tuple[str, bool, int]] = []
    real_upsert = extension_writes.upsert_picture_permission

    def recording_upsert(state, data):
        result = real_upsert(state, data)
        if not result["errors"]:
            log.append((data["externalRef"], int(data["approvalStatus"].split()[1])))
        return result

    monkeypatch.setattr(extension_writes, "upsert_picture_permission", recording_upsert)
    return log


@pytest.fixture
def fast_retries(settings):
    settings.CONSONANCE_TIMEOUT_SECONDS = CLIENT_TIMEOUT
    settings.OUTBOX_RETRY_BASE_SECONDS = 0.02
    settings.OUTBOX_RETRY_CAP_SECONDS = 0.5
    settings.OUTBOX_LEASE_SECONDS = 30
    # A slow answer is applied by the sandbox CLIENT_TIMEOUT after the client gave up on it.
    settings.OUTBOX_SETTLE_SECONDS = CLIENT_TIMEOUT * 2
    return settings


def test_every_write_arrives_once_in_effect_and_in_order_through_faults(consonance, applied, fast_retries):
    plan = random.Random(SEED)
    work_ids = consonance.app.work_ids()
    refs = [f"getty:{9_100_000 + n}:{n}" for n in range(RECORDS)]
    work_of = {ref: work_ids[n % 60] for n, ref in enumerate(refs)}
    # Each record's history: REQUESTED, then up to three later states; the writes of all records
    # interleave at random, as decisions on many requests do.
    histories = {ref: ["REQUESTED"] + plan.choices(DECISIONS, k=plan.randint(0, 3)) for ref in refs}
    decisions = [ref for ref in refs for _ in histories[ref][1:]]
    order = plan.sample(refs, RECORDS) + plan.sample(decisions, len(decisions))
    inject_faults(consonance.app)

    stop = threading.Event()
    problems: list[str] = []

    def worker() -> None:
        try:
            while not stop.is_set():
                if not outbox_deliver_due(time_budget=2.0, batch=10):
                    time.sleep(0.01)
        except Exception as error:  # noqa: BLE001 - reported below
            problems.append(repr(error))
        finally:
            connection.close()

    workers = [threading.Thread(target=worker) for _ in range(2)]
    for thread in workers:
        thread.start()
    state_of: dict[str, int] = {}
    last_status: dict[str, str] = {}
    try:
        for ref in order:
            state_of[ref] = state_of.get(ref, 0) + 1
            status = histories[ref][state_of[ref] - 1]
            with transaction.atomic():  # the decision's transaction; its on-commit delivery runs inline
                outbox_enqueue(
                    permission_write(ref, work_id=work_of[ref], status=status, state=state_of[ref])
                )
            last_status[ref] = status
    finally:
        stop.set()
        for thread in workers:
            thread.join(timeout=60)
    assert problems == []

    deadline = time.monotonic() + 120
    while OutboxMessage.objects.filter(status__in=OutboxMessage.UNFINISHED).exists():
        assert time.monotonic() < deadline, "the outbox did not drain within two minutes"
        outbox_deliver_due(time_budget=5.0)
        time.sleep(0.02)

    rows = OutboxMessage.objects.all()
    assert dict(rows.values_list("status").annotate(n=Count("id"))) == {"sent": rows.count()}
    assert consonance.app.faults.injected >= 20, "the faults did not fire"

    held = consonance.app.picture_permissions()
    assert len(held) == len({p["externalRef"] for p in held}) == RECORDS
    assert {p["externalRef"]: p["status"] for p in held} == last_status
    assert {p["externalRef"]: p["approvalStatus"] for p in held} == {
        ref: f"state {state}" for ref, state in state_of.items()
    }

    # Once in effect: one record and one creation per externalRef (the sandbox's own record), and
    # never an older state applied after a newer one.
    assert consonance.app.records_per_key()["picturePermission"] == dict.fromkeys(refs, 1)
    mutations = [m for m in consonance.app.mutation_log() if m["operation"] == "upsertPicturePermission"]
    assert sorted(m["key"] for m in mutations if m["created"]) == sorted(refs)
    assert len(mutations) == len(applied) >= rows.count()  # every row's payload landed at least once
    newest: dict[str, int] = {}
    for ref, state in applied:
        assert state >= newest.get(ref, 0), f"{ref}: state {state} applied after state {newest[ref]}"
        newest[ref] = state
    assert newest == state_of
