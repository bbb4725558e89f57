"""django-q2 entry points of the integration app: ids and flags in, services do the work."""

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
