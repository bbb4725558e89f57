"""Reads for the approval pages and API. Each returns everything its page needs in a fixed number
of queries, whatever the number of requests in the database."""

import datetime as dt
from dataclasses import dataclass

from django.core.cache import caches
from django.db import connection
from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When

from integration.models import Product, Title

from .actions import group_ids_of
from .facts import facts_for
from .models import ApprovalEvent, ApprovalRequest, ApprovalStep, Notification, WorkflowStep
from .use_checks import Check, Outcome, run_checks

# JSON Getty sent that no list shows: left out of list queries so rows load fast.
HEAVY_ASSET_FIELDS = ("raw", "keywords", "editorial_segments", "product_types", "how_can_i_use_it")
REQUEST_RELATED = ("asset", "title", "requester", "workflow", "current_step__group", "current_step__assignee")


def _with_products(queryset: QuerySet, prefix: str = "") -> QuerySet:
    """Prefetch into plain lists (`chosen_products`, `title.all_products`): reading a list costs
    nothing, while `.all()` on a prefetched manager clones a queryset each time, per row."""
    products = Product.objects.order_by("publication_date", "id").defer("marketing_text")
    return queryset.prefetch_related(
        Prefetch(f"{prefix}products", queryset=products, to_attr="chosen_products"),
        Prefetch(f"{prefix}title__products", queryset=products, to_attr="all_products"),
    )


@dataclass(frozen=True)
class QueueFilters:
    q: str = ""
    group_id: int | None = None
    placement: str = ""
    overdue_only: bool = False
    assigned_to_me: bool = False


NO_FILTERS = QueueFilters()


def queue_for(user, *, filters: QueueFilters = NO_FILTERS, now: dt.datetime) -> QuerySet[ApprovalStep]:
    """Active steps this person may decide: overdue first, then by deadline.

    Bare step rows, so counting them runs on the covering index alone; `queue_loaded` adds what a
    row shows.
    """
    groups = group_ids_of(user)
    # An active step always belongs to a request in review (the services keep it so and the
    # state-machine test checks it), so the request's status needs no join here. Overdue first is
    # simply the earliest deadline first, which the (status, due_at, id) index serves in order.
    steps = ApprovalStep.objects.filter(
        Q(status=ApprovalStep.Status.ACTIVE),
        Q(assignee=user) | Q(assignee__isnull=True, group_id__in=groups),
        ~Q(requester=user),
    ).order_by("due_at", "id")
    if filters.q:
        steps = steps.filter(
            Q(request__title__title__icontains=filters.q)
            | Q(request__asset__getty_id=filters.q)
            | Q(request__asset__title__icontains=filters.q)
        )
    if filters.group_id:
        steps = steps.filter(group_id=filters.group_id)
    if filters.placement:
        steps = steps.filter(request__placement=filters.placement)
    if filters.overdue_only:
        steps = steps.filter(due_at__lt=now)
    if filters.assigned_to_me:
        steps = steps.filter(assignee=user)
    return steps


def queue_loaded(steps: QuerySet[ApprovalStep]) -> QuerySet[ApprovalStep]:
    """Steps with their request, asset, title, people and products: a queue row needs no more query."""
    return _with_products(
        steps.select_related(
            *(f"request__{name}" for name in ("asset", "title", "requester")), "group", "assignee"
        ).defer(*(f"request__asset__{name}" for name in HEAVY_ASSET_FIELDS)),
        "request__",
    )


