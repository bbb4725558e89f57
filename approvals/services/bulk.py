"""Approving many requests from the queue: each one checked and decided on its own."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from ..errors import ApprovalError
from ..models import ApprovalRequest
from .decisions import step_approve

NOT_FOUND = "Request #{pk} does not exist."


@dataclass(frozen=True)
class BulkOutcome:
    request_id: int
    approved: bool
    message: str
    label: str = ""


def requests_bulk_approve(
    *, versions: dict[int, int | None], actor, comment: str = "", now: dt.datetime | None = None
) -> list[BulkOutcome]:
    """`versions` maps request id to the version the person saw (None: whatever is current)."""
    now = now or timezone.now()
    found = ApprovalRequest.objects.select_related(
        "asset", "title", "current_step__group", "requester"
    ).in_bulk(list(versions))
    outcomes = []
    for pk, version in versions.items():
        approval_request = found.get(pk)
        if approval_request is None:
            outcomes.append(BulkOutcome(pk, False, NOT_FOUND.format(pk=pk)))
            continue
        label = f"#{pk} {approval_request.asset.title or approval_request.asset.getty_id}"
        step_name = approval_request.current_step.name if approval_request.current_step else ""
        try:
            step_approve(
                approval_request=approval_request,
                actor=actor,
                comment=comment,
                expected_version=version,
                now=now,
            )
        except ApprovalError as error:
            outcomes.append(BulkOutcome(pk, False, error.message, label))
        else:
            outcomes.append(BulkOutcome(pk, True, f"{step_name} step approved.", label))
    return outcomes
