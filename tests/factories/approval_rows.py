"""Many open requests at once, straight into the tables (for query-count tests and benchmarks)."""

import datetime as dt

from django.contrib.auth.models import Group
from django.utils import timezone

from approvals.models import ApprovalRequest, ApprovalStep, Workflow

from .assets import AssetFactory, ShortlistItemFactory
from .titles import ProductFactory, TitleFactory


def open_requests(count: int, *, requester, group_name: str = "Legal", start: int = 0, now=None) -> None:
    """`count` requests in review whose active step belongs to `group_name`; a tenth overdue."""
    now = now or timezone.now()
    workflow = Workflow.objects.get(is_default=True)
    group = Group.objects.get(name=group_name)
    title = TitleFactory()
    ProductFactory(title=title)
    asset = AssetFactory()
    ShortlistItemFactory(title=title, asset=asset)
    requests = ApprovalRequest.objects.bulk_create(
        [
            ApprovalRequest(
                asset=asset,
                workflow=workflow,
                requester=requester,
                title=title,
                placement="interior",
                territories=["GB"],
                use_fingerprint=f"bulk-{start + i}",
                submitted_at=now,
                updated_at=now,
            )
            for i in range(count)
        ],
        batch_size=2000,
    )
    if not requests or requests[0].pk is None:  # backends that do not return ids
        requests = list(
            ApprovalRequest.objects.filter(use_fingerprint__startswith="bulk-").order_by("-id")[:count]
        )
    ApprovalStep.objects.bulk_create(
        [
            ApprovalStep(
                request=r,
                requester=requester,
                round=1,
                position=2,
                name=group_name,
                group=group,
                status="active",
                started_at=now,
                due_at=now + dt.timedelta(days=(-1 if i % 10 == 0 else 1 + i % 5)),
            )
            for i, r in enumerate(requests)
        ],
        batch_size=2000,
    )
