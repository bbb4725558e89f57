"""The machinery every transition shares: compare-and-set, events, moving to the next step.

Callers open the transaction; `claim` is the first write in it, so on PostgreSQL the row stays locked
and on SQLite (IMMEDIATE transactions) the database does, until commit. Nothing here sends anything:
each transition ends with `hand_over`, which writes what the world must hear (Consonance's picture
permission and to-do attachment, people's emails) to the outbox in the same transaction; the worker
delivers it once the transaction commits.
"""

import datetime as dt

from django.db.models import F
from django.utils import timezone

from ..actions import ACTION_LABELS, Action, actions_for
from ..conditions import evaluate
from ..errors import NOT_ALLOWED, REQUEST_CHANGED, STEP_ALREADY_DECIDED, NotAllowed, StaleDecision
from ..facts import facts_for
from ..models import ApprovalEvent, ApprovalRequest, ApprovalStep
from .notifications import notifications_enqueue
from .write_back import write_back_enqueue

Kind = ApprovalEvent.Kind


def _person(user) -> str:
    if user is None:
        return "someone"
    return user.get_full_name() or user.username


def stale_error(approval_request: ApprovalRequest, step_id: int | None) -> StaleDecision:
    """Explain a lost race from the state the database holds now."""
    current = ApprovalRequest.objects.get(pk=approval_request.pk)
    state = current.get_status_display()
    step = None
    if step_id is not None:
        step = ApprovalStep.objects.select_related("decided_by").filter(pk=step_id).first()
    if step is None or step.decided_by_id is None:
        # The page was older than the step now active: name the decision that moved it on.
        step = (
            ApprovalStep.objects.select_related("decided_by")
            .filter(request_id=approval_request.pk, decided_by__isnull=False)
            .order_by("-decided_at", "-id")
            .first()
        )
    if step is not None and step.decided_at is not None:
        when = timezone.localtime(step.decided_at).strftime("%d %b %Y %H:%M:%S")
        message = STEP_ALREADY_DECIDED.format(who=_person(step.decided_by), when=when, state=state)
    else:
        message = REQUEST_CHANGED.format(state=state)
    return StaleDecision(message, current_status=current.status)


def refuse_if_stale(approval_request: ApprovalRequest, expected_version: int | None) -> None:
    """The person decided on an older page than the database holds: tell them who moved it."""
    if expected_version is not None and expected_version != approval_request.version:
        raise stale_error(approval_request, approval_request.current_step_id)


def ensure_allowed(action: Action, actor, approval_request: ApprovalRequest) -> None:
    if action not in actions_for(actor, approval_request):
        raise NotAllowed(NOT_ALLOWED.format(action=ACTION_LABELS[action]))


def ensure_may_act(action: Action, actor, approval_request: ApprovalRequest, expected_version) -> None:
    """Refuse a stale page first (the refusal names who moved the request), then a forbidden action."""
    refuse_if_stale(approval_request, expected_version)
    ensure_allowed(action, actor, approval_request)


def claim(approval_request: ApprovalRequest, *, now: dt.datetime) -> None:
    """Compare-and-set on the version: exactly one of several simultaneous writers gets the row."""
    won = ApprovalRequest.objects.filter(pk=approval_request.pk, version=approval_request.version).update(
        version=F("version") + 1, updated_at=now
    )
    if won != 1:
        raise stale_error(approval_request, approval_request.current_step_id)
    approval_request.version += 1
    approval_request.updated_at = now


def record(
    approval_request: ApprovalRequest,
    kind: str,
    *,
    now: dt.datetime,
    actor=None,
    step: ApprovalStep | None = None,
    step_from: str = "",
    step_to: str = "",
    request_from: str = "",
    request_to: str = "",
    comment: str = "",
    details: dict | None = None,
    events: list[ApprovalEvent],
) -> ApprovalEvent:
    event = ApprovalEvent.objects.create(
        request=approval_request,
        step=step,
        kind=kind,
        actor=actor,
        step_from=step_from,
        step_to=step_to,
        request_from=request_from,
        request_to=request_to,
        comment=comment,
        details=details or {},
        created_at=now,
    )
    events.append(event)
    return event


