"""How outbox rows bound for Consonance are sent: one handler per kind of write.

The payload of each row is the GraphQL input as it goes on the wire (readable in the admin and on the
pages). Every one of these writes is idempotent by its key, so sending it again after an unknown
outcome has no second effect:
- picture permission: `upsertPicturePermission`, keyed by `externalRef`;
- to-do attachment: `attachToTodo`, idempotent on to-do + `externalRef`;
- picture brief: `updatePictureBrief`, which replaces the whole brief.
"""

from ..models import OutboxMessage
from .outbox_delivery import Delivery, register_outbox_handler

Kind = OutboxMessage.Kind


def send_picture_permission(payload: dict, delivery: Delivery) -> dict:
    permission = delivery.consonance.upsert_picture_permission(payload)
    return {
        "id": permission.id,
        "externalRef": permission.external_ref,
        "status": permission.status,
        "approvalStatus": permission.approval_status,
    }


def send_todo_attachment(payload: dict, delivery: Delivery) -> dict:
    todo = delivery.consonance.attach_to_todo(
        todo_id=payload["todoId"],
        external_ref=payload["externalRef"],
        url=payload["url"],
        label=payload["label"],
    )
    return {"todoId": todo.id, "title": todo.title, "attachments": len(todo.attachments)}


def send_picture_brief(payload: dict, delivery: Delivery) -> dict:
    brief = delivery.consonance.update_picture_brief(payload)
    return {
        "workId": payload.get("workId"),
        "visualThemes": len(brief.visual_themes),
        "referenceImages": len(brief.reference_images),
    }


def register() -> None:
    register_outbox_handler(Kind.PICTURE_PERMISSION, send_picture_permission)
    register_outbox_handler(Kind.TODO_ATTACHMENT, send_todo_attachment)
    register_outbox_handler(Kind.PICTURE_BRIEF, send_picture_brief)
