"""A clearance check: a planned event (reprint, new format, new territory, ebook or audio edition)
checked against every licence of the title it touches, saved with who, when, what and the answer.

Each picture's result keeps its reasons as structured codes with the words people read, and a copy
of the terms it was judged on: the saved check says what was true when it was run, even after the
licence changes. A printing recorded from a reprint's go is noted on the check, so it is recorded once.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from approvals.models.requests import Channel
from integration.models import Product, Title

from .licences import Licence
from .usages import Usage


class Verdict(models.TextChoices):
    GO = "go", "Go"
    NO_GO = "no_go", "No go"


class ClearanceCheck(models.Model):
    class Kind(models.TextChoices):
        REPRINT = "reprint", "Reprint"
        NEW_PRODUCT = "new_product", "New format or product"
        NEW_TERRITORY = "new_territory", "New territory"
        EDITION = "edition", "Ebook or audio edition"

    title = models.ForeignKey(Title, on_delete=models.PROTECT, related_name="clearance_checks")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # What is planned. Territories and channels are the ones checked (given, or implied by the event).
    products = models.ManyToManyField(Product, blank=True, related_name="clearance_checks")
    quantity = models.PositiveIntegerField(null=True, blank=True)  # copies, for a reprint
    territories = models.JSONField(default=list, blank=True)
    channels = models.JSONField(default=list, blank=True)
    planned_on = models.DateField()
    note = models.CharField(max_length=500, blank=True)

    verdict = models.CharField(max_length=6, choices=Verdict.choices)
    pictures_checked = models.PositiveIntegerField(default=0)
    pictures_blocked = models.PositiveIntegerField(default=0)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(db_index=True)

    # A reprint that went ahead: its quantity was added to the usages (Printing rows), once.
    printing_recorded_at = models.DateTimeField(null=True, blank=True)
    printing_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-checked_at", "-id"]
        indexes = [models.Index(fields=["title", "-checked_at"], name="clearance_by_title")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="reprint") | Q(quantity__gte=1), name="rights_reprint_has_quantity"
            ),
            models.CheckConstraint(
                condition=Q(printing_recorded_at__isnull=True) | Q(kind="reprint", verdict="go"),
                name="rights_printing_only_from_a_cleared_reprint",
            ),
        ]

    def __str__(self):
        what = f"{self.get_kind_display()} of {self.title}"
        return f"Clearance check #{self.pk}: {what} ({self.get_verdict_display()})"

    @property
    def is_go(self) -> bool:
        return self.verdict == Verdict.GO

    @property
    def pictures_go(self) -> int:
        """Pictures of the check cleared for the event (the others are blocked)."""
        return self.pictures_checked - self.pictures_blocked

    @property
    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [labels.get(value, value) for value in self.channels]


class ClearanceResult(models.Model):
    """One picture's answer in a check: go or no go, with every reason."""

    clearance_check = models.ForeignKey(ClearanceCheck, on_delete=models.CASCADE, related_name="results")
    licence = models.ForeignKey(Licence, on_delete=models.PROTECT, related_name="clearance_results")
    # The usage of the picture the event touches: where a recorded printing goes.
    usage = models.ForeignKey(Usage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    verdict = models.CharField(max_length=6, choices=Verdict.choices)
    # [{"code": "territory_not_covered", "blocking": true, "message": "...", "fix": "terms"}]
    reasons = models.JSONField(default=list, blank=True)
    # The terms judged, as they were: {"status", "valid_until", "territories", "printed", ...}
    terms = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["clearance_check", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["clearance_check", "licence"], name="rights_one_result_per_licence"
            )
        ]

    def __str__(self):
        return f"Licence #{self.licence_id}: {self.get_verdict_display()}"

    @property
    def blocking_reasons(self) -> list[dict]:
        return [r for r in self.reasons if r.get("blocking")]

    @property
    def notes(self) -> list[dict]:
        return [r for r in self.reasons if not r.get("blocking")]
