"""Handing the active step to a named member of its group."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ..actions import Action
from ..errors import ASSIGNEE_IS_REQUESTER, ASSIGNEE_NOT_IN_GROUP, ApprovalError
from ..models import ApprovalEvent, ApprovalRequest
from .transitions import claim, ensure_may_act, hand_over, record


def step_reassign(
    *,
    approval_request: ApprovalRequest,
    actor,
    assignee,
    comment: str = "",
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> ApprovalRequest:
    now = now or timezone.now()
    ensure_may_act(Action.REASSIGN, actor, approval_request, expected_version)
    step = approval_request.current_step
    if assignee.pk == approval_request.requester_id:
        raise ApprovalError(ASSIGNEE_IS_REQUESTER.format(who=assignee.get_full_name() or assignee.username))
    if not assignee.is_active or not assignee.groups.filter(pk=step.group_id).exists():
        raise ApprovalError(
            ASSIGNEE_NOT_IN_GROUP.format(
                who=assignee.get_full_name() or assignee.username, group=step.group.name
            )
        )
    events: list[ApprovalEvent] = []
    with transaction.atomic():
        claim(approval_request, now=now)
        previous = step.assignee
        step.assignee = assignee
        step.save(update_fields=["assignee"])
        record(
            approval_request,
            ApprovalEvent.Kind.REASSIGNED,
            now=now,
            actor=actor,
            step=step,
            comment=comment.strip(),
            details={
                "from": previous.username if previous else None,
                "to": assignee.username,
                "to_id": assignee.pk,
            },
            events=events,
        )
        hand_over(approval_request, events, now=now)
    return approval_request
