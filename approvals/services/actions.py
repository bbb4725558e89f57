"""The one way to act on an approval request.

The request page, the API, the admin and bulk approve all call `request_act` with the version the
person saw, so each action is refused for the same reasons, in the same words, wherever it was
pressed (as Wagtail's admin, API and code share one action layer). `actions.actions_for` lists what a
person may do; the services behind this table ask it again inside the transition.
"""

import datetime as dt
from dataclasses import dataclass

from ..actions import Action
from ..errors import ASSIGNEE_MISSING, USE_MISSING, ApprovalError
from ..models import ApprovalRequest
from .assignment import step_reassign
from .decisions import step_approve, step_reject, step_request_changes
from .notifications import notifications_mark_read_for_request
from .submission import IntendedUse, request_resubmit
from .withdrawal import request_withdraw

# What the person reads once the action is done; `{step}` is the step the action decided.
DONE = {
    Action.APPROVE: "Approved: {step} step.",
    Action.REQUEST_CHANGES: "Changes requested; the requester has been told.",
    Action.REJECT: "Rejected.",
    Action.WITHDRAW: "Request withdrawn.",
    Action.REASSIGN: "Reassigned to {assignee}.",
    Action.RESUBMIT: "Resubmitted: the workflow starts again.",
}

_DECISIONS = {
    Action.APPROVE: step_approve,
    Action.REQUEST_CHANGES: step_request_changes,
    Action.REJECT: step_reject,
    Action.WITHDRAW: request_withdraw,
}


@dataclass(frozen=True)
class ActionDone:
    approval_request: ApprovalRequest
    message: str


def request_act(
    *,
    approval_request: ApprovalRequest,
    actor,
    action: Action,
    version: int,
    comment: str = "",
    assignee=None,
    use: IntendedUse | None = None,
    now: dt.datetime | None = None,
) -> ActionDone:
    """Take `action` on the request as it stood at `version`; refuse with a sentence otherwise.

    A reassignment names its `assignee`, a resubmission carries the edited `use`.
    """
    step_name = approval_request.current_step.name if approval_request.current_step else ""
    common = {"approval_request": approval_request, "actor": actor, "expected_version": version, "now": now}
    if action == Action.REASSIGN:
        if assignee is None:
            raise ApprovalError(ASSIGNEE_MISSING)
        step_reassign(**common, assignee=assignee, comment=comment)
        done = DONE[action].format(assignee=assignee.get_full_name() or assignee.username)
    elif action == Action.RESUBMIT:
        if use is None:
            raise ApprovalError(USE_MISSING)
        request_resubmit(**common, use=use)
        done = DONE[action]
    else:
        _DECISIONS[action](**common, comment=comment)
        done = DONE[action].format(step=step_name)
    notifications_mark_read_for_request(user=actor, approval_request=approval_request, now=now)
    return ActionDone(approval_request=approval_request, message=done)
