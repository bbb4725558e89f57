"""Reconciliation: compare what Picture Desk last sent for each picture permission with what
Consonance holds, send again whatever differs or is missing, and keep a report.

What is compared. For every record (natural key) whose newest outbox row is a *sent* picture
permission, that row's payload: the fields it carries (a field left out of a write means "keep what
Consonance has", so it is not compared). A record whose newest row is still waiting is skipped (that
row will deliver the newest state anyway), and so is one whose newest row is dead (it waits for a
person; replaying an older sent payload would overwrite the newer state it holds).

How Consonance is read: `picturePermissions`, keyset-paged by id (`after`).
- A full scan reads every permission. It runs when no run has succeeded yet, when the last full scan is
  older than RECONCILIATION_FULL_SCAN_DAYS, or when asked for. Only a full scan finds a permission
  deleted in Consonance long after we sent it: a deleted record is in no change feed.
- Otherwise the run is incremental: `changedSince` = the day the last successful run started, less
  RECONCILIATION_MARGIN_DAYS. The contract calls changedSince "likely to have changed since", not a
  guarantee, so the run relies on it only where it must:
  * every one of our permissions Consonance lists is compared;
  * every permission we sent on or after that day must be listed (our own write changed it then); one
    that is not was deleted, or the feed missed it: either way it is sent again (the upsert by
    externalRef makes that safe);
  * a permission sent before that day and not listed counts as unchanged until the next full scan.
Everything is read before anything is sent: Consonance unreachable (or answering nonsense) fails the
run with the error and re-queues nothing.

A difference is re-queued with `outbox_replay` (the same path as the admin's "Replay"): an
idempotent upsert of the payload we last sent, delivered by the worker like any other write.
To-do attachments and picture briefs are not compared: the brief is replaced whole at every write, and
an attachment is never changed after it is made.
"""

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from integration.selectors.outbox import reconciliation_last_full, reconciliation_last_successful

from ..consonance.client import ConsonanceClient
from ..consonance.errors import ConsonanceBadResponse, ConsonanceError
from ..consonance.extension import PicturePermission
from ..models import OutboxMessage, ReconciliationRun
from .outbox import OutboxRefused, outbox_replay

logger = logging.getLogger(__name__)
Status = OutboxMessage.Status

MISSING = "missing"
CHANGED = "changed"


# --- how each field of PicturePermissionInput is compared -------------------------------------------


def _text(value) -> str:
    return "" if value is None else str(value)


def _territory(value) -> str:
    """ONIX territories: the same codes in another order are the same territory."""
    return " ".join(sorted(_text(value).split()))


def _names(value) -> list[str]:
    return sorted(_text(v) for v in value or [])


def _ids(value) -> list[int]:
    try:
        return sorted(int(v) for v in value or [])
    except (TypeError, ValueError):
        return sorted(_text(v) for v in value or [])


def _number(value):
    return None if value is None or value == "" else value


def _date(value) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return _text(value)[:10]


def _instant(value) -> str:
    """A time as one instant in UTC, whatever offset either side wrote it with."""
    if isinstance(value, dt.datetime):
        moment = value
    else:
        try:
            moment = dt.datetime.fromisoformat(_text(value).replace("Z", "+00:00"))
        except ValueError:
            return _text(value)
    if moment.tzinfo is None:
        return moment.isoformat()
    return moment.astimezone(dt.UTC).isoformat()


def _fee(value) -> str:
    if not value:
        return ""
    try:
        amount = f"{Decimal(str(value.get('amount'))):.2f}"
    except (InvalidOperation, ValueError):
        amount = _text(value.get("amount"))
    return f"{amount} {_text(value.get('currencyCode'))}".strip()


def _history(value) -> list[dict]:
    return [
        {
            "step": _text(note.get("step")),
            "decision": _text(note.get("decision")),
            "by": _text(note.get("by")),
            "at": _instant(note.get("at")) if note.get("at") else "",
            "comment": _text(note.get("comment")),
        }
        for note in value or []
        if isinstance(note, dict)
    ]


