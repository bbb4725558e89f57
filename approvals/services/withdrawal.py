"""The requester takes a request back. Steps not reached stay pending: they never started."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ..actions import Action
from ..models import ApprovalEvent, ApprovalRequest, ApprovalStep
from .transitions import claim, ensure_may_act, hand_over, record


def request_withdraw(
    *,
    approval_request: ApprovalRequest,
    actor,
    comment: str = "",
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> ApprovalRequest:
    now = now or timezone.now()
    ensure_may_act(Action.WITHDRAW, actor, approval_request, expected_version)
    events: list[ApprovalEvent] = []
    with transaction.atomic():
        claim(approval_request, now=now)
        step = approval_request.current_step
        step_from = step_to = ""
        if step is not None and step.status == ApprovalStep.Status.ACTIVE:
            step_from, step_to = step.status, ApprovalStep.Status.CANCELLED
            step.status = ApprovalStep.Status.CANCELLED
            step.decided_at = now
            step.save(update_fields=["status", "decided_at"])
        else:
            step = None
        before = approval_request.status
        approval_request.status = ApprovalRequest.Status.WITHDRAWN
        approval_request.decided_at = now
        approval_request.save(update_fields=["status", "decided_at"])
        record(
            approval_request,
            ApprovalEvent.Kind.WITHDRAWN,
            now=now,
            actor=actor,
            step=step,
            step_from=step_from,
            step_to=step_to,
            request_from=before,
            request_to=ApprovalRequest.Status.WITHDRAWN,
            comment=comment.strip(),
            events=events,
        )
        hand_over(approval_request, events, now=now)
    return approval_request
