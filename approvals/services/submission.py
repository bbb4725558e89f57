"""Submitting pictures for approval, and resubmitting after changes were requested."""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from integration.models import Asset, Product, ShortlistItem, Title
from integration.territories import territory_name

from ..actions import Action
from ..errors import (
    ACTIVE_REQUEST_EXISTS,
    ASSET_NOT_ON_TITLE,
    NO_WORKFLOW,
    NOTHING_SELECTED,
    PERIOD_ENDS_BEFORE_START,
    PRODUCT_NOT_OF_TITLE,
    TODO_NOT_AN_ID,
    UNKNOWN_TERRITORY,
    WORKFLOW_HAS_NO_STEPS,
    ApprovalError,
    NotAllowed,
)
from ..models import ApprovalEvent, ApprovalRequest, Workflow
from ..models.requests import WORLD, Currency
from ..permissions import SUBMIT_PERMISSION
from .transitions import advance, claim, create_round, ensure_may_act, hand_over, record
from .write_back import consonance_todo_id

Kind = ApprovalEvent.Kind
NOT_A_SUBMITTER = "You cannot submit pictures for approval (Editorial and Marketing can)."


@dataclass(frozen=True)
class IntendedUse:
    """What the picture is for. No products means all of the title's products."""

    title: Title
    placement: str
    products: tuple[Product, ...] = ()
    channels: tuple[str, ...] = ()
    territories: tuple[str, ...] = (WORLD,)
    print_run: int | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    fee: Decimal | None = None
    fee_currency: str = Currency.GBP
    consonance_todo_id: str = ""

    def normalised(self) -> "IntendedUse":
        territories = tuple(sorted({t.strip().upper() for t in self.territories if t.strip()})) or (WORLD,)
        for value in territories:
            if territory_name(value) is None:
                raise ApprovalError(UNKNOWN_TERRITORY.format(value=value))
        if WORLD in territories:
            territories = (WORLD,)
        for product in self.products:
            if product.title_id != self.title.pk:
                raise ApprovalError(PRODUCT_NOT_OF_TITLE.format(product=product.isbn13, title=self.title))
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ApprovalError(PERIOD_ENDS_BEFORE_START)
        todo = self.consonance_todo_id.strip()
        if todo and consonance_todo_id(todo) is None:
            # Refused here, where it is typed: the to-do attachment needs it as Consonance's Int id.
            raise ApprovalError(TODO_NOT_AN_ID.format(value=todo))
        return IntendedUse(
            title=self.title,
            placement=self.placement,
            products=tuple(sorted(self.products, key=lambda p: p.pk)),
            channels=tuple(sorted(set(self.channels))),
            territories=territories,
            print_run=self.print_run,
            period_start=self.period_start,
            period_end=self.period_end,
            fee=self.fee,
            fee_currency=self.fee_currency,
            consonance_todo_id=todo,
        )

    def fingerprint(self) -> str:
        """The same use always hashes alike; the fee is a price, not part of what the use is."""
        canonical = {
            "title": self.title.pk,
            "products": [p.pk for p in self.products] or "all",
            "placement": self.placement,
            "channels": list(self.channels),
            "territories": list(self.territories),
            "print_run": self.print_run,
            "period": [str(self.period_start or ""), str(self.period_end or "")],
            "todo": self.consonance_todo_id,
        }
        return hashlib.sha256(json.dumps(canonical, sort_keys=True).encode()).hexdigest()


def _apply_use(approval_request: ApprovalRequest, use: IntendedUse) -> None:
    approval_request.title = use.title
    approval_request.placement = use.placement
    approval_request.channels = list(use.channels)
    approval_request.territories = list(use.territories)
    approval_request.print_run = use.print_run
    approval_request.period_start = use.period_start
    approval_request.period_end = use.period_end
    approval_request.fee = use.fee
    approval_request.fee_currency = use.fee_currency
    approval_request.consonance_todo_id = use.consonance_todo_id
    approval_request.use_fingerprint = use.fingerprint()


def _duplicate_error(asset: Asset, fingerprint: str) -> ApprovalError:
    existing = ApprovalRequest.objects.filter(
        asset=asset, use_fingerprint=fingerprint, status__in=ApprovalRequest.ACTIVE_STATUSES
    ).first()
    return ApprovalError(
        ACTIVE_REQUEST_EXISTS.format(asset=asset.getty_id, pk=existing.pk if existing else "?")
    )


