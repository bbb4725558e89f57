"""The licensed file: fetched once from Getty's delivery link, checked and stored, then served from storage.

Fetching runs in the worker (`rights.tasks.fetch_licence_file`, queued when a download completes) and
from the licence page's "Fetch the file" button, both through `download_fetch_file`. Once a download has
its file, nothing fetches it again: later licences of the same royalty-free picture, and everyone who
opens the licence page, get the stored copy. Storage goes through Django's storage API (filesystem by
default, any configured backend in production), named by the file's SHA-256 so a second store of the
same bytes is the same file.
"""

import datetime as dt
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from integration.getty.delivery import DeliveredFile, DeliveryPolicy, fetch_delivery
from integration.getty.errors import GettyError

from ..errors import LINK_EXPIRED, NO_FILE_LINK, LicensingRefused
from ..models import Download, Licence, LicenceEvent
from .licence_writes import licence_file_stored_writes

log = logging.getLogger("picture_desk.rights")

DELIVERY_LINK_LIFETIME = dt.timedelta(hours=24)


def queue_file_fetch(download_id: int) -> None:
    """Fetch the file in the worker once the transaction that completed the download commits."""
    from django_q.tasks import async_task

    transaction.on_commit(lambda: async_task("rights.tasks.fetch_licence_file", download_id))


def storage_name(download: Download, delivered: DeliveredFile) -> str:
    return f"licences/{download.asset.getty_id}/{delivered.sha256}.{delivered.extension}"


def _record_event(download: Download, kind: str, *, reason: str, details: dict, actor, now) -> None:
    for licence in Licence.objects.filter(download=download):
        LicenceEvent.objects.create(
            licence=licence, kind=kind, actor=actor, reason=reason, details=details, created_at=now
        )


def _refuse(download: Download, message: str, *, actor, now: dt.datetime, error: Exception | None = None):
    with transaction.atomic():
        Download.objects.filter(pk=download.pk).update(file_error=message[:4000])
        _record_event(
            download,
            LicenceEvent.Kind.FILE_REFUSED,
            reason=message,
            details={"download": download.pk, "detail": getattr(error, "detail", "")[:1000]},
            actor=actor,
            now=now,
        )
    download.file_error = message


def download_fetch_file(
    *, download: Download, actor=None, now: dt.datetime | None = None, policy: DeliveryPolicy | None = None
) -> Download:
    """Fetch, check and store the file of a completed download, unless it is stored already.

    A refusal (host, address, size, type, an expired link) is recorded on the download and raised.
    """
    now = now or timezone.now()
    download = Download.objects.select_related("asset").get(pk=download.pk)
    if download.has_file:
        return download
    if download.status != Download.Status.COMPLETED or not download.getty_uri:
        raise LicensingRefused(NO_FILE_LINK)
    if download.completed_at and now >= download.completed_at + DELIVERY_LINK_LIFETIME:
        _refuse(download, LINK_EXPIRED, actor=actor, now=now)
        raise LicensingRefused(LINK_EXPIRED)
    try:
        delivered = fetch_delivery(download.getty_uri, policy=policy)
    except GettyError as exc:
        _refuse(download, exc.user_message, actor=actor, now=now, error=exc)
        raise
    name = storage_name(download, delivered)
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(delivered.content))
    with transaction.atomic():
        stored = (
            Download.objects.filter(pk=download.pk)
            .filter(Q(file_path="") | Q(sha256=""))
            .update(
                file_path=name,
                sha256=delivered.sha256,
                width=delivered.width,
                height=delivered.height,
                content_type=delivered.content_type,
                bytes=delivered.size,
                file_stored_at=now,
                file_error="",
            )
        )
        if stored:
            _record_event(
                download,
                LicenceEvent.Kind.FILE_STORED,
                reason=(
                    f"{delivered.width} × {delivered.height} px {delivered.content_type}, "
                    f"{delivered.size:,} bytes."
                ),
                details={"download": download.pk, "sha256": delivered.sha256, "path": name},
                actor=actor,
                now=now,
            )
            licence_file_stored_writes(download, now=now)  # the file to Consonance: resource, to-do
    download.refresh_from_db()
    return download
