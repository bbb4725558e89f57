"""How a supporting resource (a licensed picture of a work) is written: read, then update or create.

`createSupportingResource` is not idempotent and Consonance has no idempotency keys, so every send
first reads the work's resources and looks for our marker (`externalRef`, an [extension] field, see
SUPPORTING_RESOURCE_MARKER). Found: it is updated to the payload's state (nothing is sent when it
already matches). Not found: it is created. A create whose answer was lost (a timeout, a dropped
connection) raises ConsonanceOutcomeUnknown; the outbox then waits OUTBOX_SETTLE_SECONDS and sends
again, and that send reads first: the resource the lost answer made is found and updated, never made
a second time.

The file goes as `imageRemoteUrl`, a signed link to our stored copy that Consonance fetches
(integration/file_links.py), not as `resourceFileName` with a presigned upload: the upload URL comes
only in the create's answer, so a lost answer would leave a resource marked as ours with no file and
no documented way to ask for another upload URL (the update takes no file). With the link, the create
carries everything; whatever a lost answer made is complete.

The payload (what the outbox keeps and the pages show) names the file by its storage path, so this
module knows nothing of licences:
    {"workId", "externalRef", "caption", "copyright", "requiredCredit", "status" (APPROVED | DRAFT),
     "resourceVariant", "productIds", "linkToAllProducts", "file": {"storagePath", "fileName",
     "contentType"}}
"""

from django.core.files.storage import default_storage

from ..consonance.types import SupportingResource
from ..file_links import signed_file_url
from ..models import OutboxMessage
from .outbox_delivery import Delivery, OutboxGiveUp, register_outbox_handler

DRAFT = "DRAFT"
TEXTS = (("caption", "caption"), ("copyright", "copyright"), ("requiredCredit", "required_credit"))


def _wanted_products(resource: SupportingResource, payload: dict) -> list[int]:
    """The products the resource should link to. Linked to all, it keeps whatever Consonance linked
    (products we have not mirrored yet included) and gains any of ours it lacks."""
    ours = {int(p) for p in payload.get("productIds") or []}
    if payload.get("linkToAllProducts"):
        return sorted(ours | set(resource.product_ids))
    return sorted(ours)


def resource_changes(resource: SupportingResource, payload: dict) -> dict:
    """What an update must send to bring `resource` to the payload's state (empty: nothing to send)."""
    changes = {}
    for wire, attribute in TEXTS:
        wanted = payload.get(wire) or ""
        if wanted != (getattr(resource, attribute) or ""):
            changes[attribute] = wanted
    if payload.get("status") and payload["status"] != resource.status:
        changes["status"] = payload["status"]
    products = _wanted_products(resource, payload)
    if products != sorted(resource.product_ids):
        changes["product_ids"] = products
    return changes


def _summary(resource: SupportingResource, *, action: str, changed=()) -> dict:
    return {
        "id": resource.id,
        "externalRef": resource.external_ref,
        "status": resource.status,
        "productIds": list(resource.product_ids),
        "action": action,  # created | updated | unchanged
        "changed": list(changed),
    }


def send_supporting_resource(payload: dict, delivery: Delivery) -> dict:
    client = delivery.consonance
    ref = payload["externalRef"]
    ours = sorted(
        (r for r in client.supporting_resources_for_work(payload["workId"]) if r.external_ref == ref),
        key=lambda r: r.id,
    )
    if ours:
        resource = ours[0]
        changes = resource_changes(resource, payload)
        if not changes:
            return _summary(resource, action="unchanged")
        updated = client.update_supporting_resource(id=resource.id, **changes)
        return _summary(updated, action="updated", changed=sorted(changes))
    if payload.get("status") == DRAFT:
        # Taking back a picture Consonance never received: there is nothing to take back.
        return {"id": None, "externalRef": ref, "status": DRAFT, "action": "absent", "changed": []}
    file = payload["file"]
    if not default_storage.exists(file["storagePath"]):
        raise OutboxGiveUp(
            f"The file {file['storagePath']} is not in our storage; Consonance cannot fetch it."
        )
    link_all = bool(payload.get("linkToAllProducts"))
    result = client.create_supporting_resource(
        work_id=payload["workId"],
        caption=payload.get("caption") or None,
        copyright=payload.get("copyright") or None,
        required_credit=payload.get("requiredCredit") or None,
        image_remote_url=signed_file_url(
            file["storagePath"], file_name=file["fileName"], content_type=file.get("contentType", "")
        ),
        status=payload.get("status") or None,
        resource_variant=payload.get("resourceVariant") or None,
        product_ids=None if link_all else [int(p) for p in payload.get("productIds") or []],
        link_to_all_products=True if link_all else None,
        external_ref=ref,
    )
    return _summary(result.supporting_resource, action="created")


def register() -> None:
    register_outbox_handler(OutboxMessage.Kind.SUPPORTING_RESOURCE, send_supporting_resource)
