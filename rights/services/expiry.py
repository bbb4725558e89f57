"""The daily expiry watch: licence statuses follow the calendar, and Rights hears of each end in time.

`expiry_scan(now=)` does three things, each safe to repeat:

1. Status. Every licence whose status no longer matches its end date and the day (rights/status.py:
   expiring inside the widest window of RIGHTS_EXPIRY_WINDOWS_DAYS, expired the day after the last day)
   is moved by compare-and-set, with a LicenceEvent and the Consonance permission rewritten through the
   outbox (`permission_enqueue`, the licensing code's one builder), one licence per transaction. Only
   licences whose status is wrong are read, found in the status and end-date index alone
   (rights/expiry_selectors.py), so a second run the same day reads almost nothing and writes nothing.
2. Warnings. Rights is told once per licence and window: when its end comes within a window (the
   narrowest one it is inside: a licence first seen 6 days before its end gets the 7-day warning, not
   three at once), and when it has expired (within the widest window after its end; older ends are
   history, not news). And earlier than any window when a dated event depends on the picture: a
   product the licence covers publishes after the licence ends.
3. Catch-up. Nothing depends on yesterday's run: statuses come from the date, warnings from what has
   not been warned about yet. A missed day (or week) is made good by the next run.

Each warning is a LicenceAlert row (unique per licence and key, the key naming the end date, so an
extended licence earns new warnings) written in the transaction that queues its notice (an outbox row),
so two runs at once or a run repeated warn nobody twice. Time comes in as `now`.
"""

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Prefetch
from django.urls import reverse
from django.utils import formats, timezone

from accounts.roles import Role
from integration.models import Product

from ..expiry_selectors import licences_out_of_date
from ..models import Licence, LicenceAlert, LicenceEvent
from ..status import status_on, warning_days
from .notices import notice_enqueue
from .permission_write import permission_enqueue

log = logging.getLogger("picture_desk.rights")
Status = Licence.Status
AlertKind = LicenceAlert.Kind
NOTICE_TEMPLATE = "licence_alert"
CHUNK = 500


@dataclass
class ExpiryScan:
    today: dt.date
    status_changes: dict[str, int] = field(default_factory=dict)  # "active->expiring": n
    alerts: dict[str, int] = field(default_factory=dict)  # "expiring:30": n
    lost_races: int = 0

    @property
    def summary(self) -> str:
        changes = ", ".join(f"{k} {v}" for k, v in sorted(self.status_changes.items())) or "no status change"
        alerts = ", ".join(f"{k} {v}" for k, v in sorted(self.alerts.items())) or "no warning"
        return f"Expiry watch {self.today.isoformat()}: {changes}; {alerts}."


def windows() -> list[int]:
    """The warning windows in days, widest first."""
    return sorted({int(d) for d in settings.RIGHTS_EXPIRY_WINDOWS_DAYS if int(d) >= 0}, reverse=True)


def _day(day: dt.date) -> str:
    return formats.date_format(day, "j M Y")


# --- 1. statuses -----------------------------------------------------------------------------------------


def _status_reason(licence: Licence, new: str, today: dt.date) -> tuple[str, dt.date | None]:
    """Why the status changed, and the day it became true (before today after a missed run)."""
    end = licence.valid_until
    if new == Status.EXPIRED:
        return f"Expired: its last day was {_day(end)}.", end + dt.timedelta(days=1)
    if new == Status.EXPIRING:
        days = warning_days()
        return (
            f"Expiring: its last day is {_day(end)}, within the {days}-day warning window.",
            end - dt.timedelta(days=days),
        )
    return "Active: its end is outside the warning window.", None


