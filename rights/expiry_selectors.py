"""The read of the daily expiry watch: the licences whose status no longer matches the day.

Every morning the watch looks for them among every licence there is (a million, in a large catalogue),
and finds a few hundred. So the read is served by the (status, valid_until) index
`licence_expiry_scan` alone: four ranges of it, one per way a status can go out of date, and only
those licences are then loaded. It must cost what finding the day's work in the index costs, not what
reading every licence costs: bench/bench_expiry_scan.py times this read against a bare indexed count.

The ranges are the rule of rights/status.py turned round (a licence with an end date is a dated one,
`valid_until` set; a perpetual licence has none, a database constraint says so):
- active or expiring, and its last day has passed: now expired;
- active or expired, and its last day is inside the widest warning window: now expiring;
- expiring or expired, and its last day is beyond the window (the terms were extended), or it has no
  end date at all: now active.
Withdrawn and superseded licences are final: never read.
"""

import datetime as dt
from collections.abc import Iterator

from django.db.models import Q, QuerySet

from .models import Licence
from .status import warning_days

Status = Licence.Status
PAGE = 500


def out_of_date(today: dt.date) -> Q:
    """The licences whose status is not the one rights/status.py gives them on `today`."""
    horizon = today + dt.timedelta(days=warning_days())
    return (
        Q(status__in=(Status.ACTIVE, Status.EXPIRING), valid_until__lt=today)
        | Q(status__in=(Status.ACTIVE, Status.EXPIRED), valid_until__gte=today, valid_until__lte=horizon)
        | Q(status__in=(Status.EXPIRING, Status.EXPIRED), valid_until__gt=horizon)
        | Q(status__in=(Status.EXPIRING, Status.EXPIRED), valid_until__isnull=True)
    )


def out_of_date_ids(today: dt.date) -> list[int]:
    """Their ids, in id order, read from the index alone (no ORDER BY or LIMIT in the query, which
    would tempt the database to walk every licence in id order instead)."""
    return sorted(Licence.objects.filter(out_of_date(today)).order_by().values_list("id", flat=True))


def licences_out_of_date(today: dt.date, *, page: int = PAGE) -> Iterator[Licence]:
    """The licences whose status the watch moves today, with what the move needs (the picture, the
    title, the request and the products the Consonance permission names), in id order.

    A page of `page` licences at a time, each read when the one before it has been dealt with, so no
    cursor stays open across the watch's writes; a licence changed meanwhile is left to the watch's
    compare-and-set.
    """
    ids = out_of_date_ids(today)
    for start in range(0, len(ids), page):
        yield from _loaded(ids[start : start + page])


def _loaded(ids: list[int]) -> QuerySet:
    return (
        Licence.objects.filter(pk__in=ids)
        .select_related("asset", "title", "request")
        .prefetch_related("products")
        .order_by("id")
    )
