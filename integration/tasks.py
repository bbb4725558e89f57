"""django-q2 entry points of the integration app: ids and flags in, services do the work."""

import logging

from django.db import transaction
from django.utils import timezone
from django_q.humanhash import uuid
from django_q.tasks import async_task


def sync_titles(full: bool = False, run_id: int | None = None) -> int:
    """Run a title sync (the schedule calls this every SYNC_INTERVAL_MINUTES); return the SyncRun id.

    `run_id` is the run a request claimed when it queued this task. When another run is going, this
    one joins it: nothing more runs, and that run's id is returned.
    """
    from integration.services.title_sync import SyncAlreadyRunning, title_sync_run

    try:
        return title_sync_run(full=full, run_id=run_id).pk
    except SyncAlreadyRunning as running:
        return running.run.pk


def enqueue_title_sync(*, full: bool, run_id: int | None = None) -> str:
    """Queue a title sync once the current transaction commits; return its django-q2 task name.

    django-q2 draws the task id inside `async_task`, which only runs after commit, so the handle we can
    return now is the unique task name we give it (find it with `Task.objects.filter(name=...)`).
    """
    task_name = f"title-sync-{'full' if full else 'incremental'}-{uuid()[1][:12]}"
    transaction.on_commit(
        lambda: async_task("integration.tasks.sync_titles", full, run_id, task_name=task_name)
    )
    return task_name


def keep_searched_assets(items: list[dict]) -> None:
    """Store the pictures a search showed (Getty's items as sent) as Asset rows."""
    from integration.getty.types import GettyImage
    from integration.services.assets import assets_keep_searched

    assets_keep_searched(images=[GettyImage.from_api(item) for item in items], now=timezone.now())


def enqueue_keep_searched_assets(*, images) -> None:
    """Queue `keep_searched_assets` for a search's pictures once the current transaction commits."""
    items = [image.raw for image in images if image.id]
    if items:
        transaction.on_commit(lambda: async_task("integration.tasks.keep_searched_assets", items))


def deliver_outbox_message(message_id: int) -> int:
    """Deliver one outbox row (queued on commit of the change that wrote it) and what waited behind it."""
    from integration.services.outbox_delivery import outbox_deliver

    return outbox_deliver(message_id=message_id)


def deliver_due_outbox() -> int:
    """The every-minute reconciler: send every outbox row that is due, whatever trigger was lost."""
    from integration.services.outbox_delivery import outbox_deliver_due

    return outbox_deliver_due()


def enqueue_outbox_delivery(message_id: int) -> None:
    """Queue the delivery of one outbox row; called after the transaction that wrote it commits.

    If queueing fails (the broker is down), the row is still in the outbox and the every-minute
    schedule sends it: the write is delayed, never lost.
    """
    try:
        async_task(
            "integration.tasks.deliver_outbox_message",
            message_id,
            task_name=f"outbox-{message_id}-{uuid()[1][:8]}",
        )
    except Exception:  # noqa: BLE001 - the broker is unreachable: the schedule will find the row
        logging.getLogger(__name__).warning(
            "Could not queue outbox row %s; the schedule will send it", message_id
        )


def reconcile_consonance(started_by: str = "", full: bool = False) -> int:
    """The nightly comparison of what Picture Desk decided with what Consonance holds; returns the run id."""
    from integration.services.reconciliation import reconciliation_run

    return reconciliation_run(started_by=started_by, full=full).pk


def enqueue_reconciliation(*, started_by: str, full: bool = False) -> str:
    """Queue a reconciliation (the "Reconcile now" button) once the current transaction commits;
    return its django-q2 task name."""
    task_name = f"reconcile-{'full' if full else 'auto'}-{uuid()[1][:12]}"
    transaction.on_commit(
        lambda: async_task("integration.tasks.reconcile_consonance", started_by, full, task_name=task_name)
    )
    return task_name


def poll_asset_changes() -> dict:
    """The withdrawal watch (every GETTY_ASSET_CHANGES_INTERVAL_MINUTES): receive, process and confirm
    Getty's change sets; returns what the run did."""
    from integration.services.asset_changes import asset_changes_poll

    return asset_changes_poll().as_dict()
