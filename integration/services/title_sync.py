"""Mirror Consonance works and products into Title and Product rows, and record each run.

Incremental runs ask Consonance for works `changedSince` the start date of the last successful run,
minus SYNC_SAFETY_MARGIN_DAYS ("likely to have changed", not a guarantee, hence the margin and the
full run). A full run reads everything and then marks titles Consonance no longer has as inactive.
Each page is written in its own transaction, so a run that fails half-way keeps what it wrote and
never touches the rest; deactivation happens only after a complete full run. The next page is read
from Consonance while this one is written (read_ahead), so the database and the network overlap.

A full run deactivates only what it can show is gone: the client confirms the end of the catalogue
with a second read, and a run that would deactivate more than SYNC_MAX_DEACTIVATION_SHARE of the
active titles deactivates nothing unless told it may. At most one run goes at a time (a unique
constraint on the running row, so concurrent starts cannot both pass), and a run that failed after
some pages is resumed after the last page it wrote.
"""

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterator

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from integration.consonance.client import ConsonanceClient
from integration.consonance.errors import ConsonanceError, ConsonanceQueryError
from integration.consonance.extension import Todo
from integration.consonance.types import Work
from integration.models import SyncRun, Title
from integration.selectors.sync import sync_run_last_successful

from .read_ahead import read_ahead
from .title_mirror import title_page_write

logger = logging.getLogger(__name__)

TODOS_UNAVAILABLE = (
    "Consonance did not answer the to-do query (our [extension], which a tenant may not offer), "
    "so to-dos were left as they were: {error}"
)
UNEXPECTED = "The sync stopped on an unexpected error ({kind}): {error}"
INTERRUPTED = "The sync was interrupted (stopped by hand or by its worker shutting down)."
STALE = "The run stopped without finishing (nothing written for {minutes} minutes): its worker was stopped."
RESUMED = "Resumed after work {cursor}, where the run started {started:%Y-%m-%d %H:%M} UTC stopped."
DEACTIVATED = (
    "Made {count} titles inactive: a full read of Consonance's catalogue, its end confirmed by a "
    "second read, did not list them."
)
DEACTIVATED_FROM = " Only titles after work {after} were considered: this run resumed there."
MASS_DEACTIVATION_REFUSED = (
    "Deactivated nothing: {count} of {active} active titles were missing from Consonance's answer, more "
    "than the {share:.0%} one run may deactivate (SYNC_MAX_DEACTIVATION_SHARE). If Consonance really "
    "dropped them, run `manage.py sync_titles --full --allow-mass-deactivation`."
)
DEACTIVATE_CHUNK = 500  # ids per UPDATE: well under every database's parameter limit
# A worker kills a task after Q_CLUSTER's timeout; a running run silent for longer than that (plus
# this grace) has lost its worker and must not block every later run.
STALE_GRACE_SECONDS = 60
CLAIM_ATTEMPTS = 3


class SyncAlreadyRunning(Exception):
    """Another run is going; `run` is that run (the new request joins it)."""

    def __init__(self, run: SyncRun):
        super().__init__(f"Title sync {run.pk} is already running.")
        self.run = run


def title_sync_claim(*, full: bool, now: dt.datetime | None = None) -> tuple[SyncRun, bool]:
    """Record a new running run, or return the one already running and False.

    The database decides (a unique constraint on the running row), so two requests at the same moment
    cannot both start one. A running run that stopped writing long ago is failed first.
    """
    now = now or timezone.now()
    _fail_stale_runs(now)
    kind = SyncRun.Kind.FULL if full else SyncRun.Kind.INCREMENTAL
    for _ in range(CLAIM_ATTEMPTS):
        try:
            with transaction.atomic():
                return SyncRun.objects.create(kind=kind, started_at=now, progress_at=now), True
        except IntegrityError:
            running = SyncRun.objects.filter(status=SyncRun.Status.RUNNING).first()
            if running is not None:
                return running, False
            # The running run finished between our insert and this read: try again.
    raise RuntimeError("Could not claim a title sync run: runs kept starting and finishing around us.")


