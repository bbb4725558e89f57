"""Queue rows as HTML, cached per row in the process-local `fragments` cache.

The queue is the page people keep open all day. A row shows one step of one request: the picture,
the title, the intended use, the checks. Building it means loading the request, its asset, title and
products and running every check, which costs far more than the queries behind the page. So a row is
built once and kept under a key made of everything it shows: the step, the request's version (every
transition and every edit of the intended use bumps it), the title's sync stamp (bumped when the
title or its products change), the asset's fetch and withdrawal stamps, the deadline. Anything that
changes a row changes its key; the short expiry only bounds what no stamp covers (a person renamed
in admin). The overdue mark depends on the clock and is drawn fresh on every page.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.cache import caches
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from .models import ApprovalStep
from .selectors import checks_of, queue_loaded

FRAGMENT_CACHE = "fragments"
ROW_TIMEOUT_SECONDS = 600
# What a cached row shows, from the step's own row and the stamps of what it was built from.
ROW_KEY_FIELDS = (
    "id",
    "name",
    "assignee_id",
    "request_id",
    "request__version",
    "request__requester_id",
    "request__title__synced_at",
    "request__asset__fetched_at",
    "request__asset__withdrawn_at",
    "due_at",
)


@dataclass(frozen=True)
class QueueRow:
    """A row's cells, clock-independent: the checkbox, picture, title and use, step and checks."""

    pk: int
    version: int
    url: str
    thumb_url: str
    heading: str
    use_line: str
    requester: str
    step_name: str
    assignee: str
    checks_badge: str
    checks_label: str
    failing: tuple[str, ...]

    @property
    def cells(self) -> str:
        """The cells, escaped; one format call instead of a template node per cell."""
        step = format_html("{}", self.step_name)
        if self.assignee:
            step = format_html('{}<div class="muted">assigned to {}</div>', step, self.assignee)
        failing = format_html_join("", '<div class="muted">{}</div>', ((name,) for name in self.failing))
        return format_html(
            '<td><input type="checkbox" name="pick" value="{}:{}" id="pick-{}" '
            'aria-label="Select request {}"></td><td><a href="{}" tabindex="-1"><img class="thumb" '
            'src="{}" alt="" loading="lazy" width="96" height="96"></a></td>'
            '<td><a href="{}">{}</a><div class="muted">{}</div><div class="muted">from {}</div></td>'
            '<td>{}</td><td><span class="badge {}">{}</span>{}</td>',
            self.pk,
            self.version,
            self.pk,
            self.pk,
            self.url,
            self.thumb_url,
            self.url,
            self.heading,
            self.use_line,
            self.requester,
            step,
            self.checks_badge,
            self.checks_label,
            failing,
        )


def _name(user) -> str:
    return (f"{user.first_name} {user.last_name}".strip() or user.username) if user else ""


def queue_row(step: ApprovalStep, *, detail_prefix: str) -> QueueRow:
    """A row from a step loaded by `selectors.queue_loaded` (no query)."""
    request = step.request
    checks = checks_of(request)
    use = [request.get_placement_display()]
    if request.channels:
        use.append(", ".join(request.channels))
    use.append(" ".join(request.territories))
    return QueueRow(
        pk=request.pk,
        version=request.version,
        url=f"{detail_prefix}{request.pk}/",
        thumb_url=request.asset.thumb_url,
        heading=f"#{request.pk} {request.title.title}",
        use_line=f"{request.asset.title} · {' · '.join(use)}",
        requester=_name(request.requester),
        step_name=step.name,
        assignee=step.assignee.username if step.assignee_id else "",
        checks_badge=checks.badge,
        checks_label=checks.label,
        failing=tuple(c.name for c in checks.failing),
    )


def _row_key(stamps: dict) -> str:
    built_from = "|".join(str(stamps[name]) for name in ROW_KEY_FIELDS)
    return f"queue-row:{stamps['id']}:{hashlib.blake2b(built_from.encode(), digest_size=12).hexdigest()}"


def _due_time(due_at: dt.datetime | None) -> str:
    """The deadline, without the overdue mark (dates need no escaping)."""
    if due_at is None:
        return "—"
    due = timezone.localtime(due_at)
    return f'<time datetime="{due.isoformat()}">{due.strftime("%-d %b %H:%M")}</time>'


OVERDUE_MARK = ' <span class="badge badge-bad">Overdue</span>'


def queue_rows_html(steps: QuerySet[ApprovalStep], *, now: dt.datetime) -> SafeString:
    """The table rows of one page of `steps` (a sliced `selectors.queue_for` queryset).

    One query for the page's stamps; rows not in the cache are built from one more load (three
    queries with the products) and stored.
    """
    stamps = list(steps.values(*ROW_KEY_FIELDS))
    if not stamps:
        return mark_safe("")
    keys = {row["id"]: _row_key(row) for row in stamps}
    cache = caches[FRAGMENT_CACHE]
    hits = cache.get_many(list(keys.values()))
    cells = {pk: hits[key] for pk, key in keys.items() if key in hits}
    missing = [pk for pk in keys if pk not in cells]
    if missing:
        # Cached: every cell, up to and into the deadline cell; the page adds the overdue mark
        # where due and closes it.
        detail_prefix = reverse("approvals:request-detail", args=[0])[: -len("0/")]
        built = {
            step.pk: f"{queue_row(step, detail_prefix=detail_prefix).cells}<td>{_due_time(step.due_at)}"
            for step in queue_loaded(ApprovalStep.objects.filter(pk__in=missing))
        }
        cache.set_many({keys[pk]: html for pk, html in built.items()}, ROW_TIMEOUT_SECONDS)
        cells.update(built)
    parts = []
    for row in stamps:
        if row["id"] not in cells:  # decided and gone between the two reads
            continue
        if row["due_at"] is not None and row["due_at"] < now:
            parts.append(f'<tr class="overdue">{cells[row["id"]]}{OVERDUE_MARK}</td></tr>\n')
        else:
            parts.append(f"<tr>{cells[row['id']]}</td></tr>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every part is built by format_html
