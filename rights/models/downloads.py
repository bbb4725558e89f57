"""A download at Getty: the intent recorded before the call, completed (or not) after it.

Each download POST spends one download of a Getty product and is not idempotent. The row is committed
before Getty is called, so whatever happens next (a timeout, a killed worker) leaves a trace that says
"we may have spent one": the next attempt settles it from Getty's download history instead of calling
again. One request has at most one download that is not `failed` (a database constraint), so two people
pressing "License" at once spend one download, not two.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from approvals.models import ApprovalRequest
from integration.models import Asset


class Download(models.Model):
    class Status(models.TextChoices):
        INTENDED = "intended", "Intended (Getty being called)"
        COMPLETED = "completed", "Completed"
        UNKNOWN = "unknown", "Outcome unknown (checking Getty's history)"
        FAILED = "failed", "Failed (nothing spent)"

    # Not failed: the request has (or may have) spent a download.
    HOLDING = (Status.INTENDED, Status.COMPLETED, Status.UNKNOWN)

    request = models.ForeignKey(ApprovalRequest, on_delete=models.PROTECT, related_name="downloads")
    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="downloads")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INTENDED, db_index=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)

    # The Getty product it was (or is being) paid with.
    product_id = models.CharField(max_length=40)
    product_type = models.CharField(max_length=40)
    product_name = models.CharField(max_length=200, blank=True)
    agreement_name = models.CharField(max_length=300, blank=True)
    product_expires_at = models.DateTimeField(null=True, blank=True)
    download_notes = models.CharField(max_length=500, blank=True)
    project_code = models.CharField(max_length=100, blank=True)

    # What Getty answered: the delivery link (valid 24 hours), or the line of its download history
    # that settled an unknown outcome (then there is no link).
    getty_uri = models.CharField(max_length=2000, blank=True)
    getty_downloaded_at = models.DateTimeField(null=True, blank=True)
    getty_record = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    # The file, once fetched from the delivery link and checked.
    file_path = models.CharField(max_length=500, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=40, blank=True)
    bytes = models.PositiveBigIntegerField(null=True, blank=True)
    file_stored_at = models.DateTimeField(null=True, blank=True)
    file_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status__in=["intended", "completed", "unknown"]),
                name="rights_one_download_per_request",
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_at__isnull=False),
                name="rights_completed_download_has_time",
            ),
        ]
        indexes = [models.Index(fields=["asset", "status"])]

    def __str__(self):
        return (
            f"Download of {self.asset.getty_id} for request #{self.request_id} ({self.get_status_display()})"
        )

    @property
    def has_file(self) -> bool:
        return bool(self.file_path and self.sha256)