def title_sync_run(
    *,
    full: bool,
    client: ConsonanceClient | None = None,
    progress: Callable[[int], None] | None = None,
    now: dt.datetime | None = None,
    todos: bool = True,
    run_id: int | None = None,
    allow_mass_deactivation: bool = False,
) -> SyncRun:
    """Run one sync and return its SyncRun (a Consonance failure is recorded in it, not raised).

    The first run ever is full whatever `full` says; a run after one that failed part-way resumes it
    (same kind, after its last page). `run_id` is a run claimed by `title_sync_claim` (a request that
    queued it); without one the run is claimed here, and SyncAlreadyRunning is raised when another
    goes. `progress` is called with the number of works after each page is written. `todos=False`
    leaves the mirrored to-dos (our [extension]) as they are and reads only the documented works query.
    """
    now = now or timezone.now()
    clock = time.monotonic()
    run = SyncRun.objects.filter(pk=run_id, status=SyncRun.Status.RUNNING).first() if run_id else None
    if run is None:
        run, started = title_sync_claim(full=full, now=now)
        if not started:
            raise SyncAlreadyRunning(run)
    after = _plan(run, full=full)
    own_client = client is None
    client = client or ConsonanceClient()
    seen: set[int] = set()
    try:
        pages = _consonance_pages(client, changed_since=run.changed_since, after=after, todos=todos)
        for works, page_todos, note in read_ahead(pages):
            run.notes = note or run.notes
            with transaction.atomic():
                written = title_page_write(works=works, todos=page_todos, synced_at=now)
                run.pages += 1
                run.works_seen += len(works)
                run.titles_created += written.titles_created
                run.titles_updated += written.titles_updated
                run.products_seen += written.products_seen
                run.cursor = max(w.id for w in works)
                run.progress_at = timezone.now()
                run.save(update_fields=_COUNTS)
            seen.update(w.id for w in works)
            if progress is not None:
                progress(len(works))
        if run.kind == SyncRun.Kind.FULL:
            _deactivate_missing(run, seen, after=after, allow_mass=allow_mass_deactivation)
    except ConsonanceError as exc:
        _finish(run, SyncRun.Status.FAILED, clock, now, error=exc.message)
        logger.warning("Title sync %s failed after %s pages: %s", run.pk, run.pages, exc.message)
    except Exception as exc:
        _finish(
            run,
            SyncRun.Status.FAILED,
            clock,
            now,
            error=UNEXPECTED.format(kind=type(exc).__name__, error=exc),
        )
        raise
    except BaseException:
        # Ctrl-C or a shutting-down worker: record the end, or the run would block the next until stale.
        _finish(run, SyncRun.Status.FAILED, clock, now, error=INTERRUPTED)
        raise
    else:
        _finish(run, SyncRun.Status.SUCCEEDED, clock, now)
        logger.info(
            "Title sync %s: %s works, %s created, %s updated, %s deactivated, %s pages",
            run.pk,
            run.works_seen,
            run.titles_created,
            run.titles_updated,
            run.titles_deactivated,
            run.pages,
        )
    finally:
        if own_client:
            client.close()
    return run


def _plan(run: SyncRun, *, full: bool) -> int | None:
    """Set the run's kind and change date, resuming a run that failed part-way; return where paging starts."""
    resumed = _run_to_resume(run, full=full)
    if resumed is not None:
        run.kind, run.changed_since, run.resumed_from = resumed.kind, resumed.changed_since, resumed
        run.notes = RESUMED.format(cursor=resumed.cursor, started=resumed.started_at.astimezone(dt.UTC))
        after = resumed.cursor
    else:
        last_successful = sync_run_last_successful()
        full = full or last_successful is None
        run.kind = SyncRun.Kind.FULL if full else SyncRun.Kind.INCREMENTAL
        run.changed_since = None if full else _changed_since(last_successful)
        after = None
    run.save(update_fields=["kind", "changed_since", "resumed_from", "notes"])
    return after


def _run_to_resume(run: SyncRun, *, full: bool) -> SyncRun | None:
    """The run before this one if it failed after writing pages and this request is covered by it.

    A failed full run is resumed whatever is asked (it covers an incremental run); a failed incremental
    run only by another incremental one (a full run must read from the start).
    """
    previous = (
        SyncRun.objects.exclude(pk=run.pk)
        .exclude(status=SyncRun.Status.RUNNING)
        .order_by("-started_at", "-id")
        .first()
    )
    if previous is None or previous.status != SyncRun.Status.FAILED or previous.cursor is None:
        return None
    if full and previous.kind != SyncRun.Kind.FULL:
        return None
    return previous


