"""Outbox delivery: throughput of one worker against a bare `requests` loop, and commit-to-Consonance latency.

The Consonance sandbox runs in a process of its own (as Consonance is another machine: its GraphQL work
does not wait for this process's interpreter lock), DEBUG off, a fresh SQLite database.
1. outbox_delivery_throughput_ratio: 1,000 picture-permission writes delivered by one worker (the
   drain `outbox_deliver_due` in this process: claim, send through the client, record the outcome)
   against a bare `requests.Session` loop posting the same `upsertPicturePermission` mutations to the
   same sandbox. Both sides run in ROUNDS alternating rounds of 1,000 / ROUNDS writes, each side writing
   records of its own, so both see the same machine; the rows are queued (the decisions' own
   transactions) before the drain is timed. The ratio is of the median rounds (a burst of another
   process's work on a shared machine lands in one round of one side, not in the figure); the totals
   are printed beside it. Target >= 0.5.
2. outbox_commit_to_consonance_p95_seconds: a real `manage.py qcluster` (ORM broker, default poll
   0.2 s) idles on the same database; a write is committed, its on-commit task is queued, and the
   sandbox notes when it applies the upsert (time.time() in its process: its record of mutations
   keeps whole seconds only). From the commit to the sandbox applying the write,
   SAMPLES writes a few tenths of a second apart: p95 <= 2 s (p50 printed beside it).
The django-q2 schedules are removed first, so only the on-commit task delivers (the every-minute
schedule is the fallback for a lost task, not the path measured).

BENCH_PROFILE=1 prints a cProfile of one drain of 500 rows instead of the BENCH lines.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_DEBUG", "false")  # DEBUG would also record every query it runs

from bench.common import ROOT, fresh_database, p95, report, setup_django  # noqa: E402

KEY = "bench-consonance-key-0123456789ab"
WRITES = 1000
ROUNDS = 10
SAMPLES = 60
THROUGHPUT_TARGET = 0.5
LATENCY_TARGET = 2.0  # seconds


def serve_consonance(conn) -> None:
    """The child process: serve the sandbox, note when each permission's upsert is applied, answer."""
    from sandboxes.consonance import extension_writes
    from sandboxes.consonance.app import ConsonanceSandbox
    from sandboxes.server import serve_in_thread

    applied: dict[str, float] = {}
    real_upsert = extension_writes.upsert_picture_permission

    def noting_upsert(state, data):
        result = real_upsert(state, data)
        applied.setdefault(data["externalRef"], time.time())
        return result

    extension_writes.upsert_picture_permission = noting_upsert
    app = ConsonanceSandbox(api_key=KEY, works=300)
    sandbox = serve_in_thread(app)
    conn.send((sandbox.url, app.work_ids()))
    while True:
        command, argument = conn.recv()
        if command == "applied":
            conn.send(applied.get(argument))
        elif command == "count":
            conn.send(len(app.picture_permissions()))
        else:
            sandbox.stop()
            conn.send(None)
            return


class SandboxProcess:
    def __init__(self):
        import multiprocessing

        context = multiprocessing.get_context("fork")  # before this process opens its database
        self.conn, child = context.Pipe()
        self.process = context.Process(target=serve_consonance, args=(child,), daemon=True)
        self.process.start()
        self.url, self.work_ids = self.conn.recv()

    def ask(self, command: str, argument=None):
        self.conn.send((command, argument))
        return self.conn.recv()

    def stop(self) -> None:
        self.ask("stop")
        self.process.join(timeout=10)


def bare_loop(url: str, payloads: list[dict]) -> float:
    """POST each upsert with a plain keep-alive session; return the seconds taken."""
    import requests

    from integration.consonance.extension import UPSERT_PICTURE_PERMISSION

    started = time.perf_counter()
    with requests.Session() as session:
        session.headers["Authorization"] = f"Bearer {KEY}"
        for payload in payloads:
            body = {
                "query": UPSERT_PICTURE_PERMISSION,
                "variables": {"input": payload},
                "operationName": "UpsertPicturePermission",
            }
            answer = session.post(f"{url}/graphql", json=body, timeout=30).json()
            assert not answer["data"]["upsertPicturePermission"]["errors"], answer
    return time.perf_counter() - started


def queue_writes(refs: list[str], work_ids: list[int]) -> None:
    from django.db import transaction

    from integration.services.outbox import outbox_enqueue
    from tests.factories.outbox import permission_write

    for n, ref in enumerate(refs):
        with transaction.atomic():
            outbox_enqueue(permission_write(ref, work_id=work_ids[n % len(work_ids)], status="GRANTED"))


def drain(expected: int) -> float:
    """Time one worker's drain of the queued rows (the on-commit tasks never ran: no cluster yet)."""
    from integration.services.outbox_delivery import outbox_deliver_due

    started = time.perf_counter()
    sent = 0
    while sent < expected:
        delivered = outbox_deliver_due(time_budget=600)
        if not delivered:
            raise RuntimeError(f"The drain stopped after {sent} of {expected} rows")
        sent += delivered
    return time.perf_counter() - started


