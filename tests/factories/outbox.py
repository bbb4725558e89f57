"""Outbox writes of picture permissions for the delivery tests and benchmarks.

Each write carries its place in the record's history in `approvalStatus` ("state 3"), so what
Consonance holds at the end says which write landed last, not only which status it has.
"""

from integration.consonance.extension import PicturePermissionInput
from integration.models import OutboxMessage
from integration.services.outbox import OutboxWrite


def permission_payload(ref: str, *, work_id: int, status: str = "REQUESTED", state: int = 1) -> dict:
    return PicturePermissionInput(
        work_id=work_id,
        external_ref=ref,
        rights_holder="Getty Images / Ada Photographer",
        licence_type="ROYALTY_FREE",
        status=status,
        channels=["PRINT"],
        placement="FRONT_COVER",
        territory_included="WORLD",
        approval_status=f"state {state}",
    ).to_graphql()


def permission_write(ref: str, *, work_id: int, status: str = "REQUESTED", state: int = 1) -> OutboxWrite:
    return OutboxWrite(
        kind=OutboxMessage.Kind.PICTURE_PERMISSION,
        natural_key=f"permission:{ref}",
        payload=permission_payload(ref, work_id=work_id, status=status, state=state),
        label=f"Permission {status}",
    )
