"""Refusals of the approval domain. Messages are constants so tests and the UI can match them."""

from config.errors import DomainError

STEP_ALREADY_DECIDED = "This step was already decided by {who} at {when}. The request is now: {state}."
REQUEST_CHANGED = "This request changed while you were deciding (it is now: {state}). Reload and try again."
NOT_ALLOWED = "You cannot {action} this request now."
# Per action, not "to {action}": the labels read "request changes on this request", not on their own.
COMMENT_REQUIRED = {
    "reject": "A comment is required to reject.",
    "request_changes": "A comment is required to request changes.",
}
COMMENT_REQUIRED_OVER_FAILING_CHECK = "Some checks fail ({checks}); approving over them needs a comment."
ALREADY_APPROVED_BY_YOU = "You already approved this step; it needs another member of {group}."
ASSIGNEE_NOT_IN_GROUP = "{who} is not a member of {group}, so cannot decide this step."
ASSIGNEE_IS_REQUESTER = "{who} made this request, so cannot decide it."
ACTIVE_REQUEST_EXISTS = "{asset} already has an active request for this intended use (request #{pk})."
NO_WORKFLOW = "No active workflow is set up. Ask an administrator to create one."
WORKFLOW_HAS_NO_STEPS = "The workflow {workflow} has no steps. Ask an administrator to add some."
ASSET_NOT_ON_TITLE = "{asset} is not on the shortlist of {title}."
PRODUCT_NOT_OF_TITLE = "Product {product} does not belong to {title}."
PERIOD_ENDS_BEFORE_START = "The period ends before it starts."
NOTHING_SELECTED = "Choose at least one picture."
ASSIGNEE_MISSING = "Choose who should decide this step."
USE_MISSING = "Resubmitting needs the edited intended use."
UNKNOWN_TERRITORY = "Territories are ISO country codes (GB, US, …) or WORLD; {value} is neither."
TODO_NOT_AN_ID = "A Consonance to-do is named by its number (for example 42); “{value}” is not one."


class ApprovalError(DomainError):
    pass


class NotAllowed(ApprovalError):
    """The person may not take this action on this request now."""


class StaleDecision(ApprovalError):
    """Lost a compare-and-set: someone else moved the request first. Carries the state now."""

    def __init__(self, message: str, *, current_status: str):
        super().__init__(message)
        self.current_status = current_status
