"""A title's visual themes and reference imagery: picture direction gathered while searching.

Stored here now; the write-back to Consonance sends them later.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from .assets import Asset
from .titles import Title


class VisualTheme(models.Model):
    class Source(models.TextChoices):
        KEYWORD = "keyword", "Getty keyword"
        TYPED = "typed", "Typed"

    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="visual_themes")
    name = models.CharField(max_length=100)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.TYPED)
    keyword_id = models.CharField(max_length=64, blank=True)
    # The picture whose keyword became this theme, when it came from one.
    source_asset = models.ForeignKey(
        Asset, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["title", "name", "id"]
        constraints = [
            models.UniqueConstraint("title", Lower("name"), name="visual_theme_unique_name_per_title"),
        ]

    def __str__(self):
        return f"{self.name} ({self.title})"


class ReferenceImage(models.Model):
    """A picture kept as a reference for acquisition or editorial planning, not as a candidate."""

    title = models.ForeignKey(Title, on_delete=models.CASCADE, related_name="reference_images")
    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="reference_uses")
    note = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["title", "-added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["title", "asset"], name="reference_image_unique_per_title"),
        ]

    def __str__(self):
        return f"{self.asset.getty_id} as reference for {self.title}"
