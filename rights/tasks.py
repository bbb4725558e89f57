"""django-q2 entry points of the rights domain: load by id, call the service."""

import logging

from config.errors import DomainError

from .models import Download
from .services.licence_files import download_fetch_file
from .services.usage_reports import usage_reports_queue_due

log = logging.getLogger("picture_desk.rights")


def fetch_licence_file(download_id: int) -> str:
    """Fetch and store a completed download's file (queued when the download completes)."""
    download = Download.objects.filter(pk=download_id).first()
    if download is None:
        return "gone"
    try:
        download = download_fetch_file(download=download)
    except DomainError as exc:
        # Recorded on the download and the licence page, where Production can fetch it again.
        log.warning("Licensed file of download %s not fetched: %s", download_id, exc)
        return "refused"
    return "stored" if download.has_file else "missing"


def report_due_usages() -> int:
    """Queue the Getty usage reports of printings whose date has come (daily schedule)."""
    return usage_reports_queue_due()


def watch_expiries() -> str:
    """The daily schedule (rights/schedules.py): statuses from the date, warnings to Rights, once."""
    from .services.expiry import expiry_scan

    return expiry_scan().summary
