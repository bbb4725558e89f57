"""Kill the workers with SIGKILL at random moments, 50 times, while 200 writes are in flight.

Real processes: the Consonance sandbox served by `manage.py sandbox`, and `manage.py qcluster`
(ORM broker) on this test's database, which they share: one cluster on SQLite, two at once on
PostgreSQL. Each kill takes down a whole cluster (its process group, workers included) mid-whatever,
and it is started again at once. The sandbox answers every call 0.1 s late so sends are often under
way when the kill comes.

How the workers are kept busy: every write queues its own delivery task on commit (as in
production), and the test queues `deliver_due_outbox` (the every-minute schedule's task) a few times
a second, since a one-minute schedule is far too slow for a test; with a 4 s lease, rows a killed
worker held come back quickly. At the end every row is sent or dead with a reason, and the sandbox
holds exactly one permission per natural key (its own record of mutations: one creation each), in
the last state written.
"""

import random
import signal
import time

import pytest
import requests
from django.db import connection, transaction
from django_q.models import Schedule
from django_q.tasks import async_task

from integration.consonance.client import ConsonanceClient
from integration.models import OutboxMessage
from integration.services.outbox import outbox_enqueue
from tests.factories.outbox import permission_write
from tests.processes import SandboxProcess, database_url, kill_group, process_env, start_manage

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

KEY = "crash-test-consonance-key-000000"  # 32 characters
WRITES = 200
RECORDS = 150
KILLS = 50
LEASE_SECONDS = 4


@pytest.fixture
def sandbox(tmp_path):
    running = SandboxProcess(api_key=KEY, log=tmp_path / "sandbox.log").start()
    requests.post(  # every call answered late (well inside the client's timeout): sends are under way
        f"{running.url}/_sandbox/faults", json={"kind": "slow", "delay": 0.1, "share": 1.0}, timeout=5
    ).raise_for_status()
    yield running
    running.stop()


@pytest.fixture
def real_task_queue(monkeypatch):
    """Tasks go to the ORM broker in the shared database, for the qcluster processes (the test
    settings run them inline)."""
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "SYNC", False)
    Schedule.objects.all().delete()  # only what the test queues runs


class Workers:
    def __init__(self, count: int, env: dict, log_dir):
        self.env, self.log_dir = env, log_dir
        self.processes = [self._start(n) for n in range(count)]
        self.kills = 0

    def _start(self, n: int):
        return start_manage("qcluster", env=self.env, log=self.log_dir / f"qcluster-{n}.log")

    def kill_and_restart(self, n: int) -> None:
        kill_group(self.processes[n], signal.SIGKILL)
        self.kills += 1
        self.processes[n] = self._start(n)

    def stop(self) -> None:
        for process in self.processes:
            kill_group(process, signal.SIGKILL)


def queue_delivery_run() -> None:
    async_task("integration.tasks.deliver_due_outbox")


def test_killed_workers_lose_no_write_and_double_none(sandbox, real_task_queue, tmp_path):
    plan = random.Random(4242)
    postgres = connection.vendor == "postgresql"
    work_ids = [w.id for w in next(ConsonanceClient(base_url=sandbox.url, api_key=KEY).iter_work_pages())]
    refs = [f"getty:{7_000_000 + n}:{n}" for n in range(RECORDS)]
    work_of = {ref: work_ids[n % len(work_ids)] for n, ref in enumerate(refs)}
    # The first write of every record, with the later decisions on some of them mixed in.
    order = plan.sample(refs, RECORDS)
    for index in range(WRITES - RECORDS):
        order.insert(plan.randint(RECORDS // 3 + index, len(order)), plan.choice(refs[: RECORDS // 2]))
    env = process_env(
        DATABASE_URL=database_url(connection.settings_dict),
        CONSONANCE_URL=sandbox.url,
        CONSONANCE_API_KEY=KEY,
        CONSONANCE_TIMEOUT_SECONDS="1.5",
        OUTBOX_LEASE_SECONDS=str(LEASE_SECONDS),
        OUTBOX_DRAIN_SECONDS="2",
        OUTBOX_RETRY_BASE_SECONDS="0.2",
        OUTBOX_RETRY_CAP_SECONDS="2",
        OUTBOX_SETTLE_SECONDS="1",
        Q_WORKERS="2",
        Q_TIMEOUT_SECONDS="10",
        Q_RETRY_SECONDS="12",
    )
    workers = Workers(2 if postgres else 1, env, tmp_path)
    state_of: dict[str, int] = {}
    started = time.monotonic()
    try:
        per_kill = -(-len(order) // KILLS)
        for kill in range(KILLS):
            for ref in order[kill * per_kill : (kill + 1) * per_kill]:
                state_of[ref] = state_of.get(ref, 0) + 1
                status = (
                    "REQUESTED" if state_of[ref] == 1 else plan.choice(["GRANTED", "REFUSED", "WITHDRAWN"])
                )
                with transaction.atomic():
                    outbox_enqueue(
                        permission_write(ref, work_id=work_of[ref], status=status, state=state_of[ref])
                    )
            queue_delivery_run()
            # A random moment: often mid-send, sometimes while the cluster is still starting.
            deadline = time.monotonic() + plan.uniform(0.3, 1.6)
            while time.monotonic() < deadline:
                time.sleep(0.25)
                queue_delivery_run()
            workers.kill_and_restart(plan.randrange(len(workers.processes)))
        killed_at = time.monotonic()

        deadline = time.monotonic() + 180
        while OutboxMessage.objects.filter(status__in=OutboxMessage.UNFINISHED).exists():
            assert time.monotonic() < deadline, (
                "the outbox did not drain within three minutes of the last kill"
            )
            queue_delivery_run()
            time.sleep(0.5)
        drained_at = time.monotonic()
    finally:
        workers.stop()

    assert workers.kills == KILLS
    assert sum(state_of.values()) == WRITES
    rows = list(OutboxMessage.objects.order_by("id"))
    assert {row.status for row in rows} <= {OutboxMessage.Status.SENT, OutboxMessage.Status.DEAD}
    assert all(row.last_error for row in rows if row.status == OutboxMessage.Status.DEAD)

    written = requests.get(f"{sandbox.url}/_sandbox/written", timeout=10).json()["picturePermissions"]
    held = {p["externalRef"]: p for p in written}
    assert len(written) == len(held) == RECORDS  # none missing
    # The sandbox's own record: one stored permission and one creation per natural key.
    record = requests.get(f"{sandbox.url}/_sandbox/mutations", timeout=10).json()
    assert record["recordsPerKey"]["picturePermission"] == dict.fromkeys(refs, 1)
    upserts = [m for m in record["mutations"] if m["operation"] == "upsertPicturePermission"]
    assert sorted(m["key"] for m in upserts if m["created"]) == sorted(refs)
    newest = {}
    for row in rows:
        newest[row.natural_key] = row
    for ref in refs:
        row = newest[f"permission:{ref}"]
        if row.status == OutboxMessage.Status.SENT:
            assert held[ref]["approvalStatus"] == f"state {state_of[ref]}", ref
            assert held[ref]["status"] == row.payload["status"], ref
    print(
        f"\n{len(rows)} outbox rows for {WRITES} writes of {RECORDS} records; {KILLS} kills of "
        f"{len(workers.processes)} cluster(s) in {killed_at - started:.0f} s, drained "
        f"{drained_at - killed_at:.0f} s later; {sum(r.status == 'dead' for r in rows)} dead; "
        f"attempts: max {max(r.attempts for r in rows)}, rows claimed more than once "
        f"{sum(r.attempts > 1 for r in rows)}; {len(upserts)} upserts applied"
    )
