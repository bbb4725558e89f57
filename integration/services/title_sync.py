"""Mirror Consonance works and products into Title and Product rows (interface; body follows)."""

from integration.models import SyncRun


def title_sync_run(*, full: bool, client=None, progress=None, now=None) -> SyncRun:
    """Run one sync and return its SyncRun record (a Consonance failure is recorded, not raised)."""
    raise NotImplementedError
