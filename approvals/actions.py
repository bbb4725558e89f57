"""Which actions a person may take on a request now. Buttons are drawn from this; services ask again.

Pure over already-loaded values (the request, its current step, the user's group ids), so the queue
can ask for every row without a query per row.
"""

from enum import StrEnum

from accounts.roles import groups_of

from .models import ApprovalRequest, ApprovalStep


class Action(StrEnum):
    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"
    REJECT = "reject"
    WITHDRAW = "withdraw"
    REASSIGN = "reassign"
    RESUBMIT = "resubmit"


ACTION_LABELS = {
    Action.APPROVE: "approve",
    Action.REQUEST_CHANGES: "request changes on",
    Action.REJECT: "reject",
    Action.WITHDRAW: "withdraw",
    Action.REASSIGN: "reassign",
    Action.RESUBMIT: "resubmit",
}


def group_ids_of(user) -> frozenset[int]:
    """The user's group ids (read once per request, see `groups_of`)."""
    return frozenset(pk for pk, _ in groups_of(user))


def can_decide(user, step: ApprovalStep | None, group_ids: frozenset[int]) -> bool:
    """Members of the step's group decide; once a step is assigned, only the assignee does."""
    if step is None or step.status != ApprovalStep.Status.ACTIVE or not user.is_authenticated:
        return False
    if step.assignee_id is not None:
        return step.assignee_id == user.pk
    return step.group_id in group_ids


def actions_for(user, approval_request: ApprovalRequest, *, step: ApprovalStep | None = None) -> list[Action]:
    """The actions `user` may take on `approval_request` now, in the order buttons show."""
    if not user.is_authenticated:
        return []
    group_ids = group_ids_of(user)
    status = approval_request.status
    step = step if step is not None else approval_request.current_step
    allowed: list[Action] = []
    is_requester = approval_request.requester_id == user.pk
    # Four eyes: nobody signs off their own request, whatever groups they are in.
    if status == ApprovalRequest.Status.IN_REVIEW and not is_requester and can_decide(user, step, group_ids):
        allowed += [Action.APPROVE, Action.REQUEST_CHANGES, Action.REJECT]
    if (
        status == ApprovalRequest.Status.IN_REVIEW
        and step is not None
        and step.status == ApprovalStep.Status.ACTIVE
        and (step.group_id in group_ids or step.assignee_id == user.pk)
    ):
        allowed.append(Action.REASSIGN)
    if is_requester and status == ApprovalRequest.Status.CHANGES_REQUESTED:
        allowed.append(Action.RESUBMIT)
    if is_requester and status in ApprovalRequest.ACTIVE_STATUSES:
        allowed.append(Action.WITHDRAW)
    return allowed