def throughput(sandbox: SandboxProcess) -> bool:
    from tests.factories.outbox import permission_write

    per_round = WRITES // ROUNDS
    bare_rounds: list[float] = []
    outbox_rounds: list[float] = []
    # Warm both paths (connections, parsed queries) on records outside the measured ones.
    bare_loop(
        sandbox.url,
        [permission_write(f"warm:bare:{n}", work_id=sandbox.work_ids[n]).payload for n in range(20)],
    )
    queue_writes([f"warm:outbox:{n}" for n in range(20)], sandbox.work_ids)
    drain(20)
    for round_ in range(ROUNDS):
        refs = [f"getty:{round_:02d}{n:05d}:{n}" for n in range(per_round)]
        payloads = [
            permission_write(
                f"bare:{ref}", work_id=sandbox.work_ids[n % len(sandbox.work_ids)], status="GRANTED"
            ).payload
            for n, ref in enumerate(refs)
        ]
        queue_writes(refs, sandbox.work_ids)
        if round_ % 2:
            outbox_rounds.append(drain(per_round))
            bare_rounds.append(bare_loop(sandbox.url, payloads))
        else:
            bare_rounds.append(bare_loop(sandbox.url, payloads))
            outbox_rounds.append(drain(per_round))
    total = per_round * ROUNDS
    assert sandbox.ask("count") == 2 * total + 40, "every write reached the sandbox once per record"
    bare_ms, outbox_ms = (statistics.median(r) * 1000 / per_round for r in (bare_rounds, outbox_rounds))
    return report(
        "outbox_delivery_throughput_ratio",
        bare_ms / outbox_ms,
        THROUGHPUT_TARGET,
        higher_is_better=True,
        unit="x",
        detail=(
            f"median round: outbox {1000 / outbox_ms:.0f} writes/s ({outbox_ms:.2f} ms each), bare requests "
            f"{1000 / bare_ms:.0f} writes/s ({bare_ms:.2f} ms each); all {total} writes: outbox "
            f"{sum(outbox_rounds):.2f} s, bare {sum(bare_rounds):.2f} s"
        ),
    )


def latency(sandbox: SandboxProcess) -> bool:
    import random

    from django.db import connection, transaction
    from django_q.models import OrmQ, Schedule

    from integration.services.outbox import outbox_enqueue
    from tests.factories.outbox import permission_write
    from tests.processes import database_url, kill_group, process_env, start_manage

    OrmQ.objects.all().delete()  # the throughput rounds' on-commit tasks: those rows are sent already
    Schedule.objects.all().delete()
    env = process_env(
        DATABASE_URL=database_url(connection.settings_dict),
        CONSONANCE_URL=sandbox.url,
        CONSONANCE_API_KEY=KEY,
    )
    worker = start_manage("qcluster", env=env, log=ROOT / "var" / "bench-qcluster.log")
    plan = random.Random(7)
    latencies = []
    try:
        for n in range(-5, SAMPLES):  # five unmeasured writes while the cluster starts
            ref = f"latency:{n}"
            committed: list[float] = []
            with transaction.atomic():
                transaction.on_commit(lambda c=committed: c.append(time.time()))  # runs first: the commit
                outbox_enqueue(permission_write(ref, work_id=sandbox.work_ids[n % 50], status="GRANTED"))
            deadline = time.monotonic() + 30
            while (applied := sandbox.ask("applied", ref)) is None:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{ref} did not reach the sandbox within 30 s")
                time.sleep(0.005)
            if n >= 0:
                latencies.append(applied - committed[0])
            time.sleep(plan.uniform(0.2, 0.6))  # the worker goes idle again
    finally:
        kill_group(worker)
    return report(
        "outbox_commit_to_consonance_p95_seconds",
        p95(latencies),
        LATENCY_TARGET,
        higher_is_better=False,
        unit=" s",
        detail=(
            f"p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {p95(latencies) * 1000:.0f} ms, "
            f"max {max(latencies) * 1000:.0f} ms over {len(latencies)} writes; idle qcluster, ORM broker"
        ),
    )


def profile(sandbox: SandboxProcess) -> int:
    import cProfile
    import pstats

    queue_writes([f"profile:{n}" for n in range(500)], sandbox.work_ids)
    profiler = cProfile.Profile()
    profiler.enable()
    drain(500)
    profiler.disable()
    pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(60)
    return 0


def main() -> int:
    sandbox = SandboxProcess()
    setup_django()
    fresh_database()
    from django.conf import settings

    settings.CONSONANCE_URL, settings.CONSONANCE_API_KEY = sandbox.url, KEY
    try:
        if os.environ.get("BENCH_PROFILE"):
            return profile(sandbox)
        ok = throughput(sandbox)
        ok &= latency(sandbox)
    finally:
        sandbox.stop()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
