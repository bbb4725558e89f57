"""The licensed picture as a supporting resource of its work in Consonance, written through the outbox.

What the resource says is decided here; how it is written safely (read the work's resources, update
ours if its marker is there, create it if not) is integration/services/supporting_resource_writes.py.
- marker (`externalRef`, our [extension]): "getty:<Getty id>:<licence id>", fixed for the licence;
- caption, copyright and required credit: Getty's caption, copyright and the credit the licence asks for;
- variant from the placement of the request: covers are FRONT_COVER / BACK_COVER; an interior picture
  is SAMPLE_CONTENT (a picture from inside the book) and a marketing one PRODUCT_IMAGE (artwork about
  the book), ONIX list 158's nearest codes;
- status APPROVED while the licence may be used (active, expiring); DRAFT once it may not (expired,
  withdrawn by Getty, superseded), so Consonance stops offering the picture for the book;
- products: those the licence covers; `linkToAllProducts` when it covers every product of the title;
- the file: our stored copy, by its storage path (Consonance fetches it through a signed link).
Only a licence whose file is stored has a resource: the write is queued when the file is stored
(or at licensing, when an earlier download's file is reused) and again whenever what it says changes.
"""

import datetime as dt

from django.utils import timezone

from approvals.services.write_back import required_credit, rights_holder
from integration.models import OutboxMessage
from integration.placements import Placement
from integration.services.outbox import OutboxWrite, outbox_enqueue

from ..models import Licence

SOURCE_TYPE = "licence"
APPROVED = "APPROVED"
DRAFT = "DRAFT"
TEXT_MAX = 2000  # the longest text Consonance (its sandbox) takes
VARIANTS = {
    Placement.FRONT_COVER: "FRONT_COVER",
    Placement.BACK_COVER: "BACK_COVER",
    Placement.INTERIOR: "SAMPLE_CONTENT",
    Placement.MARKETING: "PRODUCT_IMAGE",
}
RESOURCE_STATUS = {
    Licence.Status.ACTIVE: APPROVED,
    Licence.Status.EXPIRING: APPROVED,
    Licence.Status.EXPIRED: DRAFT,
    Licence.Status.WITHDRAWN: DRAFT,
    Licence.Status.SUPERSEDED: DRAFT,
}


def resource_external_ref(licence: Licence) -> str:
    return f"getty:{licence.asset.getty_id}:{licence.pk}"


def resource_natural_key(licence: Licence) -> str:
    return f"resource:{resource_external_ref(licence)}"


def _cut(text: str) -> str:
    return text if len(text) <= TEXT_MAX else text[: TEXT_MAX - 1].rstrip() + "…"


def file_name(licence: Licence) -> str:
    """The name Getty delivers the file under, e.g. GettyImages-1234.jpg."""
    extension = licence.download.file_path.rsplit(".", 1)[-1] if "." in licence.download.file_path else "jpg"
    return f"GettyImages-{licence.asset.getty_id}.{extension}"


def covers_every_product(licence: Licence, product_ids: set[int]) -> bool:
    every = set(licence.title.products.values_list("id", flat=True))
    return bool(every) and every <= product_ids


def resource_payload(licence: Licence, *, status: str | None = None) -> dict:
    """The whole resource as the outbox keeps it (see supporting_resource_writes.py for the shape)."""
    asset = licence.asset
    products = list(licence.products.all())
    download = licence.download
    return {
        "workId": licence.title.consonance_id,
        "externalRef": resource_external_ref(licence),
        "caption": _cut(asset.caption or asset.title),
        "copyright": _cut(asset.copyright or rights_holder(asset)),
        "requiredCredit": _cut(licence.credit_line or required_credit(asset)),
        "status": status or RESOURCE_STATUS[licence.status],
        "resourceVariant": VARIANTS.get(licence.request.placement),
        "productIds": sorted(p.consonance_id for p in products),
        "linkToAllProducts": covers_every_product(licence, {p.pk for p in products}),
        "file": {
            "storagePath": download.file_path,
            "fileName": file_name(licence),
            "contentType": download.content_type,
        },
    }


def licence_resource_enqueue(
    licence: Licence, *, now: dt.datetime | None = None, status: str | None = None
) -> OutboxMessage | None:
    """Queue the resource in its current state (call inside the change's transaction); None while the
    licence's file is not stored (the write is queued when it is)."""
    if not licence.download.has_file:
        return None
    payload = resource_payload(licence, status=status)
    newest = OutboxMessage.objects.filter(natural_key=resource_natural_key(licence)).order_by("-id").first()
    if newest is not None and newest.payload == payload and newest.status != OutboxMessage.Status.DEAD:
        return newest  # a change that does not touch the resource (a fee, a note) writes nothing
    return outbox_enqueue(
        OutboxWrite(
            kind=OutboxMessage.Kind.SUPPORTING_RESOURCE,
            natural_key=resource_natural_key(licence),
            payload=payload,
            label=f"Supporting resource {payload['status']} — licence #{licence.pk}",
            title_id=licence.title_id,
            source_type=SOURCE_TYPE,
            source_id=licence.pk,
        ),
        now=now or timezone.now(),
    )


def licence_resource_to_draft(licence: Licence, *, now: dt.datetime | None = None) -> OutboxMessage | None:
    """Take the licence's picture back to DRAFT in Consonance (a withdrawn or replaced picture), whatever
    the licence's status says yet. Call inside the transaction of the change; None when the picture
    never had a resource (no stored file). A resource not created yet is then never created."""
    return licence_resource_enqueue(licence, now=now, status=DRAFT)


def licence_resource_ended(licence: Licence, now: dt.datetime) -> None:
    """The licence-ended hook (services/licence_ended.py): withdrawn or superseded → DRAFT."""
    licence_resource_to_draft(licence, now=now)


def known_resource_id(licence: Licence) -> int | None:
    """The resource's Consonance id, once a write of it has been answered (the permission names it)."""
    answers = (
        OutboxMessage.objects.filter(
            natural_key=resource_natural_key(licence), status=OutboxMessage.Status.SENT
        )
        .order_by("-id")
        .values_list("last_response", flat=True)
    )
    for answer in answers[:5]:
        if isinstance(answer, dict) and isinstance(answer.get("id"), int):
            return answer["id"]
    return None
