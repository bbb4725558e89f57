"""The outbox: one durable row per write to Consonance (or any other delivery), and reconciliation runs.

A row is written in the same database transaction as the change that causes it, so a rolled-back
change leaves no row. The worker delivers it (see `integration.outbox.delivery`); the row keeps what
happened: status, attempts, when it is next due, the last error and the last response.
"""

from django.db import models
from django.db.models import Q

from .titles import Title


class OutboxMessage(models.Model):
    class Kind(models.TextChoices):
        PICTURE_PERMISSION = "picture_permission", "Picture permission"
        TODO_ATTACHMENT = "todo_attachment", "To-do attachment"
        PICTURE_BRIEF = "picture_brief", "Picture brief"
        # Approvals' emails and in-app notices of one approval event (approvals delivers them).
        NOTIFICATION = "notification", "Email and notification"
        SUPPORTING_RESOURCE = "supporting_resource", "Supporting resource"
        USAGE_REPORT = "usage_report", "Getty usage report"
        # Rights' notices to a group or to named people: expiry warnings, withdrawals (rights delivers).
        LICENCE_NOTICE = "licence_notice", "Licence notice"

    class Target(models.TextChoices):
        CONSONANCE = "consonance", "Consonance"
        PICTURE_DESK = "picture_desk", "Picture Desk (people)"
        GETTY = "getty", "Getty Images"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        RETRYING = "retrying", "Retrying"
        DEAD = "dead", "Dead"

    # Not yet delivered and not given up: a newer state of the same record waits behind these.
    UNFINISHED = (Status.PENDING, Status.SENDING, Status.RETRYING)
    # May be claimed by a worker once due.
    DUE_STATUSES = (Status.PENDING, Status.RETRYING)

    kind = models.CharField(max_length=30, choices=Kind.choices)
    target = models.CharField(max_length=20, choices=Target.choices, default=Target.CONSONANCE)
    # The record written, e.g. "permission:getty:12345:7": writes with the same key go in order, and a
    # newer state of the record replaces an older one not yet sent.
    natural_key = models.CharField(max_length=200)
    payload = models.JSONField(default=dict)
    # What the write is about, for the pages: the title (Consonance work) and the record that caused
    # it, named without a foreign key so `integration` stays ignorant of approvals and rights.
    title = models.ForeignKey(Title, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    source_type = models.CharField(max_length=40, blank=True)  # e.g. "approval_request"
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    label = models.CharField(max_length=300, blank=True)  # what people read: "Permission GRANTED"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    # A claimed row belongs to one worker until this time; a worker killed mid-send leaves it to expire.
    lease_until = models.DateTimeField(null=True, blank=True)
    # Compare-and-set guard: every claim and every outcome runs UPDATE ... WHERE id=? AND version=?.
    version = models.PositiveIntegerField(default=1)
    last_error = models.TextField(blank=True)
    last_response = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["natural_key", "id"], name="outbox_record_order"),
            models.Index(fields=["source_type", "source_id", "id"], name="outbox_by_source"),
            models.Index(fields=["title", "id"], name="outbox_by_title"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False), name="outbox_sent_has_time"
            ),
        ]
        permissions = [("retry_outboxmessage", "Can retry a dead write to Consonance")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.natural_key} ({self.status})"

    @property
    def is_retryable(self) -> bool:
        return self.status == self.Status.DEAD


class ReconciliationRun(models.Model):
    """One comparison of what Picture Desk decided with what Consonance holds."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    started_at = models.DateTimeField(db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    started_by = models.CharField(max_length=150, blank=True)  # a username, or "" for the schedule
    # A full scan reads every permission in Consonance (and so finds deletions); otherwise the run
    # reads those Consonance says changed since `changed_since` (see services/reconciliation.py).
    full_scan = models.BooleanField(default=True)
    changed_since = models.DateField(null=True, blank=True)
    records_checked = models.PositiveIntegerField(default=0)
    # [{"natural_key", "external_ref", "message_id", "problem", "fields", "expected", "found"}], at most
    # RECONCILIATION_REPORT_LIMIT of them; differences_count counts them all.
    differences = models.JSONField(default=list, blank=True)
    differences_count = models.PositiveIntegerField(default=0)
    requeued = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        get_latest_by = "started_at"

    def __str__(self):
        return f"Reconciliation {self.started_at:%Y-%m-%d %H:%M} ({self.status})"