# Every field of the PicturePermissionInput a write may carry, and how to compare it.
COMPARED_FIELDS = {
    "workId": _number,
    "status": _text,
    "approvalStatus": _text,
    "licenceType": _text,
    "rightsHolder": _text,
    "requiredCredit": _text,
    "caption": _text,
    "altText": _text,
    "agreementName": _text,
    "licenceReference": _text,
    "fee": _fee,
    "territoryIncluded": _territory,
    "territoryExcluded": _territory,
    "channels": _names,
    "placement": _text,
    "productIds": _ids,
    "printRunCap": _number,
    "validFrom": _date,
    "validUntil": _date,
    "restrictions": _text,
    "supportingResourceId": _number,
    "approvalHistory": _history,
}


def _as_sent(payload: dict) -> dict:
    """The compared fields of what we sent, in comparable form."""
    return {name: compare(payload[name]) for name, compare in COMPARED_FIELDS.items() if name in payload}


def _as_held(permission: PicturePermission) -> dict:
    """What Consonance holds, under the input's field names, in comparable form."""
    raw = {
        "workId": permission.work_id,
        "status": permission.status,
        "approvalStatus": permission.approval_status,
        "licenceType": permission.licence_type,
        "rightsHolder": permission.rights_holder,
        "requiredCredit": permission.required_credit,
        "caption": permission.caption,
        "altText": permission.alt_text,
        "agreementName": permission.agreement_name,
        "licenceReference": permission.licence_reference,
        "fee": None
        if permission.fee_amount is None
        else {"amount": str(permission.fee_amount), "currencyCode": permission.fee_currency},
        "territoryIncluded": permission.territory_included,
        "territoryExcluded": permission.territory_excluded,
        "channels": permission.channels,
        "placement": permission.placement,
        "productIds": permission.product_ids,
        "printRunCap": permission.print_run_cap,
        "validFrom": permission.valid_from,
        "validUntil": permission.valid_until,
        "restrictions": permission.restrictions,
        "supportingResourceId": permission.supporting_resource_id,
        "approvalHistory": [
            {"step": n.step, "decision": n.decision, "by": n.by, "at": n.at, "comment": n.comment}
            for n in permission.approval_history
        ],
    }
    return {name: COMPARED_FIELDS[name](value) for name, value in raw.items()}


# --- reading both sides -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SentPermission:
    """The newest sent write of one permission, reduced to what the comparison needs."""

    message_id: int
    natural_key: str
    sent_on: dt.date | None  # UTC date
    fields: dict


def _latest_sent_permissions() -> dict[str, SentPermission]:
    """Our permissions by externalRef, for records whose newest outbox row is a sent one."""
    newer = OutboxMessage.objects.filter(natural_key=OuterRef("natural_key"), id__gt=OuterRef("id"))
    rows = (
        OutboxMessage.objects.filter(kind=OutboxMessage.Kind.PICTURE_PERMISSION, status=Status.SENT)
        .exclude(Exists(newer))
        .order_by("id")
        .values_list("id", "natural_key", "payload", "sent_at")
    )
    sent = {}
    for message_id, natural_key, payload, sent_at in rows.iterator(chunk_size=500):
        ref = _text((payload or {}).get("externalRef"))
        if not ref:
            continue
        sent[ref] = SentPermission(
            message_id=message_id,
            natural_key=natural_key,
            sent_on=sent_at.astimezone(dt.UTC).date() if sent_at else None,
            fields=_as_sent(payload),
        )
    return sent


def _permissions_in_consonance(client, *, changed_since: dt.date | None) -> dict[str, dict]:
    """Every permission Consonance lists (changed since a day, or all), by externalRef.

    Keyset paging by id until an empty page, read twice before it is believed (as the title sync
    does): a list cut short by one odd empty answer would make every later permission look missing.
    """
    held: dict[str, dict] = {}
    after = None
    while True:
        page = client.picture_permissions(changed_since=changed_since, after=after) or (
            client.picture_permissions(changed_since=changed_since, after=after)
        )
        if not page:
            return held
        last_id = max(permission.id for permission in page)
        if after is not None and last_id <= after:
            raise ConsonanceBadResponse(
                f"Consonance sent picture permissions up to id {last_id} when asked for ids after {after}."
            )
        for permission in page:
            held[permission.external_ref] = _as_held(permission)
        after = last_id


# --- the run ------------------------------------------------------------------------------------------


