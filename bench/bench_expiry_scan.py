"""The daily expiry scan over 1,000,000 licences, against a bare indexed SQL count of the same rows.

The scan runs every morning over every licence time can change (active and expiring ones, and expired
ones whose terms were extended: withdrawn and superseded are final). It must cost what finding the
day's work in the index costs, not what reading a million licences costs. So its time is compared, in
the same run on the same database, with a bare `SELECT COUNT(*)` of the active and expiring licences,
which the database answers from an index alone. Target: scan <= 3 x count.

The licences (1,000,000 unless BENCH_EXPIRY_LICENCES says otherwise) end on days spread over two years
back to ten years ahead, in an order unrelated to their ids; 5% are perpetual, 2% withdrawn, 1%
superseded; each has its own approval request, as in the product. Their statuses are what the scan left
the day before, so:
1. expiry_scan_daily_ratio: the next day's scan, the steady state (the day's licences reaching the
   warning window and the day's licences passing their last day);
2. expiry_scan_missed_week_ratio: the scan a week later, as after a week of missed runs (caught up in
   one run).
Each side runs ROUNDS times, alternating, after a warm-up; medians are compared, absolute times beside.
A naive pass that reads every watched licence and applies the rule to each is timed once, for scale.

The scan timed is the watch's own read (rights/expiry_selectors.py), the one `expiry_scan`
(rights/services/expiry.py) runs: `out_of_date_ids`, the licences due a status change found in the
(status, valid_until) index `licence_expiry_scan` alone. That is what the target is about. The watch
then loads those licences, a page at a time, with what moving each needs (picture, title, request,
products: `licences_out_of_date`), and writes an event and an outbox row for each: work per changed
licence, a few hundred a day, not per licence held. The load is timed too and printed beside (with the
changes by new status, as rights/status.py classifies them), not held to the target: on any database
loading a few thousand licences through the ORM costs more than a count of an index.

SQLite by default (var/bench-expiry.sqlite3, removed afterwards); BENCH_DATABASE_URL=postgres://...
runs it on an empty PostgreSQL database instead (flushed first).
"""

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_DEBUG", "false")  # DEBUG would also record every query it runs

from bench.common import ROOT, report, setup_django  # noqa: E402

LICENCES = int(os.environ.get("BENCH_EXPIRY_LICENCES", "1000000"))
TARGET_RATIO = 3.0
ROUNDS = 7
BACK_DAYS = 730  # ends spread from two years ago ...
SPAN_DAYS = 4380  # ... over twelve years (to ten years ahead)
SHUFFLE = 7919  # a prime: day offset = (n * SHUFFLE) % SPAN_DAYS, unrelated to the id order
AS_OF = dt.date(2026, 6, 1)  # the day the statuses were last set
SQLITE_FILE = ROOT / "var" / "bench-expiry.sqlite3"


def prepare_database() -> None:
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
        call_command("migrate", verbosity=0)
    else:
        call_command("migrate", verbosity=0)
        call_command("flush", interactive=False, verbosity=0)


def _series(vendor: str) -> str:
    if vendor == "sqlite":
        return f"WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < {LICENCES})"
    return f"WITH seq(n) AS (SELECT generate_series(1::bigint, {LICENCES}))"


def _day(vendor: str, offset_sql: str) -> str:
    """SQL for the day `offset_sql` days after the start of the spread."""
    start = AS_OF - dt.timedelta(days=BACK_DAYS)
    if vendor == "sqlite":
        return f"date('{start.isoformat()}', '+' || ({offset_sql}) || ' days')"
    return f"(DATE '{start.isoformat()}' + CAST({offset_sql} AS integer))"


