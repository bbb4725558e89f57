"""What Getty told us about each picture we touched. Getty is the source of truth; we cache."""

from django.db import models


class Asset(models.Model):
    class Family(models.TextChoices):
        CREATIVE = "creative", "Creative"
        EDITORIAL = "editorial", "Editorial"

    class LicenseModel(models.TextChoices):
        ROYALTY_FREE = "royaltyfree", "Royalty-free"
        RIGHTS_MANAGED = "rightsmanaged", "Rights-managed"

    getty_id = models.CharField(max_length=64, unique=True)
    asset_family = models.CharField(max_length=20, choices=Family.choices, db_index=True)
    license_model = models.CharField(max_length=20, choices=LicenseModel.choices, db_index=True)
    title = models.CharField(max_length=500, blank=True)
    caption = models.TextField(blank=True)
    artist = models.CharField(max_length=200, blank=True)
    copyright = models.CharField(max_length=300, blank=True)
    credit_line = models.CharField(max_length=300, blank=True)
    collection_code = models.CharField(max_length=20, blank=True)
    collection_id = models.IntegerField(null=True, blank=True)
    collection_name = models.CharField(max_length=200, blank=True)
    date_created = models.DateTimeField(null=True, blank=True)
    graphical_style = models.CharField(max_length=40, blank=True)
    orientation = models.CharField(max_length=40, blank=True)
    quality_rank = models.IntegerField(null=True, blank=True)
    max_width = models.IntegerField(null=True, blank=True)
    max_height = models.IntegerField(null=True, blank=True)
    # allowed_use as Getty gives it: how_can_i_use_it, release_info, usage_restrictions.
    how_can_i_use_it = models.TextField(blank=True)
    release_info = models.CharField(max_length=200, blank=True)
    usage_restrictions = models.JSONField(default=list, blank=True)
    keywords = models.JSONField(default=list, blank=True)  # [{"keyword_id", "text", "type"}]
    editorial_segments = models.JSONField(default=list, blank=True)
    people = models.JSONField(default=list, blank=True)
    product_types = models.JSONField(default=list, blank=True)
    thumb_url = models.URLField(max_length=1000, blank=True)
    comp_url = models.URLField(max_length=1000, blank=True)
    preview_url = models.URLField(max_length=1000, blank=True)
    raw = models.JSONField(default=dict, blank=True)  # the last item Getty sent, for what we do not map
    fetched_at = models.DateTimeField(db_index=True)
    # Set when Getty announces a withdrawal (asset-change `Delete`); never cleared by a refresh.
    withdrawn_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-fetched_at", "id"]
        permissions = [("search_getty", "Can search Getty Images")]

    def __str__(self):
        return f"{self.getty_id} {self.title}".strip()

    @property
    def is_editorial_use_only(self) -> bool:
        if self.asset_family == self.Family.EDITORIAL:
            return True
        return any("editorial use only" in r.lower() for r in self.usage_restrictions)

    @property
    def is_rights_managed(self) -> bool:
        return self.license_model == self.LicenseModel.RIGHTS_MANAGED
