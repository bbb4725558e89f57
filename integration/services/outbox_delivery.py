"""Delivering the outbox: claim due rows, send each through its kind's handler, record the outcome.

Claims are safe with several workers on several machines: a batch is claimed in one transaction
(`FOR UPDATE SKIP LOCKED` where the database has it; SQLite's IMMEDIATE transactions serialise the
claim) and every claim and outcome is a compare-and-set on the row's version. Only the oldest
unfinished row of a record is ever claimable, so writes of one Consonance record go in order.
A worker killed mid-send leaves its row `sending` until the lease runs out; then any worker takes it
again. So a worker never starts a send on a lease that could run out before the send ends: a row whose
lease is half gone (it waited behind the others of its batch) is given back and claimed afresh, and
OUTBOX_LEASE_SECONDS must be at least twice the longest send. The writes are idempotent by their
natural key (upsert by externalRef, attach by to-do and externalRef, brief replaced whole), so a
second send after an unknown outcome has no second effect.

Handlers: `register_outbox_handler(kind, handler)`; a handler takes the payload and the delivery
(which lends it clients) and returns a short summary of the answer, kept as the row's last response.
It raises `OutboxGiveUp` for a write that can never succeed as it is.
"""

import datetime as dt
import logging
import random
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from ..consonance.errors import (
    TRANSIENT_ERRORS,
    ConsonanceAuthError,
    ConsonanceError,
    ConsonanceQueryError,
    ConsonanceRejected,
    ConsonanceUnavailable,
)
from ..models import OutboxMessage

logger = logging.getLogger(__name__)
Status = OutboxMessage.Status
MAX_ERROR = 4000


class OutboxGiveUp(Exception):
    """The write cannot succeed as it is (bad data, refused key): the row goes dead with this message."""


class OutboxRetryLater(Exception):
    """A passing failure a handler recognised (e.g. Getty busy or unreachable): try again later, no
    sooner than `retry_after` seconds; `may_have_acted` when the call may still land (settle first)."""

    def __init__(self, message: str, *, retry_after: float | None = None, may_have_acted: bool = False):
        super().__init__(message)
        self.retry_after = retry_after
        self.may_have_acted = may_have_acted


class Delivery:
    """What handlers share during one run of deliveries: clients made once and reused."""

    def __init__(self):
        self._consonance = None
        self._getty = None

    @property
    def consonance(self):
        if self._consonance is None:
            from ..consonance.client import ConsonanceClient, RetryPolicy

            # Quick retries only of calls Consonance surely did not act on (429, 503, no connection):
            # after any other failure the first send may still land, so the outbox settles first.
            self._consonance = ConsonanceClient(
                max_retries=settings.OUTBOX_CLIENT_RETRIES, retry_policy=RetryPolicy.IF_NOT_ACTED
            )
        return self._consonance

    @property
    def getty(self):
        if self._getty is None:
            from ..getty.client import GettyClient

            # Few quick retries: a send must end well inside the outbox lease; the outbox retries later.
            self._getty = GettyClient.from_settings(max_retries=settings.OUTBOX_CLIENT_RETRIES)
        return self._getty

    def close(self) -> None:
        if self._consonance is not None:
            self._consonance.close()
            self._consonance = None
        if self._getty is not None:
            self._getty.close()
            self._getty = None


Handler = Callable[[dict, Delivery], dict]
_handlers: dict[str, Handler] = {}


def register_outbox_handler(kind: str, handler: Handler) -> None:
    """Say how rows of `kind` are delivered (apps call this from `AppConfig.ready`)."""
    _handlers[kind] = handler


def retry_delay(attempts: int, *, retry_after: float | None = None) -> float:
    """Seconds before the next attempt: exponential backoff with full jitter, capped; never sooner
    than Consonance's Retry-After."""
    ceiling = min(
        settings.OUTBOX_RETRY_CAP_SECONDS, settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    )
    delay = random.uniform(0, ceiling)
    if retry_after:
        delay = max(delay, min(retry_after, settings.OUTBOX_RETRY_CAP_SECONDS))
    return delay


def _due_or_abandoned(now: dt.datetime) -> Q:
    return Q(status__in=OutboxMessage.DUE_STATUSES, next_attempt_at__lte=now) | Q(
        status=Status.SENDING, lease_until__lt=now
    )


