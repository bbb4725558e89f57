"""What the Rights dashboard shows: licences by status, expiries month by month, pictures at risk for
upcoming publication dates, withdrawals and the recent clearance checks.

Each figure is one query (two where a list also says how many there are in all), whatever the number of
licences: the dashboard is the page Rights opens every morning, and it must not slow down as the
catalogue grows. Dates come in as `today`, so the figures are testable at any date.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, DateField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncMonth

from .clearance_selectors import recent_checks
from .models import Licence
from .selectors import licence_counts
from .status import warning_days

Status = Licence.Status
CHART_MONTHS = 12
LIST_LIMIT = 10
# Licences whose end date still matters: not replaced, not taken down by Getty.
LIVE_STATUSES = (Status.ACTIVE, Status.EXPIRING, Status.EXPIRED)


@dataclass(frozen=True)
class StatusFigure:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class ExpiryMonth:
    month: dt.date  # the first day of the month
    count: int  # licences whose last day falls in this month (from today on, for this month)


@dataclass(frozen=True)
class PictureAtRisk:
    """A covered product publishing after its picture's licence ends, or within the warning window of
    the end: the book would go on sale with a picture it may not use (or soon may not)."""

    licence: Licence
    product_id: int
    product_label: str
    isbn13: str
    publication_date: dt.date
    valid_until: dt.date

    @property
    def ends_before_publication(self) -> bool:
        return self.valid_until < self.publication_date

    @property
    def days_apart(self) -> int:
        """Days between the licence's last day and the publication date, whichever comes first."""
        return abs((self.valid_until - self.publication_date).days)


@dataclass(frozen=True)
class Listed:
    """The first rows of a list and how many there are in all."""

    rows: list
    total: int


@dataclass(frozen=True)
class RightsDashboard:
    today: dt.date
    window_days: int
    statuses: list[StatusFigure]
    total: int
    expiries: list[ExpiryMonth]
    at_risk: Listed
    withdrawals: Listed
    # The newest clearance checks; None for someone who may not read them (nothing is read then).
    clearance_checks: Listed | None


def status_figures() -> tuple[list[StatusFigure], int]:
    counts = licence_counts()
    figures = [StatusFigure(value, label, counts[value]) for value, label in Status.choices]
    return figures, sum(counts.values())


def _month_start(day: dt.date, months_later: int = 0) -> dt.date:
    index = day.year * 12 + day.month - 1 + months_later
    return dt.date(index // 12, index % 12 + 1, 1)


def expiries_by_month(*, today: dt.date, months: int = CHART_MONTHS) -> list[ExpiryMonth]:
    """Licences still in force that end in each of the next `months` months (this one from today on).

    Withdrawn and superseded licences are left out: their end date no longer matters. One grouped query
    on the status and end-date index; months with none are there with 0, so the chart has no gaps.
    """
    end = _month_start(today, months)
    rows = (
        Licence.objects.filter(
            status__in=(Status.ACTIVE, Status.EXPIRING), valid_until__gte=today, valid_until__lt=end
        )
        .annotate(month=TruncMonth("valid_until"))
        .values("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    )
    counts = {_as_date(month): n for month, n in rows}
    return [
        ExpiryMonth(month, counts.get(month, 0)) for month in (_month_start(today, k) for k in range(months))
    ]


def _as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def pictures_at_risk(*, today: dt.date, window_days: int | None = None, limit: int = LIST_LIMIT) -> Listed:
    """Covered products publishing from today on whose picture's licence ends before publication, or
    less than `window_days` (the longest expiry warning window) after it, soonest publication first.

    Perpetual licences and licences without an end date are never at risk for a date. Expired licences
    are: a book published after its picture's licence ended still must not use it.
    """
    window = warning_days() if window_days is None else window_days
    covered = Licence.products.through.objects.filter(
        product__publication_date__gte=today,
        licence__status__in=LIVE_STATUSES,
        licence__perpetual=False,
        licence__valid_until__isnull=False,
        # valid_until - publication_date <= window (inclusive, as the expiring status counts days).
        licence__valid_until__lte=ExpressionWrapper(
            F("product__publication_date") + dt.timedelta(days=window), output_field=DateField()
        ),
    )
    total = covered.count()
    pairs = covered.select_related("licence__asset", "licence__title", "product").order_by(
        "product__publication_date", "licence__valid_until", "licence_id", "product_id"
    )[:limit]
    rows = [
        PictureAtRisk(
            licence=pair.licence,
            product_id=pair.product_id,
            product_label=pair.product.format_name or pair.product.onix_form_code,
            isbn13=pair.product.isbn13,
            publication_date=pair.product.publication_date,
            valid_until=pair.licence.valid_until,
        )
        for pair in pairs
    ]
    return Listed(rows, total)


def recent_withdrawals(*, limit: int = LIST_LIMIT) -> Listed:
    """Licences of pictures Getty took down, newest first: withdrawn licences, and licences of a
    withdrawn picture that the withdrawal watch has not marked yet (it runs on a schedule)."""
    withdrawn = Licence.objects.filter(
        Q(status=Status.WITHDRAWN) | Q(asset__withdrawn_at__isnull=False, status__in=LIVE_STATUSES)
    )
    total = withdrawn.count()
    rows = list(
        withdrawn.select_related("asset", "title")
        .annotate(
            usages_in_use=Count("usages", filter=~Q(usages__status="superseded")),
        )
        .order_by(F("asset__withdrawn_at").desc(nulls_last=True), "-updated_at", "-id")[:limit]
    )
    return Listed(rows, total)


def recent_clearance_checks(*, limit: int = LIST_LIMIT) -> Listed:
    """The newest clearance checks of every title, with their title and who ran them (two queries)."""
    checks = recent_checks()
    return Listed(list(checks[:limit]), checks.count())


def rights_dashboard(*, today: dt.date, clearance_checks: bool = True) -> RightsDashboard:
    """Every figure of the dashboard; `clearance_checks=False` leaves the checks out (and unread) for
    someone who may read licences but not clearance checks."""
    statuses, total = status_figures()
    return RightsDashboard(
        today=today,
        window_days=warning_days(),
        statuses=statuses,
        total=total,
        expiries=expiries_by_month(today=today),
        at_risk=pictures_at_risk(today=today),
        withdrawals=recent_withdrawals(),
        clearance_checks=recent_clearance_checks() if clearance_checks else None,
    )