def load() -> None:
    """1,000,000 approved requests and their licences, written by INSERT ... SELECT over a number series."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from approvals.models import ApprovalRequest, Workflow
    from rights.models import Download, Licence
    from tests.factories.assets import AssetFactory
    from tests.factories.titles import TitleFactory

    vendor = connection.vendor
    now = timezone.now()
    user = get_user_model().objects.create_user("bench-rights")
    title = TitleFactory()
    asset = AssetFactory()
    workflow = Workflow.objects.get(is_default=True)
    first = ApprovalRequest.objects.create(
        asset=asset, workflow=workflow, requester=user, status="approved", title=title, placement="interior",
        use_fingerprint="bench-0", submitted_at=now, updated_at=now,
    )  # fmt: skip
    download = Download.objects.create(
        request=first, asset=asset, status="completed", started_at=now, completed_at=now,
        product_id="40101", product_type="premiumaccess",
    )  # fmt: skip
    base = first.pk  # request ids base+1 .. base+LICENCES
    window = max(settings.RIGHTS_EXPIRY_WINDOWS_DAYS)
    offset = f"(n * {SHUFFLE}) % {SPAN_DAYS}"
    ts = f"'{now.isoformat()}'"
    true, false = ("1", "0") if vendor == "sqlite" else ("TRUE", "FALSE")
    requests_sql = f"""
        {_series(vendor)}
        INSERT INTO {ApprovalRequest._meta.db_table}
            (id, asset_id, workflow_id, requester_id, status, version, round, title_id, placement, channels,
             territories, fee_currency, consonance_todo_id, use_fingerprint, submitted_at, updated_at,
             decided_at)
        SELECT {base} + n, {asset.pk}, {workflow.pk}, {user.pk}, 'approved', 1, 1, {title.pk}, 'interior',
               '["print"]', '["GB"]', 'GBP', '', 'bench-' || n, {ts}, {ts}, {ts}
        FROM seq
    """
    # Status as the scan left it on AS_OF: the same rule as rights/status.py, on the day offset.
    status = f"""CASE
            WHEN n % 50 = 1 THEN 'withdrawn'
            WHEN n % 100 = 3 THEN 'superseded'
            WHEN n % 20 = 0 THEN 'active'
            WHEN {offset} < {BACK_DAYS} THEN 'expired'
            WHEN {offset} - {BACK_DAYS} <= {window} THEN 'expiring'
            ELSE 'active' END"""
    licences_sql = f"""
        {_series(vendor)}
        INSERT INTO {Licence._meta.db_table}
            (request_id, asset_id, title_id, download_id, license_model, downloaded_at, getty_product_id,
             getty_product_type, getty_product_name, agreement_name, allowed_use, release_info, restrictions,
             getty_credit_line, territories, channels, valid_until, perpetual, fee_currency,
             licence_reference, credit_line, notes, status, created_at, updated_at, version)
        SELECT {base} + n, {asset.pk}, {title.pk}, {download.pk}, 'royaltyfree', {ts}, '40101',
               'premiumaccess', '', '', '', '', '[]', '', '["GB"]', '["print"]',
               CASE WHEN n % 20 = 0 THEN NULL ELSE {_day(vendor, offset)} END,
               CASE WHEN n % 20 = 0 THEN {true} ELSE {false} END,
               'GBP', '', '', '', {status}, {ts}, {ts}, 1
        FROM seq
    """
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(requests_sql)
        cursor.execute(licences_sql)
    with connection.cursor() as cursor:
        # Fresh statistics; on PostgreSQL also the visibility map, without which no scan is index-only.
        cursor.execute("ANALYZE" if vendor == "sqlite" else "VACUUM ANALYZE")
    print(f"loaded {LICENCES:,} approved requests and licences in {time.perf_counter() - started:.1f} s")


def check_loaded_statuses() -> None:
    """The statuses loaded by SQL are the ones rights/status.py gives on AS_OF (a sample of 2,000)."""
    from rights.models import Licence
    from rights.status import status_on

    step = max(1, LICENCES // 2000)
    sample = Licence.objects.filter(id__in=range(1, LICENCES + 1, step)).values_list(
        "status", "valid_until", "perpetual"
    )
    wrong = [
        row
        for row in sample
        if row[0] not in Licence.FINAL_STATUSES
        and status_on(current=row[0], valid_until=row[1], perpetual=row[2], today=AS_OF) != row[0]
    ]
    if wrong:
        raise SystemExit(f"the loaded statuses disagree with rights/status.py: {wrong[:5]}")


def expiry_scan_today(today: dt.date) -> list[int]:
    """The licences whose status changes `today`: the daily expiry watch's own scan of the index."""
    from rights.expiry_selectors import out_of_date_ids

    return out_of_date_ids(today)


