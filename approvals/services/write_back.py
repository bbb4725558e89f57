"""What Consonance hears of an approval request: its picture permission, and the approved picture on a to-do.

Every transition hands its writes to the integration outbox inside its own transaction (through
`transitions.hand_over`), so a rolled-back decision writes nothing and a committed one reaches
Consonance through the worker, with retries. The permission is sent whole every time: a newer state
replaces an older one not sent yet, and `upsertPicturePermission`, keyed by `externalRef`, makes
every resend safe. `integration` only carries the payloads; what they say is decided here.

How our words become the contract's ([extension] in shared/contracts/CONSONANCE.md):
- status: REQUESTED while the request is in review or back with its requester, GRANTED once the last
  step approves, REFUSED when a step rejects it. A request its requester withdraws is REFUSED as well,
  with the approval status "Withdrawn by the requester": the permission was never granted, and the
  contract's WITHDRAWN means a granted permission taken back (a licence or picture withdrawn later);
- licenceType: EDITORIAL for Getty's editorial pictures, else RIGHTS_MANAGED or ROYALTY_FREE as Getty
  licenses the picture;
- channels: ours map one to one, except Digital, which covers every digital form Consonance names
  (EBOOK, AUDIO and WEB): that is what the requester asked for, and the products say which editions;
- productIds: the Consonance ids of the request's products; none chosen means every product, sent as
  an empty list, so an edition added later is covered as the request meant;
- externalRef: "getty:<Getty id>:<request id>", fixed at submission (neither ever changes), so the
  licensing later updates the same record.
"""

import datetime as dt
import logging

from django.conf import settings
from django.urls import reverse

from config.inputs import INTEGER_MAX, ascii_number
from integration.consonance.extension import ApprovalNote, PicturePermissionInput
from integration.models import Asset, OutboxMessage
from integration.services.outbox import OutboxWrite, outbox_enqueue

from ..models import ApprovalEvent, ApprovalRequest, ApprovalStep
from ..models.requests import Channel

Kind = ApprovalEvent.Kind
Status = ApprovalRequest.Status
SOURCE_TYPE = "approval_request"
logger = logging.getLogger(__name__)

PERMISSION_STATUS = {
    Status.IN_REVIEW: "REQUESTED",
    Status.CHANGES_REQUESTED: "REQUESTED",
    Status.APPROVED: "GRANTED",
    Status.REJECTED: "REFUSED",
    Status.WITHDRAWN: "REFUSED",
}
CHANNELS = {
    Channel.PRINT: ("PRINT",),
    Channel.DIGITAL: ("EBOOK", "AUDIO", "WEB"),
    Channel.SOCIAL: ("SOCIAL",),
    Channel.ADVERTISING: ("ADVERTISING",),
    Channel.POINT_OF_SALE: ("POINT_OF_SALE",),
}
# The order Consonance lists its channels in, so the same use always sends the same list.
CHANNEL_ORDER = ("PRINT", "EBOOK", "AUDIO", "WEB", "SOCIAL", "ADVERTISING", "POINT_OF_SALE")

# The events that move the permission; a reassignment alone changes nothing Consonance keeps.
PERMISSION_KINDS = frozenset(
    {
        Kind.SUBMITTED,
        Kind.RESUBMITTED,
        Kind.APPROVED,
        Kind.CHANGES_REQUESTED,
        Kind.REJECTED,
        Kind.WITHDRAWN,
        Kind.COMPLETED,
    }
)
# The events the permission's history lists, and the decision each one reads as.
HISTORY = {
    Kind.SUBMITTED: "Submitted",
    Kind.RESUBMITTED: "Resubmitted",
    Kind.STEP_SKIPPED: "Skipped",
    Kind.APPROVED: "Approved",
    Kind.CHANGES_REQUESTED: "Changes requested",
    Kind.REJECTED: "Rejected",
    Kind.WITHDRAWN: "Withdrawn",
}
# Fields of the use that a resubmission can empty: sent as null, so Consonance forgets the old value
# (`to_graphql` leaves None out, which means "keep what you have").
CLEARABLE = ("fee", "printRunCap", "validFrom", "validUntil")
# The longest text the Consonance sandbox takes; a longer Getty caption is cut rather than making the
# write fail for good.
TEXT_MAX = 2000
# The longest to-do attachment label the Consonance sandbox takes.
LABEL_MAX = 255