def _fail_stale_runs(now: dt.datetime) -> None:
    silence = dt.timedelta(seconds=settings.Q_CLUSTER["timeout"] + STALE_GRACE_SECONDS)
    SyncRun.objects.filter(status=SyncRun.Status.RUNNING, progress_at__lt=now - silence).update(
        status=SyncRun.Status.FAILED,
        finished_at=now,
        error=STALE.format(minutes=round(silence.total_seconds() / 60)),
    )


def _consonance_pages(
    client: ConsonanceClient, *, changed_since: dt.date | None, after: int | None, todos: bool
) -> Iterator[tuple[list[Work], dict[int, list[Todo]] | None, str]]:
    """Each page of works with its to-dos (None: not read), and a note when the to-dos stopped."""
    for works in client.iter_work_pages(changed_since=changed_since, after=after):
        if not todos:
            yield works, None, ""
            continue
        try:
            yield works, client.todos_for_works(w.id for w in works), ""
        except ConsonanceQueryError as exc:
            todos = False
            yield works, None, TODOS_UNAVAILABLE.format(error=exc.message)


_COUNTS = [
    "pages",
    "works_seen",
    "titles_created",
    "titles_updated",
    "products_seen",
    "notes",
    "cursor",
    "progress_at",
]


def _changed_since(last_successful: SyncRun) -> dt.date:
    # Consonance does not say in which time zone its dates fall: take the UTC date and let the
    # safety margin cover the difference and any clock skew.
    started = last_successful.started_at.astimezone(dt.UTC).date()
    return started - dt.timedelta(days=settings.SYNC_SAFETY_MARGIN_DAYS)


def _deactivate_missing(run: SyncRun, seen: set[int], *, after: int | None, allow_mass: bool) -> None:
    """Mark active titles this complete full run did not see as inactive, and record which and why.

    A resumed run saw only the works after `after`, so only those are considered. More than
    SYNC_MAX_DEACTIVATION_SHARE of the active titles at once is far likelier a bad answer than a
    catalogue that shrank: the run then deactivates nothing and says so, unless `allow_mass`.
    """
    active = Title.objects.filter(is_active=True)
    considered = active if after is None else active.filter(consonance_id__gt=after)
    missing = {
        pk: consonance_id
        for pk, consonance_id in considered.values_list("pk", "consonance_id")
        if consonance_id not in seen
    }
    if not missing:
        return
    active_count = active.count()
    share = settings.SYNC_MAX_DEACTIVATION_SHARE
    if len(missing) > share * active_count and not allow_mass:
        run.deactivation_refused = True
        run.deactivation_note = MASS_DEACTIVATION_REFUSED.format(
            count=len(missing), active=active_count, share=share
        )
        logger.warning("Title sync %s: %s", run.pk, run.deactivation_note)
        return
    pks = list(missing)
    with transaction.atomic():
        for start in range(0, len(pks), DEACTIVATE_CHUNK):
            Title.objects.filter(pk__in=pks[start : start + DEACTIVATE_CHUNK]).update(is_active=False)
    run.titles_deactivated = len(pks)
    run.deactivated_work_ids = sorted(missing.values())
    run.deactivation_note = DEACTIVATED.format(count=len(pks)) + (
        DEACTIVATED_FROM.format(after=after) if after is not None else ""
    )


def _finish(run: SyncRun, status: str, clock: float, now: dt.datetime, *, error: str = "") -> None:
    run.status = status
    run.error = error
    # Measured on the monotonic clock from `now`, so a run started with a fixed `now` stays coherent.
    run.finished_at = now + dt.timedelta(seconds=time.monotonic() - clock)
    run.save(
        update_fields=[
            "status",
            "error",
            "finished_at",
            "notes",
            "titles_deactivated",
            "deactivated_work_ids",
            "deactivation_refused",
            "deactivation_note",
        ]
    )