def _claimable(now: dt.datetime):
    older_unfinished = OutboxMessage.objects.filter(
        natural_key=OuterRef("natural_key"), id__lt=OuterRef("id"), status__in=OutboxMessage.UNFINISHED
    )
    return (
        OutboxMessage.objects.filter(_due_or_abandoned(now)).exclude(Exists(older_unfinished)).order_by("id")
    )


def outbox_claim(
    *, now: dt.datetime, limit: int, ids: list[int] | None = None, natural_key: str | None = None
) -> list[OutboxMessage]:
    """Claim up to `limit` due rows (optionally only these ids or this record) for this worker."""
    with transaction.atomic():
        candidates = _claimable(now)
        if ids is not None:
            candidates = candidates.filter(pk__in=ids)
        if natural_key is not None:
            candidates = candidates.filter(natural_key=natural_key)
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True, of=("self",))
        rows = list(candidates[:limit])
        if not rows:
            return []
        try:
            with transaction.atomic():
                return _take_all(rows, now=now)
        except _Moved:
            return _take_each(rows, now=now)


class _Moved(Exception):
    """A row changed between the claim's read and its update (a database that neither locked the
    rows nor serialised the transaction): the claim goes row by row instead."""


def _claimed(row: OutboxMessage, lease_until: dt.datetime) -> OutboxMessage:
    row.status, row.attempts, row.version = Status.SENDING, row.attempts + 1, row.version + 1
    row.lease_until = lease_until
    return row


def _take_all(rows: list[OutboxMessage], *, now: dt.datetime) -> list[OutboxMessage]:
    """Mark all `rows` as this worker's with one UPDATE of those still claimable.

    One short statement for the batch instead of one per row (what a worker mostly does between
    sends). Rows locked by SKIP LOCKED (PostgreSQL), or read in SQLite's IMMEDIATE transaction, cannot
    have moved, so all are won; if any was not, nothing is kept (raises _Moved, rolling this savepoint
    back) and the claim goes row by row on the version read.
    """
    lease_until = now + dt.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    won = OutboxMessage.objects.filter(_due_or_abandoned(now), pk__in=[row.pk for row in rows]).update(
        status=Status.SENDING,
        attempts=F("attempts") + 1,
        lease_until=lease_until,
        version=F("version") + 1,
        updated_at=now,
    )
    if won != len(rows):
        raise _Moved
    return [_claimed(row, lease_until) for row in rows]


def _take_each(rows: list[OutboxMessage], *, now: dt.datetime) -> list[OutboxMessage]:
    """Compare-and-set row by row: keep those still at the version read."""
    lease_until = now + dt.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    claimed = []
    for row in rows:
        won = OutboxMessage.objects.filter(pk=row.pk, version=row.version).update(
            status=Status.SENDING,
            attempts=F("attempts") + 1,
            lease_until=lease_until,
            version=F("version") + 1,
            updated_at=now,
        )
        if won:
            claimed.append(_claimed(row, lease_until))
    return claimed


def _finish(row: OutboxMessage, **changes) -> bool:
    """Record the outcome, unless the lease ran out and another worker took the row meanwhile."""
    changes.setdefault("updated_at", timezone.now())
    return bool(
        OutboxMessage.objects.filter(pk=row.pk, version=row.version, status=Status.SENDING).update(
            version=F("version") + 1, lease_until=None, **changes
        )
    )


def _dead(row: OutboxMessage, message: str) -> None:
    _finish(row, status=Status.DEAD, last_error=message[:MAX_ERROR])


def _later(
    row: OutboxMessage, message: str, *, retry_after: float | None = None, may_have_acted: bool = False
) -> None:
    """Schedule the next attempt. After a send whose outcome is unknown (a timeout, a dropped
    connection, a malformed answer, a 5xx other than 503) it may still be under way in Consonance:
    the next send of the record, perhaps a newer state by then, waits OUTBOX_SETTLE_SECONDS so the
    first lands before it."""
    if row.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        _dead(row, f"Gave up after {row.attempts} attempts. Last error: {message}")
        return
    delay = retry_delay(row.attempts, retry_after=retry_after)
    if may_have_acted:
        delay = max(delay, settings.OUTBOX_SETTLE_SECONDS)
    due = timezone.now() + dt.timedelta(seconds=delay)
    _finish(row, status=Status.RETRYING, next_attempt_at=due, last_error=message[:MAX_ERROR])


