"""Outbox rows made the way the apps make them (`outbox_enqueue`), or in a given state for the pages."""

import datetime as dt
import itertools

from django.utils import timezone

from integration.consonance.extension import ApprovalNote, PicturePermissionInput
from integration.models import OutboxMessage
from integration.services.outbox import OutboxWrite, outbox_enqueue
from integration.services.outbox_delivery import outbox_deliver

# A work of the Consonance sandbox's seeded catalogue and two of its products.
SANDBOX_WORK = 1002
SANDBOX_PRODUCTS = [50001, 50002]

_refs = itertools.count(1)


def permission_payload(*, external_ref: str | None = None, work_id: int = SANDBOX_WORK, **changes) -> dict:
    """A picture permission as the outbox keeps it: the GraphQL input of upsertPicturePermission."""
    fields = {
        "work_id": work_id,
        "external_ref": external_ref or f"getty:14000{next(_refs):05d}:7",
        "rights_holder": "Getty Images / Ada Lens",
        "licence_type": "ROYALTY_FREE",
        "status": "GRANTED",
        "channels": ["PRINT", "EBOOK"],
        "product_ids": list(SANDBOX_PRODUCTS),
        "required_credit": "Ada Lens / Getty Images",
        "territory_included": "GB IE",
        "placement": "FRONT_COVER",
        "print_run_cap": 5000,
        "valid_from": dt.date(2027, 1, 1),
        "valid_until": dt.date(2031, 12, 31),
        "approval_status": "Approved by Production",
        "approval_history": [
            ApprovalNote(
                "Editorial", "approved", "edith", dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC), ""
            ),
            ApprovalNote(
                "Production", "approved", "pat", dt.datetime(2026, 11, 3, 14, 0, tzinfo=dt.UTC), "ok"
            ),
        ],
    }
    fields.update(changes)
    return PicturePermissionInput(**fields).to_graphql()


def enqueue_permission(
    *, payload: dict | None = None, title=None, source_id: int | None = None, label: str = "", now=None
) -> OutboxMessage:
    payload = payload or permission_payload()
    return outbox_enqueue(
        OutboxWrite(
            kind=OutboxMessage.Kind.PICTURE_PERMISSION,
            natural_key=f"permission:{payload['externalRef']}",
            payload=payload,
            label=label or f"Permission {payload.get('status', '')}".strip(),
            title_id=title.pk if title else None,
            source_type="approval_request" if source_id else "",
            source_id=source_id,
        ),
        now=now,
    )


def sent_permission(**kwargs) -> OutboxMessage:
    """A permission written to Consonance (its sandbox must be running: the `consonance` fixture)."""
    message = enqueue_permission(**kwargs)
    outbox_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT, message.last_error
    return message


def outbox_row(*, status: str = OutboxMessage.Status.PENDING, title=None, source_id=None, **fields):
    """A row in any state, written directly (for pages that only show rows)."""
    now = fields.pop("now", None) or timezone.now()
    payload = fields.pop("payload", None) or permission_payload()
    defaults = {
        "kind": OutboxMessage.Kind.PICTURE_PERMISSION,
        "natural_key": f"permission:{payload['externalRef']}",
        "payload": payload,
        "label": "Permission GRANTED",
        "status": status,
        "title": title,
        "source_type": "approval_request" if source_id else "",
        "source_id": source_id,
        "next_attempt_at": now,
        "created_at": now,
        "updated_at": now,
        "sent_at": now if status == OutboxMessage.Status.SENT else None,
    }
    defaults.update(fields)
    return OutboxMessage.objects.create(**defaults)