def expiry_read_today(today: dt.date) -> dict[str, list[int]]:
    """The scan and the load of its licences as the watch reads them (rights/expiry_selectors.py), by
    new status as rights/status.py gives it (what the watch checks before it moves each)."""
    from rights.expiry_selectors import licences_out_of_date
    from rights.status import status_on

    changes: dict[str, list[int]] = {}
    for licence in licences_out_of_date(today):
        new = status_on(
            current=licence.status, valid_until=licence.valid_until, perpetual=licence.perpetual, today=today
        )
        if new != licence.status:
            changes.setdefault(str(new), []).append(licence.pk)
    return changes


WATCHED_COUNT = "SELECT COUNT(*) FROM rights_licence WHERE status IN ('active', 'expiring')"


def bare_count() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(WATCHED_COUNT)
        return cursor.fetchone()[0]


def naive_pass(today: dt.date) -> int:
    """Every watched licence read and judged: what the scan must not be."""
    from rights.models import Licence
    from rights.status import status_on

    changed = 0
    rows = Licence.objects.filter(status__in=("active", "expiring")).values_list(
        "status", "valid_until", "perpetual"
    )
    for status, until, perpetual in rows.iterator(chunk_size=10_000):
        changed += status_on(current=status, valid_until=until, perpetual=perpetual, today=today) != status
    return changed


def plans(today: dt.date) -> list[str]:
    from django.db import connection

    from rights.expiry_selectors import out_of_date
    from rights.models import Licence

    query = Licence.objects.filter(out_of_date(today)).order_by().values_list("id")
    sql, params = query.query.sql_with_params()
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(explain + WATCHED_COUNT)
        count_plan = [" ".join(str(c) for c in row) for row in cursor.fetchall()]
        cursor.execute(explain + sql, params)
        scan_plan = [" ".join(str(c) for c in row) for row in cursor.fetchall()]
    return [f"count plan: {' | '.join(count_plan)}", f"scan plan:  {' | '.join(scan_plan)}"]


def timed(function, *args) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - started, result


def compare(name: str, today: dt.date) -> bool:
    timed(expiry_scan_today, today)  # warm-up: the pages both read are in the cache
    timed(bare_count)
    scans, counts = [], []
    for _ in range(ROUNDS):
        seconds, due = timed(expiry_scan_today, today)
        scans.append(seconds)
        seconds, watched = timed(bare_count)
        counts.append(seconds)
    scan, count = statistics.median(scans), statistics.median(counts)
    reads = [timed(expiry_read_today, today) for _ in range(3)]
    read, changes = statistics.median(seconds for seconds, _ in reads), reads[-1][1]
    changed = {status: len(ids) for status, ids in sorted(changes.items())}
    if sum(changed.values()) != len(due):
        raise SystemExit(f"{name}: the scan found {len(due):,} licences, the rule moves {changed}")
    print(
        f"{name}: beside it, the scan and the load of its {len(due):,} licences as the watch moves them "
        f"(picture, title, request, products): {read * 1000:.1f} ms, "
        f"{read / max(len(due), 1) * 1000:.3f} ms per changed licence; changes {changed}"
    )
    detail = (
        f"scan {scan * 1000:.2f} ms finding {len(due):,} licences due a change on {today}; "
        f"bare indexed count {count * 1000:.2f} ms of {watched:,} watched licences (of {LICENCES:,})"
    )
    return report(name, scan / count, TARGET_RATIO, higher_is_better=False, unit="x", detail=detail)


def main() -> int:
    url = os.environ.get("BENCH_DATABASE_URL")
    setup_django(url or f"sqlite:///{SQLITE_FILE}")
    from django.db import connection

    try:
        prepare_database()
        load()
        check_loaded_statuses()
        next_day = AS_OF + dt.timedelta(days=1)
        print(f"database: {connection.vendor}")
        for line in plans(next_day):
            print(line)
        seconds, changed = timed(naive_pass, next_day)
        print(
            f"for scale, a naive pass over every watched licence: {seconds * 1000:.0f} ms "
            f"({changed:,} changes)"
        )
        ok = compare("expiry_scan_daily_ratio", next_day)
        ok &= compare("expiry_scan_missed_week_ratio", AS_OF + dt.timedelta(days=7))
    finally:
        connection.close()
        if not url:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
