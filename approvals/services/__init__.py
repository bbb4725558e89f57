"""Every write of the approval domain. The request page, the API, the admin and bulk approve act on a
request through `request_act`; submission and notifications have their own entry points."""

from .actions import ActionDone, request_act
from .assignment import step_reassign
from .bulk import BulkOutcome, requests_bulk_approve
from .decisions import step_approve, step_reject, step_request_changes
from .submission import IntendedUse, request_resubmit, request_submit, requests_submit
from .withdrawal import request_withdraw

__all__ = [
    "ActionDone",
    "BulkOutcome",
    "IntendedUse",
    "request_act",
    "request_resubmit",
    "request_submit",
    "request_withdraw",
    "requests_bulk_approve",
    "requests_submit",
    "step_approve",
    "step_reassign",
    "step_reject",
    "step_request_changes",
]
