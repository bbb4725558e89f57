"""Approving many requests from the queue: each one checked and decided on its own."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from ..actions import Action
from ..errors import ApprovalError
from ..models import ApprovalRequest
from .actions import request_act

NOT_FOUND = "Request #{pk} does not exist."


@dataclass(frozen=True)
class BulkOutcome:
    request_id: int
    approved: bool
    message: str
    label: str = ""


def requests_bulk_approve(
    *, versions: dict[int, int], actor, comment: str = "", now: dt.datetime | None = None
) -> list[BulkOutcome]:
    """`versions` maps request id to the version the person saw; each is approved through `request_act`."""
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
        try:
            done = request_act(
                approval_request=approval_request,
                actor=actor,
                action=Action.APPROVE,
                version=version,
                comment=comment,
                now=now,
            )
        except ApprovalError as error:
            outcomes.append(BulkOutcome(pk, False, error.message, label))
        else:
            outcomes.append(BulkOutcome(pk, True, done.message, label))
    return outcomes