def _move_status(licence: Licence, *, today: dt.date, now: dt.datetime) -> str | None:
    """Set the status the date calls for; None when another change won the race (the next run retries)."""
    new = status_on(
        current=licence.status, valid_until=licence.valid_until, perpetual=licence.perpetual, today=today
    )
    if new == licence.status:
        return None
    old = licence.status
    reason, effective = _status_reason(licence, new, today)
    with transaction.atomic():
        moved = Licence.objects.filter(pk=licence.pk, version=licence.version, status=old).update(
            status=new, updated_at=now, version=F("version") + 1
        )
        if not moved:
            return None
        licence.status, licence.version, licence.updated_at = new, licence.version + 1, now
        LicenceEvent.objects.create(
            licence=licence,
            kind=LicenceEvent.Kind.STATUS_CHANGED,
            actor=None,
            reason=reason,
            details={
                "from": old,
                "to": new,
                "valid_until": licence.valid_until.isoformat() if licence.valid_until else None,
                "effective_on": effective.isoformat() if effective else None,
                "by": "expiry watch",
            },
            created_at=now,
        )
        permission_enqueue(licence, now=now)
    return f"{old}->{new}"


def _pages(licences):
    """The licences in id order, a page at a time: each page is read after the one before it was
    written (no cursor stays open across the writes)."""
    last_id = 0
    while True:
        page = list(licences.filter(pk__gt=last_id).order_by("id")[:CHUNK])
        yield from page
        if len(page) < CHUNK:
            return
        last_id = page[-1].pk


def _update_statuses(scan: ExpiryScan, *, now: dt.datetime) -> None:
    # Found in the (status, valid_until) index alone (rights/expiry_selectors.py), a page at a time.
    for licence in licences_out_of_date(scan.today):
        change = _move_status(licence, today=scan.today, now=now)
        if change is None:
            scan.lost_races += 1
        else:
            scan.status_changes[change] = scan.status_changes.get(change, 0) + 1


# --- 2. warnings -----------------------------------------------------------------------------------------


def _licence_context(licence: Licence) -> dict:
    return {
        "licence_id": licence.pk,
        "asset_title": licence.asset.title or licence.asset.getty_id,
        "getty_id": licence.asset.getty_id,
        "title": licence.title.full_title,
        "valid_until": _day(licence.valid_until),
    }


def _warn(
    scan: ExpiryScan,
    licence: Licence,
    *,
    kind: str,
    key: str,
    headline: str,
    message: str,
    now: dt.datetime,
    window_days: int | None = None,
    product: Product | None = None,
) -> None:
    """Write the alert and queue its notice together; nothing when this key was already warned of."""
    try:
        with transaction.atomic():
            alert = LicenceAlert.objects.create(
                licence=licence,
                kind=kind,
                key=key,
                window_days=window_days,
                valid_until=licence.valid_until,
                product=product,
                message=message[:500],
                created_at=now,
            )
            notice_enqueue(
                group=str(Role.RIGHTS),
                key=f"licence-alert:{alert.pk}",
                template=NOTICE_TEMPLATE,
                url=reverse("rights:licence-detail", args=[licence.pk]),
                context={**_licence_context(licence), "kind": kind, "headline": headline, "message": message},
                label=headline,
                title_id=licence.title_id,
                source_type="licence",
                source_id=licence.pk,
                now=now,
            )
    except IntegrityError:
        scan.lost_races += 1  # a run at the same time warned first
        return
    label = f"{kind}:{window_days}" if window_days is not None else kind
    scan.alerts[label] = scan.alerts.get(label, 0) + 1


def _not_warned(kind: str, **match):
    return ~Exists(
        LicenceAlert.objects.filter(
            licence=OuterRef("pk"), kind=kind, valid_until=OuterRef("valid_until"), **match
        )
    )


def _dated_licences():
    return (
        Licence.objects.exclude(status__in=Licence.FINAL_STATUSES)
        .filter(perpetual=False, valid_until__isnull=False)
        .select_related("asset", "title")
        .order_by("id")
    )


