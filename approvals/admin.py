"""Admin: workflows and their steps are edited here; requests, steps and events are read-only
history. The admin's actions on requests go through the same action layer as the request page and
the API, so they are refused for the same reasons."""

from django.contrib import admin, messages
from django.db.models import Max
from django.forms.models import BaseInlineFormSet

from . import services
from .models import ApprovalEvent, ApprovalRequest, ApprovalStep, Notification, Workflow, WorkflowStep


class WorkflowStepFormSet(BaseInlineFormSet):
    """Steps can trade places in one save.

    The formset already refuses two forms at one position; but saving row by row would put the
    first moved step onto a position its neighbour still holds, and the unique (workflow, position)
    constraint cannot be deferred on every database. So every step that moves or goes is first
    parked above the highest position in use, and the rows are then saved at their final places.
    The admin saves inside one transaction, so nobody sees the parked positions.
    """

    def save_existing_objects(self, commit=True):
        if commit:
            self._park_moving_steps()
        return super().save_existing_objects(commit)

    def _park_moving_steps(self):
        moving = [
            form.instance.pk
            for form in self.initial_forms
            if form.instance.pk and ("position" in form.changed_data or self._should_delete_form(form))
        ]
        if not moving:
            return
        highest = (
            WorkflowStep.objects.filter(workflow=self.instance).aggregate(top=Max("position"))["top"] or 0
        )
        for offset, pk in enumerate(moving, 1):
            WorkflowStep.objects.filter(pk=pk).update(position=highest + offset)


class WorkflowStepInline(admin.TabularInline):
    model = WorkflowStep
    formset = WorkflowStepFormSet
    extra = 0
    fields = (
        "position",
        "name",
        "group",
        "condition",
        "fee_threshold",
        "deadline_days",
        "days_before_publication",
        "approvals_required",
    )


@admin.register(Workflow)
class WorkflowAdmin(admin.ModelAdmin):
    list_display = ("name", "is_default", "is_active")
    inlines = [WorkflowStepInline]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ApprovalStepInline(admin.TabularInline):
    model = ApprovalStep
    extra = 0
    fields = (
        "round",
        "position",
        "name",
        "group",
        "status",
        "skip_reason",
        "assignee",
        "due_at",
        "decided_by",
        "decided_at",
    )
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ApprovalEventInline(admin.TabularInline):
    model = ApprovalEvent
    extra = 0
    fields = (
        "created_at",
        "kind",
        "step",
        "actor",
        "step_from",
        "step_to",
        "request_from",
        "request_to",
        "comment",
    )
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ApprovalRequest)
class ApprovalRequestAdmin(ReadOnlyAdmin):
    list_display = ("id", "asset", "title", "placement", "status", "requester", "submitted_at")
    list_filter = ("status", "placement")
    search_fields = ("asset__getty_id", "title__title", "requester__username")
    list_select_related = ("asset", "title", "requester")
    inlines = [ApprovalStepInline, ApprovalEventInline]
    actions = ["approve_current_step"]

    # An admin action gets the selected rows as they are now, not as the change list showed them,
    # so the version acted on is the one read here; the compare-and-set still refuses if someone
    # moves a request in between.
    @admin.action(description="Approve the current step of the selected requests")
    def approve_current_step(self, request, queryset):
        outcomes = services.requests_bulk_approve(
            versions=dict(queryset.values_list("pk", "version")), actor=request.user
        )
        for outcome in outcomes:
            level = messages.SUCCESS if outcome.approved else messages.ERROR
            self.message_user(request, f"#{outcome.request_id}: {outcome.message}", level)


@admin.register(ApprovalStep)
class ApprovalStepAdmin(ReadOnlyAdmin):
    list_display = ("request", "round", "name", "group", "status", "assignee", "due_at")
    list_filter = ("status", "group")
    list_select_related = ("request__asset", "request__title", "group", "assignee")


@admin.register(ApprovalEvent)
class ApprovalEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "request", "kind", "step", "actor")
    list_filter = ("kind",)
    list_select_related = ("request__asset", "request__title", "step", "actor")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "recipient", "subject", "emailed_at", "read_at")
    list_select_related = ("recipient",)