def external_ref(approval_request: ApprovalRequest) -> str:
    """The permission's key in Consonance, fixed at submission: neither part ever changes."""
    return f"getty:{approval_request.asset.getty_id}:{approval_request.pk}"


def consonance_todo_id(value: str) -> int | None:
    """A to-do id as Consonance's GraphQL Int takes it (ASCII digits, 1 to 2³¹-1), else None."""
    number = ascii_number(value.strip()) if isinstance(value, str) else None
    return number if number is not None and 1 <= number <= INTEGER_MAX else None


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def _cut(text: str, limit: int = TEXT_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def rights_holder(asset: Asset) -> str:
    """Who holds the rights, as Getty names them: the artist through Getty Images and its collection."""
    source = ", ".join(part for part in ("Getty Images", asset.collection_name) if part)
    return _cut(f"{asset.artist} ({source})" if asset.artist else source)


def required_credit(asset: Asset) -> str:
    """Getty's credit line, or the credit Getty's terms ask for when it sent none."""
    if asset.credit_line:
        return _cut(asset.credit_line)
    return f"{asset.artist} / Getty Images" if asset.artist else "Getty Images"


def licence_type(asset: Asset) -> str:
    if asset.asset_family == Asset.Family.EDITORIAL:
        return "EDITORIAL"
    if asset.license_model == Asset.LicenseModel.RIGHTS_MANAGED:
        return "RIGHTS_MANAGED"
    return "ROYALTY_FREE"


def channels(values: list[str]) -> list[str]:
    wanted = {name for value in values for name in CHANNELS.get(value, ())}
    return [name for name in CHANNEL_ORDER if name in wanted]


def _step_label(step: ApprovalStep) -> str:
    return step.name if step.round == 1 else f"{step.name} (round {step.round})"


def approval_status(approval_request: ApprovalRequest) -> str:
    """Where the request stands, in the words the request page uses."""
    step = approval_request.current_step
    status = approval_request.status
    if status == Status.IN_REVIEW and step is not None:
        waiting = f"{step.name}: waiting for decision"
        if step.approvals_required > 1:
            waiting += f" ({step.approvals_count} of {step.approvals_required} approvals)"
        return waiting
    if status == Status.CHANGES_REQUESTED:
        who = f"{step.name}: changes" if step is not None else "Changes"
        return f"{who} requested; waiting for the requester to resubmit"
    if status == Status.REJECTED:
        return f"{step.name}: rejected" if step is not None else "Rejected"
    if status == Status.WITHDRAWN:
        return "Withdrawn by the requester"
    if status == Status.APPROVED:
        approved = list(
            approval_request.steps.filter(
                round=approval_request.round, status=ApprovalStep.Status.APPROVED
            ).values_list("name", flat=True)
        )
        return f"Approved: {', '.join(approved)}" if approved else "Approved"
    return approval_request.get_status_display()


def approval_history(approval_request: ApprovalRequest) -> list[ApprovalNote]:
    """Every decision on the request, oldest first: submissions, skipped steps, approvals, refusals."""
    events = (
        ApprovalEvent.objects.filter(request=approval_request, kind__in=list(HISTORY))
        .select_related("step", "actor")
        .order_by("created_at", "id")
    )
    notes = []
    for event in events:
        if event.step is not None:
            step = _step_label(event.step)
        elif event.kind == Kind.RESUBMITTED:
            step = f"Submission (round {event.details.get('round', '?')})"
        elif event.kind == Kind.SUBMITTED:
            step = "Submission"
        else:
            step = "Request"
        notes.append(
            ApprovalNote(
                step=step,
                decision=HISTORY[event.kind],
                by=_name(event.actor),
                at=event.created_at,
                comment=event.comment,
            )
        )
    return notes


def permission_input(approval_request: ApprovalRequest) -> PicturePermissionInput:
    """The whole permission as it stands now (every field the request owns)."""
    asset = approval_request.asset
    status = PERMISSION_STATUS[approval_request.status]
    return PicturePermissionInput(
        work_id=approval_request.title.consonance_id,
        external_ref=external_ref(approval_request),
        rights_holder=rights_holder(asset),
        required_credit=required_credit(asset),
        caption=_cut(asset.caption or asset.title),
        licence_type=licence_type(asset),
        status=status,
        channels=channels(approval_request.channels),
        placement=approval_request.placement.upper(),
        territory_included=" ".join(approval_request.territories) or "WORLD",
        product_ids=sorted(approval_request.products.values_list("consonance_id", flat=True)),
        print_run_cap=approval_request.print_run,
        valid_from=approval_request.period_start,
        valid_until=approval_request.period_end,
        fee_amount=approval_request.fee,
        fee_currency=approval_request.fee_currency if approval_request.fee is not None else None,
        approval_status=approval_status(approval_request),
        approval_history=approval_history(approval_request),
    )


def permission_write(approval_request: ApprovalRequest) -> OutboxWrite:
    permission = permission_input(approval_request)
    payload = permission.to_graphql()
    for name in CLEARABLE:
        payload.setdefault(name, None)
    return OutboxWrite(
        kind=OutboxMessage.Kind.PICTURE_PERMISSION,
        natural_key=f"permission:{permission.external_ref}",
        payload=payload,
        label=_cut(f"Permission {permission.status} — {permission.approval_status}", 300),
        title_id=approval_request.title_id,
        source_type=SOURCE_TYPE,
        source_id=approval_request.pk,
    )


def attachment_label(approval_request: ApprovalRequest) -> str:
    """What the to-do shows: the Getty id, the credit line and, when it fits, the comp's address.

    An attachment carries one url (the request page); the comp's goes in the label while the label
    stays within what Consonance takes, and is one click away on the request page otherwise.
    """
    asset = approval_request.asset
    label = (
        f"Getty image {asset.getty_id}, approved for {approval_request.get_placement_display().lower()}. "
        f"Credit: {required_credit(asset)}"
    )
    with_comp = f"{label}. Comp: {asset.comp_url}"
    if asset.comp_url and len(with_comp) <= LABEL_MAX:
        return with_comp
    return _cut(label, LABEL_MAX)


def todo_attachment_write(approval_request: ApprovalRequest) -> OutboxWrite | None:
    """The approved picture on the request's Consonance to-do; None when it names none (or no valid id)."""
    todo_id = consonance_todo_id(approval_request.consonance_todo_id)
    if todo_id is None:
        if approval_request.consonance_todo_id.strip():  # stored before submission refused such ids
            logger.warning(
                "Request %s names to-do %r, which is not a Consonance id; nothing attached.",
                approval_request.pk,
                approval_request.consonance_todo_id,
            )
        return None
    ref = external_ref(approval_request)
    url = settings.SITE_URL + reverse("approvals:request-detail", args=[approval_request.pk])
    return OutboxWrite(
        kind=OutboxMessage.Kind.TODO_ATTACHMENT,
        natural_key=f"todo:{todo_id}:{ref}",
        payload={
            "todoId": todo_id,
            "externalRef": ref,
            "url": url,
            "label": attachment_label(approval_request),
        },
        label=f"Attached to to-do {todo_id}",
        title_id=approval_request.title_id,
        source_type=SOURCE_TYPE,
        source_id=approval_request.pk,
    )


def write_back_enqueue(
    approval_request: ApprovalRequest, events: list[ApprovalEvent], *, now: dt.datetime
) -> None:
    """Hand Consonance's writes for this transition to the outbox; call inside its transaction."""
    kinds = {event.kind for event in events}
    if not kinds & PERMISSION_KINDS:
        return
    outbox_enqueue(permission_write(approval_request), now=now)
    if Kind.COMPLETED in kinds:
        attachment = todo_attachment_write(approval_request)
        if attachment is not None:
            outbox_enqueue(attachment, now=now)
