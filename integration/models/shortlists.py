"""Candidate pictures for a title, with notes, in the order the editor chose."""

from django.conf import settings
from django.db import models

from .assets import Asset
from .titles import Title


class ShortlistItem(models.Model):
    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="shortlist_items")
    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="shortlist_items")
    note = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["title", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["title", "asset"], name="shortlist_item_unique_per_title"),
        ]

    def __str__(self):
        return f"{self.asset.getty_id} on {self.title}"
