"""An approval request: one asset for one intended use, and its steps (one row per step per round)."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models

from integration.models import Asset, Product, Title
from integration.placements import Placement

from .workflows import Workflow, WorkflowStep


class Channel(models.TextChoices):
    PRINT = "print", "Print"
    DIGITAL = "digital", "Digital"
    SOCIAL = "social", "Social"
    ADVERTISING = "advertising", "Advertising"
    POINT_OF_SALE = "point_of_sale", "Point of sale"


WORLD = "WORLD"


class Currency(models.TextChoices):
    """ISO 4217 codes of the currencies picture fees are paid in; pounds unless said otherwise."""

    GBP = "GBP", "GBP (pound sterling)"
    EUR = "EUR", "EUR (euro)"
    USD = "USD", "USD (US dollar)"
    AUD = "AUD", "AUD (Australian dollar)"
    CAD = "CAD", "CAD (Canadian dollar)"
    NZD = "NZD", "NZD (New Zealand dollar)"
    CHF = "CHF", "CHF (Swiss franc)"
    JPY = "JPY", "JPY (yen)"


class ApprovalRequest(models.Model):
    class Status(models.TextChoices):
        IN_REVIEW = "in_review", "In review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    ACTIVE_STATUSES = (Status.IN_REVIEW, Status.CHANGES_REQUESTED)

    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="approval_requests")
    workflow = models.ForeignKey(Workflow, on_delete=models.PROTECT, related_name="requests")
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="approval_requests"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IN_REVIEW, db_index=True)
    # Compare-and-set guard: every transition runs UPDATE ... WHERE id=? AND version=?.
    version = models.PositiveIntegerField(default=1)
    round = models.PositiveIntegerField(default=1)  # +1 at each resubmission
    current_step = models.ForeignKey(
        "ApprovalStep", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # The intended use. `use_fingerprint` hashes it so the database can refuse a second active
    # request for the same asset and use.
    title = models.ForeignKey(Title, on_delete=models.PROTECT, related_name="approval_requests")
    products = models.ManyToManyField(Product, blank=True, related_name="approval_requests")  # none: all
    placement = models.CharField(max_length=20, choices=Placement.choices, db_index=True)
    channels = models.JSONField(default=list, blank=True)
    territories = models.JSONField(default=list, blank=True)  # ["WORLD"] or ISO country codes
    print_run = models.PositiveIntegerField(null=True, blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    fee = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    fee_currency = models.CharField(max_length=3, choices=Currency.choices, default=Currency.GBP)
    consonance_todo_id = models.CharField(max_length=64, blank=True)
    use_fingerprint = models.CharField(max_length=64)

    submitted_at = models.DateTimeField(db_index=True)
    updated_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["asset", "use_fingerprint"],
                condition=models.Q(status__in=["in_review", "changes_requested"]),
                name="approval_one_active_request_per_asset_and_use",
            ),
        ]
        indexes = [models.Index(fields=["requester", "status"])]

    def __str__(self):
        return f"Request #{self.pk}: {self.asset.getty_id} for {self.title}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @property
    def channel_labels(self) -> list[str]:
        """The channels as people read them ("Point of sale", not "point_of_sale")."""
        labels = dict(Channel.choices)
        return [labels.get(value, value) for value in self.channels]


class ApprovalStep(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACTIVE = "active", "Waiting for decision"
        APPROVED = "approved", "Approved"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        REJECTED = "rejected", "Rejected"
        SKIPPED = "skipped", "Skipped"
        CANCELLED = "cancelled", "Cancelled"

    request = models.ForeignKey(ApprovalRequest, on_delete=models.CASCADE, related_name="steps")
    # Copied from the request (it never changes) so the queue can leave out people's own requests
    # without a join: the queue's count then runs on this table's index alone.
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    workflow_step = models.ForeignKey(WorkflowStep, on_delete=models.SET_NULL, null=True, related_name="+")
    round = models.PositiveIntegerField(default=1)
    position = models.PositiveIntegerField()
    # Copied from the workflow step so later admin edits do not rewrite running requests.
    name = models.CharField(max_length=100)
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="+")
    approvals_required = models.PositiveIntegerField(default=1)
    approvals_count = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True)
    skip_reason = models.CharField(max_length=300, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["request", "round", "position"]
        constraints = [
            models.UniqueConstraint(fields=["request", "round", "position"], name="approval_step_unique"),
            models.UniqueConstraint(
                fields=["request"], condition=models.Q(status="active"), name="approval_one_active_step"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="skipped") | ~models.Q(skip_reason=""),
                name="approval_skipped_step_has_reason",
            ),
        ]
        indexes = [
            # Covers the queue's count: who may decide (group, assignee) and whose it is (requester),
            # read from the index alone without visiting the table.
            models.Index(
                fields=["status", "group", "assignee", "requester", "due_at"],
                name="approval_step_queue_count",
            ),
            # The queue walks active steps in deadline order and stops after one page.
            models.Index(fields=["status", "due_at", "id"], name="approval_step_queue_order"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"

    def is_overdue(self, now) -> bool:
        return self.status == self.Status.ACTIVE and self.due_at is not None and self.due_at < now