def _differences(
    sent: dict[str, SentPermission], held: dict[str, dict], *, changed_since: dt.date | None
) -> tuple[int, list[dict]]:
    """How many of our permissions were checked, and each difference found."""
    checked = 0
    found = []
    for ref, ours in sent.items():
        theirs = held.get(ref)
        if theirs is None:
            # Listed in a full scan, or written by us since the change feed's start: it must be there.
            must_be_listed = changed_since is None or (
                ours.sent_on is not None and ours.sent_on >= changed_since
            )
            if not must_be_listed:
                continue
            checked += 1
            found.append(
                {
                    "natural_key": ours.natural_key,
                    "external_ref": ref,
                    "message_id": ours.message_id,
                    "problem": MISSING,
                    "fields": [],
                    "expected": {
                        k: ours.fields[k] for k in ("workId", "status", "approvalStatus") if k in ours.fields
                    },
                    "found": None,
                }
            )
            continue
        checked += 1
        changed = [name for name, value in ours.fields.items() if theirs.get(name) != value]
        if changed:
            found.append(
                {
                    "natural_key": ours.natural_key,
                    "external_ref": ref,
                    "message_id": ours.message_id,
                    "problem": CHANGED,
                    "fields": changed,
                    "expected": {name: ours.fields[name] for name in changed},
                    "found": {name: theirs.get(name) for name in changed},
                }
            )
    return checked, found


def _requeue(difference: dict, *, now: dt.datetime) -> bool:
    """Send the last payload of this record again, unless a newer write of it appeared meanwhile."""
    with transaction.atomic():
        message = OutboxMessage.objects.filter(pk=difference["message_id"]).first()
        if message is None or message.status != Status.SENT:
            return False
        if OutboxMessage.objects.filter(natural_key=message.natural_key, id__gt=message.pk).exists():
            return False  # a newer state of the record is on its way: replaying the older one would undo it
        try:
            outbox_replay(message=message, now=now)
        except OutboxRefused:
            return False
    return True


def _scan_plan(run: ReconciliationRun, *, full: bool, now: dt.datetime) -> dt.date | None:
    """The changedSince day of an incremental run, or None for a full scan."""
    if full:
        return None
    last = reconciliation_last_successful(before_id=run.pk)
    last_full = reconciliation_last_full(before_id=run.pk)
    if last is None or last_full is None:
        return None
    if now - last_full.started_at >= dt.timedelta(days=settings.RECONCILIATION_FULL_SCAN_DAYS):
        return None
    return last.started_at.astimezone(dt.UTC).date() - dt.timedelta(days=settings.RECONCILIATION_MARGIN_DAYS)


def reconciliation_run(
    started_by: str = "", now: dt.datetime | None = None, *, full: bool = False
) -> ReconciliationRun:
    """Compare, re-queue the differences, and return the finished run (FAILED with its error when
    Consonance could not be read; then nothing was re-queued).

    `full` forces a full scan; otherwise the rule above decides.
    """
    clock_given = now is not None
    now = now or timezone.now()
    run = ReconciliationRun.objects.create(started_at=now, started_by=started_by[:150])
    changed_since = _scan_plan(run, full=full, now=now)
    run.full_scan = changed_since is None
    run.changed_since = changed_since
    try:
        sent = _latest_sent_permissions()
        with ConsonanceClient() as client:
            held = _permissions_in_consonance(client, changed_since=changed_since)
    except ConsonanceError as error:
        _finish(
            run, clock_given=clock_given, now=now, status=ReconciliationRun.Status.FAILED, error=str(error)
        )
        logger.warning("Reconciliation %s failed: %s", run.pk, error)
        return run
    except Exception as error:
        _finish(
            run,
            clock_given=clock_given,
            now=now,
            status=ReconciliationRun.Status.FAILED,
            error=f"{type(error).__name__}: {error}",
        )
        raise

    checked, differences = _differences(sent, held, changed_since=changed_since)
    requeued = sum(_requeue(difference, now=now) for difference in differences)
    run.records_checked = checked
    run.differences_count = len(differences)
    run.differences = differences[: settings.RECONCILIATION_REPORT_LIMIT]
    run.requeued = requeued
    _finish(run, clock_given=clock_given, now=now, status=ReconciliationRun.Status.SUCCEEDED)
    return run


def _finish(
    run: ReconciliationRun, *, clock_given: bool, now: dt.datetime, status: str, error: str = ""
) -> None:
    run.status = status
    run.error = error
    run.finished_at = now if clock_given else timezone.now()
    run.save()
