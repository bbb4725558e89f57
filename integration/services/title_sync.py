"""Mirror Consonance works and products into Title and Product rows, and record each run.

Incremental runs ask Consonance for works `changedSince` the start date of the last successful run,
minus SYNC_SAFETY_MARGIN_DAYS ("likely to have changed", not a guarantee, hence the margin and the
full run). A full run reads everything and then marks titles Consonance no longer has as inactive.
Each page is written in its own transaction, so a run that fails half-way keeps what it wrote and
never touches the rest; deactivation happens only after a complete full run. The next page is read
from Consonance while this one is written (read_ahead), so the database and the network overlap.
"""

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterator

from django.conf import settings
from django.db import transaction
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
DEACTIVATE_CHUNK = 500  # ids per UPDATE: well under every database's parameter limit


def title_sync_run(
    *,
    full: bool,
    client: ConsonanceClient | None = None,
    progress: Callable[[int], None] | None = None,
    now: dt.datetime | None = None,
    todos: bool = True,
) -> SyncRun:
    """Run one sync and return its SyncRun (a Consonance failure is recorded in it, not raised).

    The first run ever is full whatever `full` says. `progress` is called with the number of works
    after each page is written. `todos=False` leaves the mirrored to-dos (our [extension]) as they are
    and reads only the documented works query.
    """
    now = now or timezone.now()
    clock = time.monotonic()
    last_successful = sync_run_last_successful()
    full = full or last_successful is None
    changed_since = None if full else _changed_since(last_successful)
    run = SyncRun.objects.create(
        kind=SyncRun.Kind.FULL if full else SyncRun.Kind.INCREMENTAL,
        started_at=now,
        changed_since=changed_since,
    )
    own_client = client is None
    client = client or ConsonanceClient()
    seen: set[int] = set()
    try:
        pages = _consonance_pages(client, changed_since=changed_since, todos=todos)
        for works, page_todos, note in read_ahead(pages):
            run.notes = note or run.notes
            with transaction.atomic():
                written = title_page_write(works=works, todos=page_todos, synced_at=now)
                run.pages += 1
                run.works_seen += len(works)
                run.titles_created += written.titles_created
                run.titles_updated += written.titles_updated
                run.products_seen += written.products_seen
                run.save(update_fields=_COUNTS)
            seen.update(w.id for w in works)
            if progress is not None:
                progress(len(works))
        if full:
            run.titles_deactivated = _deactivate_missing(seen)
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


def _consonance_pages(
    client: ConsonanceClient, *, changed_since: dt.date | None, todos: bool
) -> Iterator[tuple[list[Work], dict[int, list[Todo]] | None, str]]:
    """Each page of works with its to-dos (None: not read), and a note when the to-dos stopped."""
    for works in client.iter_work_pages(changed_since=changed_since):
        if not todos:
            yield works, None, ""
            continue
        try:
            yield works, client.todos_for_works(w.id for w in works), ""
        except ConsonanceQueryError as exc:
            todos = False
            yield works, None, TODOS_UNAVAILABLE.format(error=exc.message)


_COUNTS = ["pages", "works_seen", "titles_created", "titles_updated", "products_seen", "notes"]


def _changed_since(last_successful: SyncRun) -> dt.date:
    # Consonance does not say in which time zone its dates fall: take the UTC date and let the
    # safety margin cover the difference and any clock skew.
    started = last_successful.started_at.astimezone(dt.UTC).date()
    return started - dt.timedelta(days=settings.SYNC_SAFETY_MARGIN_DAYS)


def _deactivate_missing(seen: set[int]) -> int:
    """Mark active titles a complete full run did not see as inactive; return how many."""
    missing = [
        pk
        for pk, consonance_id in Title.objects.filter(is_active=True).values_list("pk", "consonance_id")
        if consonance_id not in seen
    ]
    with transaction.atomic():
        for start in range(0, len(missing), DEACTIVATE_CHUNK):
            Title.objects.filter(pk__in=missing[start : start + DEACTIVATE_CHUNK]).update(is_active=False)
    return len(missing)


def _finish(run: SyncRun, status: str, clock: float, now: dt.datetime, *, error: str = "") -> None:
    run.status = status
    run.error = error
    # Measured on the monotonic clock from `now`, so a run started with a fixed `now` stays coherent.
    run.finished_at = now + dt.timedelta(seconds=time.monotonic() - clock)
    run.save(update_fields=["status", "error", "finished_at", "titles_deactivated", "notes"])
