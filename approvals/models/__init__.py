"""Approval workflows, one idea per module.

`workflows` (admin-edited step templates), `requests` (one asset for one intended use, with its
steps), `events` (the append-only history), `notifications` (in-app list + idempotency of emails).
"""

from .events import ApprovalEvent
from .notifications import Notification
from .requests import ApprovalRequest, ApprovalStep, Placement
from .workflows import Condition, Workflow, WorkflowStep

__all__ = [
    "ApprovalEvent",
    "ApprovalRequest",
    "ApprovalStep",
    "Condition",
    "Notification",
    "Placement",
    "Workflow",
    "WorkflowStep",
]