def due_at_for(step_template, *, started_at: dt.datetime, publication_date) -> dt.datetime | None:
    """Days after the step starts, or N days before publication, whichever is earlier.

    A title already published (a reprint, a new campaign) has no publication clock: only the days
    after the step starts count, or every request for it would be overdue the moment it is made.
    """
    if step_template is None:
        return None
    due = started_at + dt.timedelta(days=step_template.deadline_days)
    upcoming = publication_date is not None and publication_date >= timezone.localdate(started_at)
    if step_template.days_before_publication is not None and upcoming:
        day = publication_date - dt.timedelta(days=step_template.days_before_publication)
        before_publication = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
        due = min(due, before_publication)
    return due


def create_round(approval_request: ApprovalRequest) -> list[ApprovalStep]:
    templates = list(approval_request.workflow.steps.select_related("group").order_by("position", "id"))
    return ApprovalStep.objects.bulk_create(
        ApprovalStep(
            request=approval_request,
            requester_id=approval_request.requester_id,
            workflow_step=t,
            round=approval_request.round,
            position=index,
            name=t.name,
            group=t.group,
            approvals_required=t.approvals_required,
        )
        for index, t in enumerate(templates, start=1)
    )


def advance(approval_request: ApprovalRequest, *, now: dt.datetime, actor, events: list) -> None:
    """Start the next step whose condition holds, skipping the others with their reason.

    With no step left the request is fully approved. The caller has already claimed the version.
    """
    pending = list(
        approval_request.steps.filter(round=approval_request.round, status=ApprovalStep.Status.PENDING)
        .select_related("workflow_step", "group")
        .order_by("position")
    )
    requester_groups = set(approval_request.requester.groups.values_list("name", flat=True))
    facts = facts_for(approval_request, requester_group_names=requester_groups)
    publication_dates = [p.publication_date for p in facts.products if p.publication_date]
    publication = (
        min(publication_dates) if publication_dates else approval_request.title.first_publication_date
    )
    for step in pending:
        template = step.workflow_step
        result = evaluate(
            template.condition if template else "always",
            facts,
            group_name=step.group.name,
            fee_threshold=template.fee_threshold if template else None,
        )
        if not result.holds:
            step.status = ApprovalStep.Status.SKIPPED
            step.skip_reason = result.reason
            step.decided_at = now
            step.save(update_fields=["status", "skip_reason", "decided_at"])
            record(
                approval_request,
                Kind.STEP_SKIPPED,
                now=now,
                step=step,
                step_from="pending",
                step_to="skipped",
                comment=result.reason,
                events=events,
            )
            continue
        step.status = ApprovalStep.Status.ACTIVE
        step.started_at = now
        step.due_at = due_at_for(template, started_at=now, publication_date=publication)
        step.save(update_fields=["status", "started_at", "due_at"])
        approval_request.current_step = step
        approval_request.save(update_fields=["current_step"])
        record(
            approval_request,
            Kind.STEP_STARTED,
            now=now,
            step=step,
            step_from="pending",
            step_to="active",
            comment=result.reason,
            events=events,
        )
        return
    before = approval_request.status
    approval_request.status = ApprovalRequest.Status.APPROVED
    approval_request.decided_at = now
    approval_request.current_step = None
    approval_request.save(update_fields=["status", "decided_at", "current_step"])
    record(
        approval_request,
        Kind.COMPLETED,
        now=now,
        actor=actor,
        request_from=before,
        request_to="approved",
        events=events,
    )


def hand_over(approval_request: ApprovalRequest, events: list[ApprovalEvent], *, now: dt.datetime) -> None:
    """Write this transition's effects to the outbox, inside its transaction (the one call per transition).

    A transition that rolls back leaves no outbox row and queues no delivery; one that commits is
    delivered by the worker with retries, and by the every-minute schedule if the trigger is lost.
    """
    write_back_enqueue(approval_request, events, now=now)
    notifications_enqueue(approval_request, events, now=now)
