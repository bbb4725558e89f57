"""Writing to the outbox: queue a write in the caller's transaction, retry a dead one, replay a sent one.

`outbox_enqueue` is called inside the transaction of the change that causes the write: the row
commits with the change or not at all, and its delivery task is queued only after commit. A newer
state of a record (same natural key) replaces an older one that is not being sent yet, so Consonance
gets the latest state once instead of every intermediate one.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from config.errors import DomainError

from ..models import OutboxMessage

Status = OutboxMessage.Status

ALREADY_SENT = (
    "This write was already delivered; sending it again is refused. Use “replay” to send its payload again."
)
NOT_DEAD = "Only a write that gave up (dead) can be retried; this one is {status}."
SUPERSEDED = (
    "A newer write of this record replaced this one ({label}, {status}); sending this older state again "
    "would undo it in Consonance. Retry or replay the newer write instead."
)
# A row in one of these states has not reached Consonance and may still take a newer state of its record.
WAITING = (Status.PENDING, Status.RETRYING, Status.DEAD)


class OutboxRefused(DomainError):
    """A retry or replay that cannot be done in the outbox's current state."""


@dataclass(frozen=True, slots=True)
class OutboxWrite:
    """One write for the outbox, as the app that causes it describes it."""

    kind: str  # OutboxMessage.Kind
    natural_key: str
    payload: dict
    label: str = ""
    target: str = OutboxMessage.Target.CONSONANCE
    title_id: int | None = None
    source_type: str = ""
    source_id: int | None = None


def _deliver_on_commit(message_id: int) -> None:
    from integration.tasks import enqueue_outbox_delivery

    transaction.on_commit(lambda: enqueue_outbox_delivery(message_id))


def outbox_enqueue(write: OutboxWrite, *, now: dt.datetime | None = None) -> OutboxMessage:
    """Record `write` in the current transaction and queue its delivery for after commit.

    When the newest row of the same record is waiting (pending, retrying, or dead), it takes the new
    payload and is due at once (a retrying one when its next attempt was due); when it is being sent
    (or was sent), the new state queues behind it.
    Only the newest row may take it: an older dead row woken beside a newer one in flight would put
    two writes of one record on the wire at once, and the older state could land last.
    """
    now = now or timezone.now()
    with transaction.atomic():
        waiting = _newest_of_record(write.natural_key)
        if waiting is not None and waiting.status in WAITING:
            # A retrying row keeps its time: its backoff still holds, and after an unknown outcome
            # the earlier send may still land; sending the newer state sooner could land before it.
            retrying = waiting.status == Status.RETRYING
            replaced = OutboxMessage.objects.filter(
                pk=waiting.pk, version=waiting.version, status=waiting.status
            ).update(
                payload=write.payload,
                label=write.label or waiting.label,
                status=Status.RETRYING if retrying else Status.PENDING,
                attempts=0,
                next_attempt_at=max(now, waiting.next_attempt_at) if retrying else now,
                lease_until=None,
                version=F("version") + 1,
                updated_at=now,
            )
            if replaced:
                waiting.refresh_from_db()
                _deliver_on_commit(waiting.pk)
                return waiting
        message = OutboxMessage.objects.create(
            kind=write.kind,
            target=write.target,
            natural_key=write.natural_key,
            payload=write.payload,
            label=write.label,
            title_id=write.title_id,
            source_type=write.source_type,
            source_id=write.source_id,
            status=Status.PENDING,
            next_attempt_at=now,
            created_at=now,
            updated_at=now,
        )
        _deliver_on_commit(message.pk)
        return message


def _newest_of_record(natural_key: str) -> OutboxMessage | None:
    return OutboxMessage.objects.filter(natural_key=natural_key).order_by("-id").first()


def _refuse_if_superseded(message: OutboxMessage) -> None:
    """A write of a record that has a newer one must not be sent again: it would land after it."""
    newest = _newest_of_record(message.natural_key)
    if newest is not None and newest.pk != message.pk:
        raise OutboxRefused(
            SUPERSEDED.format(
                label=newest.label or newest.natural_key, status=newest.get_status_display().lower()
            )
        )


def outbox_retry(*, message: OutboxMessage, by: str = "", now: dt.datetime | None = None) -> OutboxMessage:
    """Send a dead write again (after someone fixed its cause); a sent or waiting one is refused, and so
    is one that a newer write of the same record replaced."""
    now = now or timezone.now()
    if message.status == Status.SENT:
        raise OutboxRefused(ALREADY_SENT)
    if message.status != Status.DEAD:
        raise OutboxRefused(NOT_DEAD.format(status=message.get_status_display().lower()))
    with transaction.atomic():
        _refuse_if_superseded(message)
        retried = OutboxMessage.objects.filter(pk=message.pk, status=Status.DEAD).update(
            status=Status.PENDING,
            attempts=0,
            next_attempt_at=now,
            lease_until=None,
            last_error=f"Retried by {by or 'staff'} at {now:%Y-%m-%d %H:%M} after: {message.last_error}"[
                :4000
            ],
            version=F("version") + 1,
            updated_at=now,
        )
        if not retried:
            message.refresh_from_db()
            raise OutboxRefused(NOT_DEAD.format(status=message.get_status_display().lower()))
        _deliver_on_commit(message.pk)
    message.refresh_from_db()
    return message


def outbox_replay(*, message: OutboxMessage, now: dt.datetime | None = None) -> OutboxMessage:
    """Queue the payload of a sent (or dead) write again as a new write of the same record.

    For when Consonance lost or changed what we sent (the reconciliation finds those). The write is
    idempotent by its natural key, so a replay never makes a second record. Only the newest write of
    a record is replayed: an older one would put Consonance back to an older state.
    """
    if message.status not in (Status.SENT, Status.DEAD):
        raise OutboxRefused(
            "This write has not finished yet; it is " + message.get_status_display().lower() + "."
        )
    with transaction.atomic():
        _refuse_if_superseded(message)
        return outbox_enqueue(
            OutboxWrite(
                kind=message.kind,
                target=message.target,
                natural_key=message.natural_key,
                payload=message.payload,
                label=message.label,
                title_id=message.title_id,
                source_type=message.source_type,
                source_id=message.source_id,
            ),
            now=now,
        )
