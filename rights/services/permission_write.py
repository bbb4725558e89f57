"""The request's picture permission in Consonance, updated with the licence terms (through the outbox).

The permission was created when the request was submitted, keyed by `externalRef`
"getty:<asset getty id>:<request id>"; the outbox row's natural key is "permission:" + that. Writing the
whole permission again (not a patch) makes every write self-sufficient: the outbox may replace an older
waiting write of the same permission with this one, and Consonance ends with the latest state.

Note: approvals builds the same payload for submission and decisions (approvals/services/write_back.py,
being written on another branch). Until it lands this module builds the full shape itself; once it has,
the approval part should come from there and this module add only the licence terms.
"""

import datetime as dt

from approvals.models import ApprovalEvent
from integration.consonance.extension import ApprovalNote, PicturePermissionInput
from integration.models import OutboxMessage
from integration.services.outbox import OutboxWrite, outbox_enqueue

from ..models import Licence

# Our channels (approvals' Channel) as Consonance's Channel enum names them.
CONSONANCE_CHANNEL = {
    "print": "PRINT",
    "digital": "WEB",
    "social": "SOCIAL",
    "advertising": "ADVERTISING",
    "point_of_sale": "POINT_OF_SALE",
}
# Consonance's PermissionStatus has no "superseded": a replaced picture must not be used any more.
CONSONANCE_STATUS = {
    Licence.Status.ACTIVE: "GRANTED",
    Licence.Status.EXPIRING: "GRANTED",
    Licence.Status.EXPIRED: "EXPIRED",
    Licence.Status.WITHDRAWN: "WITHDRAWN",
    Licence.Status.SUPERSEDED: "WITHDRAWN",
}
DECISIONS = (
    ApprovalEvent.Kind.APPROVED,
    ApprovalEvent.Kind.CHANGES_REQUESTED,
    ApprovalEvent.Kind.REJECTED,
    ApprovalEvent.Kind.WITHDRAWN,
)


def external_ref(licence: Licence) -> str:
    return f"getty:{licence.asset.getty_id}:{licence.request_id}"


def natural_key(licence: Licence) -> str:
    return f"permission:{external_ref(licence)}"


def _licence_type(licence: Licence) -> str:
    if licence.asset.is_editorial_use_only:
        return "EDITORIAL"
    return "RIGHTS_MANAGED" if licence.license_model == "rightsmanaged" else "ROYALTY_FREE"


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def _approval_history(licence: Licence) -> list[ApprovalNote]:
    events = (
        ApprovalEvent.objects.filter(request_id=licence.request_id, kind__in=DECISIONS)
        .select_related("step", "actor")
        .order_by("created_at", "id")
    )
    return [
        ApprovalNote(
            step=e.step.name if e.step else "Request",
            decision=e.get_kind_display(),
            by=_person(e.actor),
            at=e.created_at,
            comment=e.comment,
        )
        for e in events
    ]


def _restrictions(licence: Licence) -> str | None:
    parts = [*licence.restrictions]
    if licence.notes.strip():
        parts.append(licence.notes.strip())
    return " ".join(p.rstrip(".") + "." for p in parts if p.strip()) or None


def permission_payload(licence: Licence) -> dict:
    """The whole PicturePermissionInput for the licence, as it goes on the wire."""
    asset, request = licence.asset, licence.request
    permission = PicturePermissionInput(
        work_id=licence.title.consonance_id,
        external_ref=external_ref(licence),
        rights_holder=asset.copyright or asset.artist or "Getty Images",
        licence_type=_licence_type(licence),
        status=CONSONANCE_STATUS[licence.status],
        channels=[CONSONANCE_CHANNEL[c] for c in licence.channels if c in CONSONANCE_CHANNEL],
        product_ids=sorted(p.consonance_id for p in licence.products.all()),
        required_credit=licence.credit_line or asset.credit_line or None,
        caption=asset.caption or None,
        alt_text=asset.title or None,
        agreement_name=licence.agreement_name or None,
        licence_reference=licence.licence_reference or None,
        fee_amount=licence.fee,
        fee_currency=licence.fee_currency if licence.fee is not None else None,
        territory_included=" ".join(licence.territories) or None,
        placement=request.placement.upper(),
        print_run_cap=licence.print_run_cap,
        valid_from=licence.valid_from,
        valid_until=licence.valid_until,
        approval_status=request.get_status_display(),
        approval_history=_approval_history(licence),
        restrictions=_restrictions(licence),
    )
    return permission.to_graphql()


def permission_enqueue(licence: Licence, *, now: dt.datetime) -> OutboxMessage:
    """Queue the permission write in the caller's transaction (call it inside the change's atomic block)."""
    status = CONSONANCE_STATUS[licence.status]
    return outbox_enqueue(
        OutboxWrite(
            kind=OutboxMessage.Kind.PICTURE_PERMISSION,
            natural_key=natural_key(licence),
            payload=permission_payload(licence),
            label=f"Permission {status}: licence #{licence.pk} of {licence.asset.getty_id}",
            title_id=licence.title_id,
            # The request's permission: the request page's Consonance panel lists it with the rest.
            source_type="approval_request",
            source_id=licence.request_id,
        ),
        now=now,
    )
