"""The evidence pack of a title: everything that shows the publisher may use its pictures, in one zip.

When a rights holder, an auditor or a co-publisher asks "may you print this?", Rights sends this: the
title's permissions log, each licence with its terms, its history and the approval history of its request
(who approved what, when, with which comments), the Getty download records (product, agreement, what
Getty's download history said) and the checksums of the stored files, and a manifest with the checksum
of every file in the pack so it can be shown later to be the pack that was sent.

The zip is written to a temporary file (on disk past a small size), never held whole in memory, and is
bounded: at most RIGHTS_EVIDENCE_PACK_MAX_LICENCES licences and RIGHTS_EVIDENCE_PACK_MAX_BYTES bytes
before compression, refused with a clear message past either. The licences are read with all they need in
a fixed number of queries.
"""

import contextlib
import datetime as dt
import hashlib
import json
import tempfile
import zipfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.db.models import Prefetch

from approvals.models import ApprovalEvent
from integration.models import Title

from .errors import EvidencePackTooLarge
from .models import Download, Licence, LicenceEvent, Printing, Usage
from .permissions_log import log_csv_lines

SPOOL_BYTES = 1024 * 1024


@dataclass
class EvidencePack:
    file: IO[bytes]  # positioned at the start; the caller closes it (FileResponse does)
    filename: str
    size: int
    licences: int


def _person(user) -> str | None:
    return (user.get_full_name() or user.username) if user is not None else None


def _when(value) -> str | None:
    return value.isoformat() if value is not None else None


def _licence_record(licence: Licence) -> dict:
    request = licence.request
    return {
        "licence": licence.pk,
        "status": licence.status,
        "title": {"id": licence.title_id, "title": licence.title.full_title},
        "picture": {
            "getty_id": licence.asset.getty_id,
            "title": licence.asset.title,
            "caption": licence.asset.caption,
            "artist": licence.asset.artist,
            "collection": licence.asset.collection_name,
            "withdrawn_at": _when(licence.asset.withdrawn_at),
        },
        "getty": {
            "license_model": licence.license_model,
            "downloaded_at": _when(licence.downloaded_at),
            "product_id": licence.getty_product_id,
            "product_type": licence.getty_product_type,
            "product_name": licence.getty_product_name,
            "agreement": licence.agreement_name,
            "product_expires_at": _when(licence.product_expires_at),
            "allowed_use": licence.allowed_use,
            "release_info": licence.release_info,
            "restrictions": licence.restrictions,
            "credit_line": licence.getty_credit_line,
            "download": licence.download_id,
        },
        "terms": {
            "territories": licence.territories,
            "channels": licence.channels,
            "products": [
                {
                    "id": p.pk,
                    "isbn13": p.isbn13,
                    "format": p.format_name,
                    "publication_date": _when(p.publication_date),
                }
                for p in licence.products.all()
            ],
            "print_run_cap": licence.print_run_cap,
            "valid_from": _when(licence.valid_from),
            "valid_until": _when(licence.valid_until),
            "perpetual": licence.perpetual,
            "fee": None if licence.fee is None else f"{licence.fee:.2f}",
            "fee_currency": licence.fee_currency,
            "licence_reference": licence.licence_reference,
            "credit_line": licence.credit_line,
            "notes": licence.notes,
            "legal_confirmed_at": _when(licence.legal_confirmed_at),
            "legal_confirmed_by": _person(licence.legal_confirmed_by),
        },
        "licensed_by": _person(licence.licensed_by),
        "created_at": _when(licence.created_at),
        "history": [
            {
                "at": _when(event.created_at),
                "kind": event.kind,
                "by": _person(event.actor),
                "reason": event.reason,
                "details": event.details,
            }
            for event in licence.events.all()
        ],
        "usages": [
            {
                "usage": usage.pk,
                "placement": usage.placement,
                "status": usage.status,
                "products": [p.isbn13 for p in usage.products.all()],
                "printings": [
                    {"quantity": printing.quantity, "printed_on": _when(printing.printed_on)}
                    for printing in usage.printings.all()
                ],
            }
            for usage in licence.usages.all()
        ],
        "approval": {
            "request": request.pk,
            "requester": _person(request.requester),
            "placement": request.placement,
            "channels": request.channels,
            "territories": request.territories,
            "print_run": request.print_run,
            "submitted_at": _when(request.submitted_at),
            "decided_at": _when(request.decided_at),
            "status": request.status,
            "history": [
                {
                    "at": _when(event.created_at),
                    "kind": event.kind,
                    "step": event.step.name if event.step is not None else None,
                    "by": _person(event.actor),
                    "comment": event.comment,
                }
                for event in request.events.all()
            ],
        },
    }


def _download_record(download: Download) -> dict:
    return {
        "download": download.pk,
        "getty_id": download.asset.getty_id,
        "status": download.status,
        "started_at": _when(download.started_at),
        "completed_at": _when(download.completed_at),
        "started_by": _person(download.started_by),
        "product_id": download.product_id,
        "product_type": download.product_type,
        "product_name": download.product_name,
        "agreement": download.agreement_name,
        "product_expires_at": _when(download.product_expires_at),
        "download_notes": download.download_notes,
        "project_code": download.project_code,
        "getty_downloaded_at": _when(download.getty_downloaded_at),
        "getty_history_record": download.getty_record,
        "file": {
            "stored": download.has_file,
            "sha256": download.sha256 or None,
            "bytes": download.bytes,
            "width": download.width,
            "height": download.height,
            "content_type": download.content_type or None,
            "stored_at": _when(download.file_stored_at),
            "error": download.file_error or None,
        },
    }


