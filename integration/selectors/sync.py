"""Reads of title sync runs, for the UI, the admin and the incremental sync itself."""

from integration.models import SyncRun


def sync_run_latest() -> SyncRun | None:
    """The most recent run, whatever its outcome (what the UI shows as "last sync")."""
    return SyncRun.objects.order_by("-started_at", "-id").first()


def sync_run_list(limit: int = 20) -> list[SyncRun]:
    """The most recent runs, newest first."""
    return list(SyncRun.objects.order_by("-started_at", "-id")[:limit])


def sync_run_last_successful() -> SyncRun | None:
    """The most recent run that finished without error: where the next incremental run starts."""
    return SyncRun.objects.filter(status=SyncRun.Status.SUCCEEDED).order_by("-started_at", "-id").first()
