"""Workflows as rows: an ordered list of steps, each decided by one group, edited by admins."""

from django.contrib.auth.models import Group
from django.db import models


class Condition(models.TextChoices):
    """When a step applies. A step whose condition does not hold is skipped, with the reason."""

    ALWAYS = "always", "Always"
    REQUESTER_OUTSIDE_GROUP = "requester_outside_group", "Requester is not in the deciding group"
    RIGHTS_MANAGED = "rights_managed", "Picture is rights-managed"
    EDITORIAL_USE_ONLY = "editorial_use_only", "Picture is editorial-use-only"
    COVER_PLACEMENT = "cover_placement", "Cover placement"
    ADVERTISING_OR_SOCIAL = "advertising_or_social", "Advertising or social channel"
    FEE_ABOVE_THRESHOLD = "fee_above_threshold", "Fee above the step's threshold"
    TERRITORY_NOT_WORLD = "territory_not_world", "Territory other than the world"
    RELEASE_MISSING = "release_missing", "No release while people or property are shown"


class Workflow(models.Model):
    name = models.CharField(max_length=100, unique=True)
    # The workflow new requests follow. At most one default (a partial unique constraint).
    is_default = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="workflow_single_default"
            )
        ]

    def __str__(self):
        return self.name


class WorkflowStep(models.Model):
    workflow = models.ForeignKey(Workflow, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(max_length=100)
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="+")
    condition = models.CharField(max_length=40, choices=Condition.choices, default=Condition.ALWAYS)
    fee_threshold = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, help_text="Only for the fee condition."
    )
    deadline_days = models.PositiveIntegerField(default=3, help_text="Days after the step starts.")
    days_before_publication = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Also due this many days before the publication date; the earlier deadline wins.",
    )
    approvals_required = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["workflow", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workflow", "position"], name="workflow_step_unique_position"),
            models.CheckConstraint(condition=models.Q(approvals_required__gte=1), name="step_needs_one"),
        ]

    def __str__(self):
        return f"{self.position}. {self.name} ({self.group.name})"