def _file_name(download: Download) -> str:
    extension = download.file_path.rsplit(".", 1)[-1] if "." in download.file_path else "bin"
    return f"GettyImages-{download.asset.getty_id}-download-{download.pk}.{extension}"


def pack_licences(title: Title):
    """The title's licences with their history, usages, download and approval history."""
    return (
        Licence.objects.filter(title=title)
        .select_related(
            "asset",
            "title",
            "legal_confirmed_by",
            "licensed_by",
            "request__requester",
            "download__asset",
            "download__started_by",
        )
        .prefetch_related(
            "products",
            Prefetch(
                "events", queryset=LicenceEvent.objects.select_related("actor").order_by("created_at", "id")
            ),
            Prefetch(
                "usages",
                queryset=Usage.objects.prefetch_related(
                    "products", Prefetch("printings", queryset=Printing.objects.order_by("printed_on", "id"))
                ).order_by("created_at", "id"),
            ),
            Prefetch(
                "request__events",
                queryset=ApprovalEvent.objects.select_related("actor", "step").order_by("created_at", "id"),
            ),
        )
        .order_by("id")
    )


class _BoundedZip:
    """A zip being written, that refuses to grow past `limit` bytes before compression."""

    def __init__(self, file: IO[bytes], *, limit: int, title: Title):
        self.zip = zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED)
        self.limit = limit
        self.title = title
        self.written = 0
        self.manifest: list[dict] = []

    def _count(self, size: int) -> None:
        self.written += size
        if self.written > self.limit:
            raise EvidencePackTooLarge(
                f"The evidence pack of {self.title} would be larger than {self.limit:,} bytes; "
                "export the permissions log instead, or ask an admin to raise the limit."
            )

    def add(self, name: str, data: bytes) -> None:
        self._count(len(data))
        self.zip.writestr(name, data)
        self.manifest.append({"name": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()})

    def add_lines(self, name: str, lines) -> None:
        """Write text line by line (the log may be long), hashing as it goes."""
        digest, size = hashlib.sha256(), 0
        with self.zip.open(name, "w") as member:
            for line in lines:
                data = line.encode("utf-8")
                self._count(len(data))
                digest.update(data)
                size += len(data)
                member.write(data)
        self.manifest.append({"name": name, "bytes": size, "sha256": digest.hexdigest()})

    def close(self) -> None:
        self.zip.close()


def _json(value) -> bytes:
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=False).encode("utf-8") + b"\n"


def _readme(title: Title, *, now: dt.datetime, actor, licences: int, downloads: int) -> bytes:
    lines = [
        f"Evidence pack: {title.full_title}",
        f"Picture Desk title #{title.pk}, Consonance work {title.consonance_id}",
        f"Made {now.isoformat()} by {_person(actor) or 'Picture Desk'}",
        f"{licences} licence(s), {downloads} Getty download(s)",
        "",
        "permissions-log.csv       the title's permissions log, one line per licence",
        "licences/licence-N.json   each licence: Getty's facts, the terms Legal confirmed, its history,",
        "                          its usages and printings, and the approval history of its request",
        "getty/downloads.json      the Getty download records, with what Getty's download history said",
        "getty/SHA256SUMS          checksums of the licensed files as stored (sha256sum -c format)",
        "manifest.json             the size and SHA-256 of every other file in this pack",
        "",
    ]
    return "\n".join(lines).encode("utf-8")


def evidence_pack(*, title: Title, actor=None, now: dt.datetime) -> EvidencePack:
    """Build the title's evidence pack in a temporary file and hand it back, positioned at its start."""
    max_licences = settings.RIGHTS_EVIDENCE_PACK_MAX_LICENCES
    count = Licence.objects.filter(title=title).count()
    if count > max_licences:
        raise EvidencePackTooLarge(
            f"{title} has {count:,} licences; an evidence pack holds at most {max_licences:,}. "
            "Export the permissions log instead."
        )
    file = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    pack = None
    try:
        pack = _BoundedZip(file, limit=settings.RIGHTS_EVIDENCE_PACK_MAX_BYTES, title=title)
        downloads: dict[int, Download] = {}
        licences = 0
        for licence in pack_licences(title):
            licences += 1
            downloads.setdefault(licence.download_id, licence.download)
            pack.add(f"licences/licence-{licence.pk}.json", _json(_licence_record(licence)))
        pack.add_lines("permissions-log.csv", log_csv_lines(title=title))
        ordered = [downloads[pk] for pk in sorted(downloads)]
        pack.add("getty/downloads.json", _json([_download_record(d) for d in ordered]))
        sums = "".join(f"{d.sha256}  {_file_name(d)}\n" for d in ordered if d.has_file)
        pack.add("getty/SHA256SUMS", sums.encode("ascii"))
        pack.add(
            "README.txt", _readme(title, now=now, actor=actor, licences=licences, downloads=len(ordered))
        )
        manifest = {"title": title.pk, "made_at": now.isoformat(), "files": pack.manifest}
        pack.zip.writestr("manifest.json", _json(manifest))
        pack.close()
        size = file.tell()
        file.seek(0)
    except BaseException:
        if pack is not None:
            with contextlib.suppress(Exception):
                pack.close()  # a half-written zip, closed before its file is thrown away
        file.close()
        raise
    filename = f"evidence-pack-title-{title.pk}-{now.date().isoformat()}.zip"
    return EvidencePack(file=file, filename=filename, size=size, licences=licences)
