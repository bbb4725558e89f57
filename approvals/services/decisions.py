"""Deciding the active step: approve (with or without comment), request changes, reject."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ..actions import Action
from ..errors import (
    ALREADY_APPROVED_BY_YOU,
    COMMENT_REQUIRED,
    COMMENT_REQUIRED_OVER_FAILING_CHECK,
    ApprovalError,
    NotAllowed,
)
from ..facts import facts_for
from ..models import ApprovalEvent, ApprovalRequest, ApprovalStep
from ..use_checks import failing, run_checks
from .transitions import advance, claim, ensure_may_act, hand_over, record

Kind = ApprovalEvent.Kind


def step_approve(
    *,
    approval_request: ApprovalRequest,
    actor,
    comment: str = "",
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> ApprovalRequest:
    """Approve the active step. Over a failing check, only with a comment saying why."""
    now = now or timezone.now()
    ensure_may_act(Action.APPROVE, actor, approval_request, expected_version)
    step, comment = approval_request.current_step, comment.strip()
    if not comment:
        failed = failing(run_checks(facts_for(approval_request)))
        if failed:
            raise ApprovalError(
                COMMENT_REQUIRED_OVER_FAILING_CHECK.format(checks=", ".join(c.name for c in failed))
            )
    if step.approvals_required > 1 and step.events.filter(kind=Kind.APPROVED, actor=actor).exists():
        raise NotAllowed(ALREADY_APPROVED_BY_YOU.format(group=step.group.name))
    events: list[ApprovalEvent] = []
    with transaction.atomic():
        claim(approval_request, now=now)
        step.approvals_count += 1
        complete = step.approvals_count >= step.approvals_required
        if complete:
            step.status = ApprovalStep.Status.APPROVED
            step.decided_at = now
            step.decided_by = actor
        step.save(update_fields=["approvals_count", "status", "decided_at", "decided_by"])
        record(
            approval_request,
            Kind.APPROVED,
            now=now,
            actor=actor,
            step=step,
            step_from="active",
            step_to=step.status,
            comment=comment,
            details={"approvals": step.approvals_count, "required": step.approvals_required},
            events=events,
        )
        if complete:
            advance(approval_request, now=now, actor=actor, events=events)
        hand_over(approval_request, events, now=now)
    return approval_request


# What deciding against a step writes: the event, the step's status and the request's.
AGAINST = {
    Action.REQUEST_CHANGES: (
        Kind.CHANGES_REQUESTED,
        ApprovalStep.Status.CHANGES_REQUESTED,
        ApprovalRequest.Status.CHANGES_REQUESTED,
    ),
    Action.REJECT: (Kind.REJECTED, ApprovalStep.Status.REJECTED, ApprovalRequest.Status.REJECTED),
}


def _decide_against(
    action: Action,
    *,
    approval_request: ApprovalRequest,
    actor,
    comment: str,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> ApprovalRequest:
    now = now or timezone.now()
    kind, step_status, request_status = AGAINST[action]
    ensure_may_act(action, actor, approval_request, expected_version)
    step, comment = approval_request.current_step, comment.strip()
    if not comment:
        raise ApprovalError(COMMENT_REQUIRED[action])
    events: list[ApprovalEvent] = []
    with transaction.atomic():
        claim(approval_request, now=now)
        step.status = step_status
        step.decided_at = now
        step.decided_by = actor
        step.save(update_fields=["status", "decided_at", "decided_by"])
        before = approval_request.status
        approval_request.status = request_status
        if request_status == ApprovalRequest.Status.REJECTED:
            approval_request.decided_at = now
        approval_request.save(update_fields=["status", "decided_at"])
        record(
            approval_request,
            kind,
            now=now,
            actor=actor,
            step=step,
            step_from="active",
            step_to=step_status,
            request_from=before,
            request_to=request_status,
            comment=comment,
            events=events,
        )
        hand_over(approval_request, events, now=now)
    return approval_request


def step_request_changes(**decision) -> ApprovalRequest:
    """Send the request back to its requester, who edits the intended use and resubmits.

    Takes the keywords of `_decide_against`: approval_request, actor, comment, expected_version, now.
    """
    return _decide_against(Action.REQUEST_CHANGES, **decision)


def step_reject(**decision) -> ApprovalRequest:
    """Reject for good: the request ends here (keywords as `step_request_changes`)."""
    return _decide_against(Action.REJECT, **decision)