def _warn_windows(scan: ExpiryScan, *, now: dt.datetime) -> None:
    """Each licence inside a window hears of the narrowest window it is in, once per end date."""
    widths = windows()
    for index, width in enumerate(widths):
        narrower = widths[index + 1] if index + 1 < len(widths) else -1
        due = _dated_licences().filter(
            valid_until__gte=scan.today + dt.timedelta(days=narrower + 1),
            valid_until__lte=scan.today + dt.timedelta(days=width),
        )
        for licence in _pages(due.filter(_not_warned(AlertKind.EXPIRING, window_days=width))):
            left = (licence.valid_until - scan.today).days
            when = "today" if left == 0 else f"in {left} day{'s' if left != 1 else ''}"
            context = _licence_context(licence)
            _warn(
                scan,
                licence,
                kind=AlertKind.EXPIRING,
                key=f"window:{width}:{licence.valid_until.isoformat()}",
                window_days=width,
                headline=f"Licence #{licence.pk} ends {when}",
                message=(
                    f"The licence of {context['asset_title']} for {context['title']} ends on "
                    f"{context['valid_until']} (within {width} days). Renew or extend its terms, or find a "
                    "replacement."
                ),
                now=now,
            )


def _warn_expired(scan: ExpiryScan, *, now: dt.datetime) -> None:
    """Each licence that expired (recently: within the widest window) hears of it once."""
    oldest = scan.today - dt.timedelta(days=max(windows() or [0]) + 1)
    expired = _dated_licences().filter(valid_until__lt=scan.today, valid_until__gte=oldest)
    for licence in _pages(expired.filter(_not_warned(AlertKind.EXPIRED))):
        context = _licence_context(licence)
        _warn(
            scan,
            licence,
            kind=AlertKind.EXPIRED,
            key=f"expired:{licence.valid_until.isoformat()}",
            headline=f"Licence #{licence.pk} has expired",
            message=(
                f"The licence of {context['asset_title']} for {context['title']} expired: its last day was "
                f"{context['valid_until']}. The picture may not be printed or published again until the "
                "licence is renewed; its permission in Consonance now says EXPIRED."
            ),
            now=now,
        )


def _warn_at_risk(scan: ExpiryScan, *, now: dt.datetime) -> None:
    """A covered product publishing after the licence ends puts the picture at risk: warn at once."""
    covered = Licence.products.through.objects.filter(
        licence__in=_dated_licences().filter(valid_until__gte=scan.today),
        product__publication_date__gt=F("licence__valid_until"),
        product__publication_date__gte=scan.today,
    )
    pairs = list(covered.values_list("licence_id", "product_id").order_by("licence_id", "product_id"))
    if not pairs:
        return
    licence_ids = sorted({licence_id for licence_id, _ in pairs})
    licences = {
        lic.pk: lic
        for lic in _dated_licences()
        .filter(pk__in=licence_ids)
        .prefetch_related(Prefetch("products", queryset=Product.objects.order_by("id")))
    }
    warned = set(
        LicenceAlert.objects.filter(licence_id__in=licence_ids, kind=AlertKind.AT_RISK).values_list(
            "licence_id", "key"
        )
    )
    for licence_id, product_id in pairs:
        licence = licences.get(licence_id)
        product = next((p for p in licence.products.all() if p.pk == product_id), None) if licence else None
        if product is None:
            continue
        key = f"at_risk:{product.pk}:{product.publication_date.isoformat()}:{licence.valid_until.isoformat()}"
        if (licence_id, key) in warned:
            continue
        context = _licence_context(licence)
        label = " ".join(part for part in (product.format_name, product.isbn13) if part) or "a product"
        _warn(
            scan,
            licence,
            kind=AlertKind.AT_RISK,
            key=key,
            product=product,
            headline=f"Licence #{licence.pk} ends before {label} publishes",
            message=(
                f"The licence of {context['asset_title']} for {context['title']} ends on "
                f"{context['valid_until']}, before {label} publishes on {_day(product.publication_date)}. "
                "Extend the licence to cover it, or find a replacement."
            ),
            now=now,
        )


# --- the scan --------------------------------------------------------------------------------------------


def expiry_scan(*, now: dt.datetime | None = None) -> ExpiryScan:
    """Bring every licence's status up to `now`'s date and warn Rights of what is ending (see above)."""
    now = now or timezone.now()
    scan = ExpiryScan(today=timezone.localdate(now))
    _update_statuses(scan, now=now)
    _warn_at_risk(scan, now=now)
    _warn_windows(scan, now=now)
    _warn_expired(scan, now=now)
    log.info(scan.summary)
    return scan
