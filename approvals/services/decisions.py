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
from .transitions import advance, claim, ensure_allowed, notify_after_commit, record, refuse_if_stale

Kind = ApprovalEvent.Kind


def _prepare(action: Action, approval_request: ApprovalRequest, actor, comment: str, expected_version):
    refuse_if_stale(approval_request, expected_version)
    ensure_allowed(action, actor, approval_request)
    return approval_request.current_step, comment.strip()


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
    step, comment = _prepare(Action.APPROVE, approval_request, actor, comment, expected_version)
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
        notify_after_commit(events)
    return approval_request


def _decide_against(
    action: Action,
    kind: str,
    step_status: str,
    request_status: str,
    *,
    approval_request,
    actor,
    comment,
    expected_version,
    now,
) -> ApprovalRequest:
    now = now or timezone.now()
    step, comment = _prepare(action, approval_request, actor, comment, expected_version)
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
        notify_after_commit(events)
    return approval_request


def step_request_changes(
    *,
    approval_request: ApprovalRequest,
    actor,
    comment: str,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> ApprovalRequest:
    """Send the request back to its requester, who edits the intended use and resubmits."""
    return _decide_against(
        Action.REQUEST_CHANGES,
        Kind.CHANGES_REQUESTED,
        ApprovalStep.Status.CHANGES_REQUESTED,
        ApprovalRequest.Status.CHANGES_REQUESTED,
        approval_request=approval_request,
        actor=actor,
        comment=comment,
        expected_version=expected_version,
        now=now,
    )


def step_reject(
    *,
    approval_request: ApprovalRequest,
    actor,
    comment: str,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> ApprovalRequest:
    """Reject for good: the request ends here."""
    return _decide_against(
        Action.REJECT,
        Kind.REJECTED,
        ApprovalStep.Status.REJECTED,
        ApprovalRequest.Status.REJECTED,
        approval_request=approval_request,
        actor=actor,
        comment=comment,
        expected_version=expected_version,
        now=now,
    )
