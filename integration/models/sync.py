"""Records of title sync runs: what each run did, shown in the UI and admin."""

from django.db import models
from django.db.models import Q


class SyncRun(models.Model):
    class Kind(models.TextChoices):
        FULL = "full", "Full"
        INCREMENTAL = "incremental", "Incremental"

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING, db_index=True)
    started_at = models.DateTimeField(db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    changed_since = models.DateField(null=True, blank=True)
    works_seen = models.IntegerField(default=0)
    titles_created = models.IntegerField(default=0)
    titles_updated = models.IntegerField(default=0)
    titles_deactivated = models.IntegerField(default=0)
    products_seen = models.IntegerField(default=0)
    pages = models.IntegerField(default=0)
    # Why the run failed, in words a person can act on.
    error = models.TextField(blank=True)
    # What a person should know about a run that succeeded (e.g. to-dos could not be read).
    notes = models.TextField(blank=True)
    # Where paging stands: the last work id of the last page written. A failed run's next run resumes here.
    cursor = models.BigIntegerField(null=True, blank=True)
    resumed_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="resumed_by"
    )
    # When the run last wrote a page (or was claimed): a running run silent for too long is presumed dead.
    progress_at = models.DateTimeField(null=True, blank=True)
    # What a full run deactivated (Consonance work ids) or refused to, and why, in words.
    deactivated_work_ids = models.JSONField(default=list, blank=True)
    deactivation_refused = models.BooleanField(default=False)
    deactivation_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        get_latest_by = "started_at"
        constraints = [
            # At most one run at a time: a second start is joined to the running one by the database,
            # not by a check-then-insert that two requests can both pass.
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="running"), name="integration_syncrun_one_running"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} sync {self.started_at:%Y-%m-%d %H:%M} ({self.status})"