# What a queue row shows, as the step's own row and the stamps of what it is drawn from: every
# transition and every edit of the intended use bumps the request's version, a sync that changes the
# title or its products bumps the title's stamp, a refetch or a withdrawal the asset's. The page keeps
# each drawn row in the fragment cache under these, so anything that changes a row changes its key.
QUEUE_ROW_STAMPS = (
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


class QueueRow:
    """One row of a queue page: its stamps, whether it is overdue (by the page's clock, so never
    kept with the row), and the loaded step for drawing it when the fragment cache lacks it."""

    def __init__(self, page: "QueuePage", stamps: dict, *, now: dt.datetime):
        self._page = page
        self.pk = stamps["id"]
        self.stamp = "|".join(str(stamps[name]) for name in QUEUE_ROW_STAMPS)
        self.due_at = stamps["due_at"]
        self.overdue = self.due_at is not None and self.due_at < now

    @property
    def step(self) -> ApprovalStep | None:
        """The step with all a row shows; None when it went between the two reads."""
        return self._page.loaded().get(self.pk)

    @property
    def checks(self) -> "ChecksSummary":
        return checks_of(self.step.request)


class QueuePage:
    """The rows of one page of `queue_for` steps: one query for their stamps. The first row drawn
    (not found in the fragment cache) loads every step of the page at once (three queries with the
    products); a page whose rows are all kept loads none."""

    def __init__(self, steps: QuerySet[ApprovalStep], *, now: dt.datetime):
        self.rows = [QueueRow(self, stamps, now=now) for stamps in steps.values(*QUEUE_ROW_STAMPS)]
        self._loaded: dict[int, ApprovalStep] | None = None

    def loaded(self) -> dict[int, ApprovalStep]:
        if self._loaded is None:
            steps = queue_loaded(ApprovalStep.objects.filter(pk__in=[row.pk for row in self.rows]))
            self._loaded = {step.pk: step for step in steps}
        return self._loaded


@dataclass(frozen=True)
class ChecksSummary:
    checks: list[Check]

    @property
    def failing(self) -> list[Check]:
        return [c for c in self.checks if c.outcome == Outcome.FAIL]

    @property
    def warnings(self) -> list[Check]:
        return [c for c in self.checks if c.outcome == Outcome.WARN]

    @property
    def outcome(self) -> Outcome:
        """The worst outcome: what the summary's badge shows."""
        return Outcome.FAIL if self.failing else Outcome.WARN if self.warnings else Outcome.PASS

    @property
    def label(self) -> str:
        if self.failing:
            return f"{len(self.failing)} failing"
        if self.warnings:
            return f"{len(self.warnings)} to note"
        return "All pass"


def checks_of(approval_request: ApprovalRequest) -> ChecksSummary:
    """Checks from already-loaded (prefetched) asset, title and products: no query."""
    return ChecksSummary(run_checks(facts_for(approval_request)))


def request_page(pk: int) -> ApprovalRequest | None:
    """A request with everything its page shows: steps of every round, every event, products."""
    steps = ApprovalStep.objects.select_related("group", "assignee", "decided_by").order_by(
        "round", "position"
    )
    events = ApprovalEvent.objects.select_related("actor", "step").order_by("created_at", "id")
    return (
        _with_products(ApprovalRequest.objects.select_related(*REQUEST_RELATED))
        .prefetch_related(Prefetch("steps", queryset=steps), Prefetch("events", queryset=events))
        .filter(pk=pk)
        .first()
    )


def requests_of(user, *, status: str = "") -> QuerySet[ApprovalRequest]:
    requests = _with_products(
        ApprovalRequest.objects.filter(requester=user).select_related(*REQUEST_RELATED)
    ).order_by(
        Case(
            When(status=ApprovalRequest.Status.CHANGES_REQUESTED, then=Value(0)),
            When(status=ApprovalRequest.Status.IN_REVIEW, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
        "-updated_at",
        "-id",
    )
    if status:
        requests = requests.filter(status=status)
    return requests


def requests_for_title(title: Title) -> QuerySet[ApprovalRequest]:
    return (
        ApprovalRequest.objects.filter(title=title)
        .select_related("asset", "requester", "current_step__group")
        .order_by("-submitted_at", "-id")
    )


def unread_notification_count(user) -> int:
    """The header's badge, on every page. Plain SQL: the ORM spends ten times longer building this
    one-line count than the database spends answering it (served by the (recipient, read_at) index)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {connection.ops.quote_name(Notification._meta.db_table)} "  # noqa: S608
            "WHERE recipient_id = %s AND read_at IS NULL",
            [user.pk],
        )
        return cursor.fetchone()[0]


def notifications_of(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


# Which groups some workflow step names: read on every page (the menu), changed only in the admin.
# Kept in the per-process fragments cache (no query to read it, unlike the shared database cache);
# a save in this process forgets it at once, other processes pick it up within the minute.
STEP_GROUPS_KEY = "approvals:step-group-ids"
STEP_GROUPS_SECONDS = 60


def step_group_ids() -> frozenset[int]:
    """Ids of the groups some workflow step names: the groups that have a queue."""
    cache = caches["fragments"]
    ids = cache.get(STEP_GROUPS_KEY)
    if ids is None:
        ids = frozenset(WorkflowStep.objects.values_list("group_id", flat=True).distinct())
        cache.set(STEP_GROUPS_KEY, ids, STEP_GROUPS_SECONDS)
    return ids


def forget_step_group_ids(**kwargs) -> None:
    """Signal receiver: a workflow or one of its steps changed."""
    caches["fragments"].delete(STEP_GROUPS_KEY)


def has_queue(user) -> bool:
    """Whether `user` is in a group some workflow step names, so steps can wait for them."""
    return bool(group_ids_of(user) & step_group_ids())
