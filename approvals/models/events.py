"""The append-only history of a request: one row per transition, written in its transaction."""

from django.conf import settings
from django.db import models

from .requests import ApprovalRequest, ApprovalStep


class ApprovalEvent(models.Model):
    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        RESUBMITTED = "resubmitted", "Resubmitted"
        STEP_STARTED = "step_started", "Step started"
        STEP_SKIPPED = "step_skipped", "Step skipped"
        APPROVED = "approved", "Approved"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"
        REASSIGNED = "reassigned", "Reassigned"
        COMPLETED = "completed", "Fully approved"

    request = models.ForeignKey(ApprovalRequest, on_delete=models.CASCADE, related_name="events")
    step = models.ForeignKey(
        ApprovalStep, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # One action can move both the step and the request; each pair is empty when that one did not move.
    step_from = models.CharField(max_length=20, blank=True)
    step_to = models.CharField(max_length=20, blank=True)
    request_from = models.CharField(max_length=20, blank=True)
    request_to = models.CharField(max_length=20, blank=True)
    comment = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} on request #{self.request_id} at {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        # History is data: an event, once written, is never rewritten.
        if self.pk is not None:
            raise ValueError("Approval events are append-only.")
        super().save(*args, **kwargs)