def _lease_holds(row: OutboxMessage) -> bool:
    """Whether at least half the lease is left: enough for one send to end before another worker may
    take the row (and, once it is sent, the next state of the record after it)."""
    if row.lease_until is None:
        return False
    return timezone.now() <= row.lease_until - dt.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS / 2)


def _still_under_way(error: ConsonanceError) -> bool:
    """Whether the call may still be running in Consonance: no answer we could read came (a timeout,
    a dropped connection, a malformed body) or a 5xx that does not say "not now" (503)."""
    return isinstance(error, ConsonanceUnavailable) and error.may_have_acted


def outbox_send(row: OutboxMessage, delivery: Delivery) -> str:
    """Send one claimed row and record what happened; returns the row's new status.

    A row whose lease is too short for a send is not sent but given back, due at once (its status
    is then pending or retrying, as returned).
    """
    if not _lease_holds(row):
        return _release([row])
    handler = _handlers.get(row.kind)
    if handler is None:
        _dead(row, f"No handler is registered for {row.kind!r} writes.")
        return Status.DEAD
    try:
        response = handler(row.payload, delivery)
    except OutboxGiveUp as error:
        _dead(row, str(error))
        return Status.DEAD
    except OutboxRetryLater as error:
        _later(row, str(error), retry_after=error.retry_after, may_have_acted=error.may_have_acted)
        return Status.RETRYING
    except (ConsonanceRejected, ConsonanceQueryError, ConsonanceAuthError) as error:
        _dead(row, str(error))
        return Status.DEAD
    except TRANSIENT_ERRORS as error:
        _later(row, str(error), retry_after=error.retry_after, may_have_acted=_still_under_way(error))
        return Status.RETRYING
    except ConsonanceError as error:
        _dead(row, str(error))
        return Status.DEAD
    except Exception as error:  # a bug or an outage we did not foresee: keep the row, try again later
        logger.exception("Outbox row %s (%s) failed", row.pk, row.kind)
        _later(row, f"{type(error).__name__}: {error}")
        return Status.RETRYING
    now = timezone.now()
    if not _finish(
        row, status=Status.SENT, sent_at=now, last_error="", last_response=response, updated_at=now
    ):
        logger.warning("Outbox row %s was sent after its lease ran out; another worker had taken it", row.pk)
    return Status.SENT


def outbox_deliver(*, message_id: int) -> int:
    """Deliver one row if it is due, then the rows of the same record that waited behind it.

    The task queued on commit calls this; returns how many rows were sent. It stops at a row that
    failed for a passing reason: that row is tried again when due, by the schedule, not at once here.
    """
    sent = 0
    delivery = Delivery()
    try:
        rows = outbox_claim(now=timezone.now(), limit=1, ids=[message_id])
        while rows:
            row = rows[0]
            status = outbox_send(row, delivery)
            sent += status == Status.SENT
            if status not in (Status.SENT, Status.DEAD):
                break
            rows = outbox_claim(now=timezone.now(), limit=1, natural_key=row.natural_key)
    finally:
        delivery.close()
    return sent


def outbox_deliver_due(*, time_budget: float | None = None, batch: int = 50) -> int:
    """Deliver every due row, oldest first, until none is due or the time budget is spent.

    The every-minute reconciler schedule calls this: a lost trigger, a broker that lost a task or a
    worker killed mid-send delays a write by at most a minute (plus the lease).
    """
    budget = settings.OUTBOX_DRAIN_SECONDS if time_budget is None else time_budget
    deadline = time.monotonic() + budget
    sent = 0
    delivery = Delivery()
    try:
        while time.monotonic() < deadline:
            rows = outbox_claim(now=timezone.now(), limit=batch)
            if not rows:
                break
            for index, row in enumerate(rows):
                if time.monotonic() >= deadline:
                    _release(rows[index:])
                    return sent
                sent += outbox_send(row, delivery) == Status.SENT
    finally:
        delivery.close()
    return sent


def _release(rows: list[OutboxMessage]) -> str:
    """Give back rows claimed but not sent (the budget or the lease ran out), due at once for the next
    run; returns the status the last one was given back with."""
    now = timezone.now()
    status = Status.PENDING
    for row in rows:
        status = Status.PENDING if row.attempts <= 1 else Status.RETRYING
        _finish(row, status=status, attempts=F("attempts") - 1, next_attempt_at=now, updated_at=now)
    return status
