"""In-app notifications; each row is also the 'sent once' record for its email."""

from django.conf import settings
from django.db import models


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # "event:<id>:<template>" or "digest:<date>": with the recipient, unique, so a retried or
    # repeated delivery can never notify the same person twice about the same thing.
    event_key = models.CharField(max_length=100)
    template = models.CharField(max_length=40)
    subject = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(db_index=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["event_key", "recipient"], name="notification_once_per_event")
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.subject
