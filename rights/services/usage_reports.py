"""Usage reports to Getty: each printing of a picture licensed under an agreement that asks for them.

Which agreements ask: the Getty product types in RIGHTS_USAGE_REPORT_PRODUCT_TYPES (Premium Access by
default). One printing is one usage batch of one line: the picture, the printing's quantity (the print
run) and its date (the release or publication date). The batch id is derived from the printing
("pd-printing-<id>"), so a resent batch is answered 409 by Getty and counted once
(integration/services/usage_report_writes.py sends it through the outbox, target Getty).

Getty refuses a usage dated in the future, and a first printing is usually dated at publication,
months after licensing. So a printing is queued when it is recorded only if its date has come (in
UTC, as Getty counts days); the daily schedule (`usage_reports_queue_due`) queues the others on their
date, and any printing a lost trigger left behind. A printing is queued once: its outbox row is the
record that it was.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from integration.models import OutboxMessage
from integration.services.outbox import OutboxWrite, outbox_enqueue

from ..models import Licence, Printing
from .supporting_resource import SOURCE_TYPE

KEY_PREFIX = "getty-usage:"
BATCH_PREFIX = "pd-printing-"


def getty_today(now: dt.datetime) -> dt.date:
    """The date Getty judges "not in the future" by: today in UTC."""
    return now.astimezone(dt.UTC).date()


def reports_usage(licence: Licence) -> bool:
    return licence.getty_product_type in settings.RIGHTS_USAGE_REPORT_PRODUCT_TYPES


def batch_id(printing: Printing) -> str:
    return f"{BATCH_PREFIX}{printing.pk}"


def usage_natural_key(printing: Printing) -> str:
    return f"{KEY_PREFIX}{batch_id(printing)}"


def usage_payload(printing: Printing, licence: Licence) -> dict:
    return {
        "batchId": batch_id(printing),
        "asset_usages": [
            {
                "asset_id": licence.asset.getty_id,
                "quantity": printing.quantity,
                "usage_date": printing.printed_on.isoformat(),
            }
        ],
    }


def _enqueue(printing: Printing, licence: Licence, *, now: dt.datetime) -> OutboxMessage:
    return outbox_enqueue(
        OutboxWrite(
            kind=OutboxMessage.Kind.USAGE_REPORT,
            target=OutboxMessage.Target.GETTY,
            natural_key=usage_natural_key(printing),
            payload=usage_payload(printing, licence),
            label=(
                f"Usage of {printing.quantity:,} copies on {printing.printed_on:%d %b %Y} — "
                f"licence #{licence.pk}"
            ),
            title_id=licence.title_id,
            source_type=SOURCE_TYPE,
            source_id=licence.pk,
        ),
        now=now,
    )


def printing_usage_enqueue(printing: Printing, *, now: dt.datetime | None = None) -> OutboxMessage | None:
    """Call inside the transaction that records `printing`: queues its usage report when its licence's
    agreement asks for one and its date has come; None otherwise (the daily schedule queues it on its
    date)."""
    now = now or timezone.now()
    licence = Licence.objects.select_related("asset").get(usages__printings=printing)
    if not reports_usage(licence) or printing.printed_on > getty_today(now):
        return None
    return _enqueue(printing, licence, now=now)


def due_printings(*, now: dt.datetime):
    """Printings to report that are due (dated today or earlier, UTC) and were never queued."""
    queued = OutboxMessage.objects.filter(
        natural_key=Concat(Value(KEY_PREFIX + BATCH_PREFIX), Cast(OuterRef("pk"), CharField()))
    )
    return (
        Printing.objects.filter(
            usage__licence__getty_product_type__in=settings.RIGHTS_USAGE_REPORT_PRODUCT_TYPES,
            printed_on__lte=getty_today(now),
        )
        .exclude(Exists(queued))
        .select_related("usage__licence__asset")
        .order_by("printed_on", "id")
    )


def usage_reports_queue_due(*, now: dt.datetime | None = None, batch: int = 500) -> int:
    """Queue the usage report of every due printing not queued yet (the daily schedule), `batch` at a
    time; returns how many. Running it twice queues nothing twice."""
    now = now or timezone.now()
    queued, seen = 0, set()
    while printings := [p for p in due_printings(now=now)[:batch] if p.pk not in seen]:
        seen.update(p.pk for p in printings)
        with transaction.atomic():
            for printing in printings:
                _enqueue(printing, printing.usage.licence, now=now)
        queued += len(printings)
    return queued