def default_workflow() -> Workflow:
    workflow = Workflow.objects.filter(is_default=True, is_active=True).first()
    if workflow is None:
        raise ApprovalError(NO_WORKFLOW)
    return workflow


def request_submit(
    *,
    asset: Asset,
    use: IntendedUse,
    requester,
    workflow: Workflow | None = None,
    now: dt.datetime | None = None,
) -> ApprovalRequest:
    """Submit one shortlisted picture for one intended use; the first applicable step starts."""
    now = now or timezone.now()
    if not requester.has_perm(SUBMIT_PERMISSION):
        raise NotAllowed(NOT_A_SUBMITTER)
    use = use.normalised()
    if not ShortlistItem.objects.filter(title=use.title, asset=asset).exists():
        raise ApprovalError(ASSET_NOT_ON_TITLE.format(asset=asset.getty_id, title=use.title))
    workflow = workflow or default_workflow()
    if not workflow.steps.exists():
        raise ApprovalError(WORKFLOW_HAS_NO_STEPS.format(workflow=workflow))
    fingerprint = use.fingerprint()
    if ApprovalRequest.objects.filter(
        asset=asset, use_fingerprint=fingerprint, status__in=ApprovalRequest.ACTIVE_STATUSES
    ).exists():
        raise _duplicate_error(asset, fingerprint)
    events: list[ApprovalEvent] = []
    try:
        with transaction.atomic():
            approval_request = ApprovalRequest(
                asset=asset, workflow=workflow, requester=requester, submitted_at=now, updated_at=now
            )
            _apply_use(approval_request, use)
            approval_request.save()
            approval_request.products.set(use.products)
            create_round(approval_request)
            record(
                approval_request,
                Kind.SUBMITTED,
                now=now,
                actor=requester,
                request_from="",
                request_to=ApprovalRequest.Status.IN_REVIEW,
                events=events,
            )
            advance(approval_request, now=now, actor=requester, events=events)
            hand_over(approval_request, events, now=now)
    except IntegrityError:
        # Lost a race with an identical submission: the partial unique constraint decided.
        raise _duplicate_error(asset, fingerprint)
    return approval_request


def requests_submit(
    *, shortlist_items: list[ShortlistItem], use: IntendedUse, requester, now: dt.datetime | None = None
) -> tuple[list[ApprovalRequest], list[tuple[ShortlistItem, str]]]:
    """Submit several shortlisted pictures for the same use: (created, [(item, why refused)])."""
    if not shortlist_items:
        raise ApprovalError(NOTHING_SELECTED)
    created, refused = [], []
    for item in shortlist_items:
        try:
            created.append(request_submit(asset=item.asset, use=use, requester=requester, now=now))
        except ApprovalError as error:
            refused.append((item, error.message))
    return created, refused


def request_resubmit(
    *,
    approval_request: ApprovalRequest,
    actor,
    use: IntendedUse,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> ApprovalRequest:
    """After changes were requested: the requester edits the use; the workflow starts again."""
    now = now or timezone.now()
    ensure_may_act(Action.RESUBMIT, actor, approval_request, expected_version)
    use = use.normalised()
    events: list[ApprovalEvent] = []
    try:
        with transaction.atomic():
            claim(approval_request, now=now)
            _apply_use(approval_request, use)
            before = approval_request.status
            approval_request.status = ApprovalRequest.Status.IN_REVIEW
            approval_request.round += 1
            approval_request.current_step = None
            approval_request.save()
            approval_request.products.set(use.products)
            create_round(approval_request)
            record(
                approval_request,
                Kind.RESUBMITTED,
                now=now,
                actor=actor,
                request_from=before,
                request_to=ApprovalRequest.Status.IN_REVIEW,
                details={"round": approval_request.round},
                events=events,
            )
            advance(approval_request, now=now, actor=actor, events=events)
            hand_over(approval_request, events, now=now)
    except IntegrityError:
        approval_request.refresh_from_db()
        raise _duplicate_error(approval_request.asset, use.fingerprint())
    return approval_request
