"""The request's picture permission in Consonance, updated with the licence terms (through the outbox).

Approvals writes the permission from submission to the last approval
(approvals/services/write_back.py: keyed by externalRef "getty:<asset getty id>:<request id>", the
outbox's natural key "permission:" + that). Licensing updates the same record: it starts from the
permission approvals would write and puts the licence's terms in place of the intended use's, so the
payload has one shape and one set of word mappings (channels, licence type, rights holder, history).
It is sent whole every time: a newer state replaces an older one not sent yet (an approval write still
waiting, say), and Consonance ends with the latest state.
"""

import dataclasses
import datetime as dt

from approvals.services.write_back import CLEARABLE, SOURCE_TYPE, channels, external_ref, permission_input
from integration.models import OutboxMessage
from integration.services.outbox import OutboxWrite, outbox_enqueue

from ..models import Licence
from .supporting_resource import known_resource_id

# Consonance's PermissionStatus has no "superseded": a replaced picture must not be used any more.
CONSONANCE_STATUS = {
    Licence.Status.ACTIVE: "GRANTED",
    Licence.Status.EXPIRING: "GRANTED",
    Licence.Status.EXPIRED: "EXPIRED",
    Licence.Status.WITHDRAWN: "WITHDRAWN",
    Licence.Status.SUPERSEDED: "WITHDRAWN",
}
TEXT_MAX = 2000  # the longest text the Consonance sandbox takes


def natural_key(licence: Licence) -> str:
    return f"permission:{external_ref(licence.request)}"


def _restrictions(licence: Licence) -> str | None:
    parts = [p.strip() for p in [*licence.restrictions, licence.notes] if p and p.strip()]
    text = " ".join(p if p.endswith(".") else p + "." for p in parts)
    return text[:TEXT_MAX] or None


def permission_payload(licence: Licence) -> dict:
    """The whole PicturePermissionInput for the licence, as it goes on the wire."""
    base = permission_input(licence.request)
    permission = dataclasses.replace(
        base,
        status=CONSONANCE_STATUS[licence.status],
        channels=channels(licence.channels),
        product_ids=sorted(p.consonance_id for p in licence.products.all()),
        territory_included=" ".join(licence.territories) or "WORLD",
        required_credit=licence.credit_line or base.required_credit,
        agreement_name=licence.agreement_name or None,
        licence_reference=licence.licence_reference or None,
        print_run_cap=licence.print_run_cap,
        valid_from=licence.valid_from,
        valid_until=licence.valid_until,
        fee_amount=licence.fee,
        fee_currency=licence.fee_currency if licence.fee is not None else None,
        restrictions=_restrictions(licence),
        supporting_resource_id=known_resource_id(licence),
    )
    payload = permission.to_graphql()
    for name in CLEARABLE:  # an empty term (no cap, no end) must clear what the request had sent
        payload.setdefault(name, None)
    return payload


def permission_enqueue(licence: Licence, *, now: dt.datetime) -> OutboxMessage:
    """Queue the permission write in the caller's transaction (call it inside the change's atomic block)."""
    status = CONSONANCE_STATUS[licence.status]
    confirmed = "terms confirmed by Legal" if licence.is_confirmed else "terms waiting for Legal"
    return outbox_enqueue(
        OutboxWrite(
            kind=OutboxMessage.Kind.PICTURE_PERMISSION,
            natural_key=natural_key(licence),
            payload=permission_payload(licence),
            label=f"Permission {status} — licence #{licence.pk}, {confirmed}",
            title_id=licence.title_id,
            # The request's permission: the request page's Consonance panel lists it with the rest.
            source_type=SOURCE_TYPE,
            source_id=licence.request_id,
        ),
        now=now,
    )
