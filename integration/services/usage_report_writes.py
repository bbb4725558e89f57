"""How a usage batch reaches Getty: `PUT /v3/usage-batches/{batch_id}` through the outbox.

The batch id comes from the record that caused it (e.g. "pd-printing-12"), never from the attempt, so
every send of one batch carries the same id. Getty stores a batch id once and answers a second PUT
with 409 TransactionIdDuplicated: a retry after a lost answer is answered 409, which means "stored",
and the row counts as sent. Nothing is counted twice.

The payload is the body as it goes on the wire, plus its id: {"batchId", "asset_usages": [{"asset_id",
"quantity", "usage_date"}]}. Getty's refusals say what a person must change (an unknown asset, a date
in the future, our credentials) and end the row dead; an unreachable or busy Getty is tried again.
"""

from django.utils import timezone

from ..getty.errors import GettyDailyCapReached, GettyError, GettyNoSlot, GettyRateLimited, GettyUnavailable
from ..models import OutboxMessage
from .outbox_delivery import Delivery, OutboxGiveUp, OutboxRetryLater, register_outbox_handler


def send_usage_report(payload: dict, delivery: Delivery) -> dict:
    batch_id = payload["batchId"]
    try:
        report = delivery.getty.report_usage(batch_id, payload["asset_usages"])
    except GettyDailyCapReached as exc:
        wait = max((exc.retry_at - timezone.now()).total_seconds(), 0)
        raise OutboxRetryLater(str(exc), retry_after=wait) from exc
    except (GettyUnavailable, GettyRateLimited, GettyNoSlot) as exc:
        # A PUT of the same batch id is safe to send again: Getty answers 409 if the first landed.
        raise OutboxRetryLater(str(exc), may_have_acted=isinstance(exc, GettyUnavailable)) from exc
    except GettyError as exc:
        raise OutboxGiveUp(f"Getty refused usage batch {batch_id}: {exc}") from exc
    return {
        "batchId": report.batch_id,
        "alreadyRecorded": report.already_recorded,
        "processed": report.total_asset_usages_processed,
        "invalidAssets": list(report.invalid_assets),
    }


def register() -> None:
    register_outbox_handler(OutboxMessage.Kind.USAGE_REPORT, send_usage_report)
