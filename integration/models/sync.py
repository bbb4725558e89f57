"""Records of title sync runs: what each run did, shown in the UI and admin."""

from django.db import models


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

    class Meta:
        ordering = ["-started_at", "-id"]
        get_latest_by = "started_at"

    def __str__(self):
        return f"{self.get_kind_display()} sync {self.started_at:%Y-%m-%d %H:%M} ({self.status})"
