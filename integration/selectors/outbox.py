"""Reads of the outbox: the writes of one request or one title (the Consonance panel), the figures of
the sync health page, and the one cheap question the staff menu asks on every page (is any write dead?).

Every list is bounded and newest first: a request or a title gathers a handful of writes, but nothing
stops a record from being written a thousand times, and a page must not grow with it.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Min, Q
from django.utils import timezone

from integration.models import OutboxMessage, ReconciliationRun

Status = OutboxMessage.Status

PANEL_LIMIT = 50
DEAD_LIST_LIMIT = 100
# The staff menu counts dead writes up to this, then says "99+": counting stops early.
DEAD_BADGE_CAP = 99
# A reconciliation still "running" after this long died with its worker; another may start.
RECONCILIATION_STALE_AFTER = dt.timedelta(hours=1)


@dataclass(frozen=True)
class OutboxRows:
    rows: list[OutboxMessage]
    more: bool  # older writes exist past the ones listed


def _newest(queryset, limit: int) -> OutboxRows:
    rows = list(queryset.order_by("-id")[: limit + 1])
    return OutboxRows(rows=rows[:limit], more=len(rows) > limit)


def _bound_for(queryset, target: str | None):
    return queryset if target is None else queryset.filter(target=target)


def outbox_rows_for_source(
    *, source_type: str, source_id: int, target: str | None = None, limit: int = PANEL_LIMIT
) -> OutboxRows:
    """The writes a record caused (e.g. source_type "approval_request", source_id the request id),
    bound for `target` (e.g. Consonance) or anywhere."""
    rows = OutboxMessage.objects.filter(source_type=source_type, source_id=source_id)
    return _newest(_bound_for(rows, target), limit)


def outbox_rows_for_title(
    *, title_id: int, target: str | None = None, limit: int = PANEL_LIMIT
) -> OutboxRows:
    """The writes about one title (Consonance work), whatever caused them."""
    return _newest(_bound_for(OutboxMessage.objects.filter(title_id=title_id), target), limit)


def outbox_dead_rows(*, limit: int = DEAD_LIST_LIMIT) -> OutboxRows:
    """The writes that gave up, newest first: each waits for a person to fix its cause and retry it."""
    return _newest(OutboxMessage.objects.filter(status=Status.DEAD).select_related("title"), limit)


@dataclass(frozen=True)
class OutboxHealth:
    pending: int
    sending: int
    retrying: int
    dead: int
    oldest_waiting_since: dt.datetime | None  # when the oldest write not yet delivered was made
    oldest_waiting_age: dt.timedelta | None

    @property
    def waiting(self) -> int:
        return self.pending + self.sending + self.retrying


def outbox_health(*, now: dt.datetime | None = None) -> OutboxHealth:
    """How many writes wait, retry or gave up, and how long the oldest waiting one has waited.

    One query over the rows that are not sent (the status index), never over the sent history.
    """
    now = now or timezone.now()
    not_sent = (Status.PENDING, Status.SENDING, Status.RETRYING, Status.DEAD)
    figures = OutboxMessage.objects.filter(status__in=not_sent).aggregate(
        pending=Count("id", filter=Q(status=Status.PENDING)),
        sending=Count("id", filter=Q(status=Status.SENDING)),
        retrying=Count("id", filter=Q(status=Status.RETRYING)),
        dead=Count("id", filter=Q(status=Status.DEAD)),
        oldest=Min("created_at", filter=Q(status__in=OutboxMessage.UNFINISHED)),
    )
    oldest = figures["oldest"]
    return OutboxHealth(
        pending=figures["pending"],
        sending=figures["sending"],
        retrying=figures["retrying"],
        dead=figures["dead"],
        oldest_waiting_since=oldest,
        oldest_waiting_age=max(now - oldest, dt.timedelta(0)) if oldest else None,
    )


def outbox_dead_count(*, cap: int = DEAD_BADGE_CAP) -> int:
    """Dead writes, counted up to `cap` + 1 (one indexed query that stops early)."""
    return OutboxMessage.objects.filter(status=Status.DEAD)[: cap + 1].count()


def outbox_dead_badge(user) -> str:
    """What the staff menu shows beside "Sync health": "" when nothing is dead, else "3 dead" or
    "99+ dead". Called for staff only (see accounts.context_processors), so nobody else pays its query."""
    count = outbox_dead_count()
    if not count:
        return ""
    return f"{DEAD_BADGE_CAP}+ dead" if count > DEAD_BADGE_CAP else f"{count} dead"


def reconciliation_latest() -> ReconciliationRun | None:
    return ReconciliationRun.objects.order_by("-started_at", "-id").first()


def reconciliation_last_successful(*, before_id: int | None = None) -> ReconciliationRun | None:
    """The most recent run that finished: where the next incremental comparison starts."""
    runs = ReconciliationRun.objects.filter(status=ReconciliationRun.Status.SUCCEEDED)
    if before_id is not None:
        runs = runs.filter(id__lt=before_id)
    return runs.order_by("-started_at", "-id").first()


def reconciliation_last_full(*, before_id: int | None = None) -> ReconciliationRun | None:
    """The most recent successful run that read every permission (the one that finds deletions)."""
    runs = ReconciliationRun.objects.filter(status=ReconciliationRun.Status.SUCCEEDED, full_scan=True)
    if before_id is not None:
        runs = runs.filter(id__lt=before_id)
    return runs.order_by("-started_at", "-id").first()


def reconciliation_running(*, now: dt.datetime | None = None) -> ReconciliationRun | None:
    """A run started within the last hour and not finished, if any."""
    now = now or timezone.now()
    return (
        ReconciliationRun.objects.filter(
            status=ReconciliationRun.Status.RUNNING, started_at__gte=now - RECONCILIATION_STALE_AFTER
        )
        .order_by("-started_at", "-id")
        .first()
    )
