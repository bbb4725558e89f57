"""License an approved picture at Getty: the last act after approval, and the only one that costs money.

A Getty download POST spends one download of a product and is not idempotent, so:
1. the download is recorded as an intent in its own committed transaction BEFORE Getty is called
   (call `picture_license` outside any transaction: the view and the API do). One request holds at most
   one intent that is not failed (a database constraint): two people pressing "License" spend one download;
2. after Getty answers, the download is completed in one transaction with the licence, its first usage,
   their events and the Consonance permission write (outbox), and the file fetch is queued;
3. after an unknown outcome (timeout, dropped connection, 5xx) nothing calls Getty's download again until
   Getty's download history has been read: found there, the download is completed from the history line;
   not found, it stays unknown and licensing is refused with a clear message until
   GETTY_DOWNLOAD_SETTLE_SECONDS have passed, after which it is taken as never made (failed, nothing spent).
Any other Getty refusal (no downloads left, agreement expired, no access) happens before Getty spends
anything: the intent is marked failed and the message says why. A product that cannot pay is refused
before any call (see product_choice.py).
A royalty-free picture already downloaded for another request is licensed again without a download: its
licence covers every permitted use, and the stored file is reused.
"""

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import formats, timezone

from approvals.models import ApprovalRequest
from integration.getty.client import GettyClient
from integration.getty.errors import GettyDownloadOutcomeUnknown, GettyError
from integration.getty.types import DownloadRecord

from ..errors import (
    ALREADY_LICENSED,
    LICENSING_IN_PROGRESS,
    NO_PROJECT_CODE,
    NOT_APPROVED,
    NOT_OUR_PRODUCT,
    NOT_PERMITTED,
    OUTCOME_PENDING,
    PICTURE_WITHDRAWN,
    PROJECT_CODE_NOT_OFFERED,
    LicenceChanged,
    LicensingPending,
    LicensingRefused,
    RightsNotPermitted,
)
from ..models import Download, Licence
from .licence_files import queue_file_fetch
from .licence_records import intended_products, licence_create
from .product_choice import ProductOption, product_options

LICENSE_PERMISSION = "rights.license_picture"
NOTES_MAX = 500
PROJECT_CODE_MAX = 100
Status = Download.Status


@dataclass(frozen=True)
class LicenseOrder:
    """What Production chose: the Getty product to pay with, and a project code when it offers a list."""

    product_id: str
    project_code: str = ""


@dataclass(frozen=True)
class LicensingDone:
    licence: Licence
    reused_download: bool = False
    settled_from_history: bool = False


@dataclass(frozen=True)
class LicensingChoice:
    """What the licensing page offers: the products, and the notes and project code the title fills."""

    options: list[ProductOption]
    download_notes: str
    isbn: str
    reusable: Download | None = None


def _when(moment: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "j M Y H:i")


@contextmanager
def _getty(client: GettyClient | None):
    if client is not None:
        yield client
        return
    with GettyClient.from_settings() as made:
        yield made


# --- what may be licensed ------------------------------------------------------------------------------


def ensure_may_license(actor) -> None:
    if not actor.has_perm(LICENSE_PERMISSION):
        raise RightsNotPermitted(NOT_PERMITTED.format(action="license pictures at Getty (Production can)"))


def ensure_licensable(approval_request: ApprovalRequest) -> None:
    if approval_request.status != ApprovalRequest.Status.APPROVED:
        raise LicensingRefused(
            NOT_APPROVED.format(pk=approval_request.pk, status=approval_request.get_status_display().lower())
        )
    licence = Licence.objects.filter(request=approval_request).only("pk").first()
    if licence is not None:
        raise LicensingRefused(ALREADY_LICENSED.format(pk=approval_request.pk, licence=licence.pk))
    withdrawn_at = approval_request.asset.withdrawn_at
    if withdrawn_at is not None:
        raise LicensingRefused(PICTURE_WITHDRAWN.format(when=_when(withdrawn_at)))


def reusable_download(approval_request: ApprovalRequest) -> Download | None:
    """An earlier completed download of the same royalty-free picture, which licenses this use too."""
    if approval_request.asset.is_rights_managed:
        return None
    return (
        Download.objects.filter(asset_id=approval_request.asset_id, status=Status.COMPLETED)
        .order_by("completed_at", "id")
        .first()
    )


def download_details(approval_request: ApprovalRequest) -> tuple[str, str]:
    """(download notes, ISBN): the title and its first intended product's ISBN, for Getty's records."""
    products = intended_products(approval_request)
    isbn = next((p.isbn13 for p in products if p.isbn13), "")
    parts = [
        approval_request.title.full_title,
        f"ISBN {isbn}" if isbn else "",
        f"Picture Desk request #{approval_request.pk}",
    ]
    return " · ".join(p for p in parts if p)[:NOTES_MAX], isbn


def licensing_choice(
    *,
    approval_request: ApprovalRequest,
    actor,
    now: dt.datetime | None = None,
    client: GettyClient | None = None,
) -> LicensingChoice:
    """What the licensing page shows: every product with why it can or cannot pay (one Getty call)."""
    now = now or timezone.now()
    ensure_may_license(actor)
    ensure_licensable(approval_request)
    notes, isbn = download_details(approval_request)
    reusable = reusable_download(approval_request)
    if reusable is not None:
        return LicensingChoice(options=[], download_notes=notes, isbn=isbn, reusable=reusable)
    with _getty(client) as getty:
        products = getty.products()
    return LicensingChoice(
        options=product_options(products, approval_request.asset, now=now), download_notes=notes, isbn=isbn
    )


def _chosen(option_id: str, options: list[ProductOption]) -> ProductOption:
    option = next((o for o in options if o.id == str(option_id)), None)
    if option is None:
        raise LicensingRefused(NOT_OUR_PRODUCT.format(product=option_id))
    if option.refusal:
        raise LicensingRefused(f"{option.product.name}: {option.refusal} Nothing was downloaded.")
    return option


def _project_code(option: ProductOption, chosen: str, isbn: str) -> str:
    needs = option.product.requirements
    chosen = chosen.strip()[:PROJECT_CODE_MAX]
    if needs.project_codes:
        if chosen in needs.project_codes:
            return chosen
        if needs.is_project_code_required or chosen:
            raise LicensingRefused(
                PROJECT_CODE_NOT_OFFERED.format(
                    product=option.product.name, codes=", ".join(needs.project_codes)
                )
            )
        return ""
    code = chosen or isbn
    if needs.is_project_code_required and not code:
        raise LicensingRefused(NO_PROJECT_CODE.format(product=option.product.name))
    return code


# --- the intent and its outcome ------------------------------------------------------------------------


def _record_intent(
    approval_request: ApprovalRequest, option: ProductOption, *, notes: str, project_code: str, actor, now
) -> Download:
    product = option.product
    try:
        with transaction.atomic():
            return Download.objects.create(
                request=approval_request,
                asset=approval_request.asset,
                status=Status.INTENDED,
                started_by=actor,
                started_at=now,
                product_id=product.id,
                product_type=product.type,
                product_name=product.name[:200],
                agreement_name=product.agreement_name[:300],
                product_expires_at=product.expires_at,
                download_notes=notes,
                project_code=project_code,
            )
    except IntegrityError:
        other = Download.objects.filter(request=approval_request, status__in=Download.HOLDING).first()
        raise LicensingPending(
            LICENSING_IN_PROGRESS.format(when=_when(other.started_at) if other else "just now")
        )


def _mark(download: Download, status: str, *, error: str) -> None:
    with transaction.atomic():
        Download.objects.filter(pk=download.pk, status__in=(Status.INTENDED, Status.UNKNOWN)).update(
            status=status, error=error[:4000]
        )
    download.status = status
    download.error = error


def _complete(
    download: Download,
    approval_request: ApprovalRequest,
    *,
    actor,
    now: dt.datetime,
    uri: str = "",
    record: DownloadRecord | None = None,
) -> LicensingDone:
    with transaction.atomic():
        completed = Download.objects.filter(
            pk=download.pk, status__in=(Status.INTENDED, Status.UNKNOWN)
        ).update(
            status=Status.COMPLETED,
            completed_at=now,
            getty_uri=uri,
            getty_downloaded_at=record.downloaded_at if record else now,
            getty_record=record.raw if record else {},
            error="",
        )
        if not completed:
            raise LicenceChanged(
                "This download was settled by someone else at the same moment. Reload the request page."
            )
        download.refresh_from_db()
        licence = licence_create(approval_request=approval_request, download=download, actor=actor, now=now)
        if uri:
            queue_file_fetch(download.pk)
    return LicensingDone(licence=licence, settled_from_history=record is not None)


def _settle(
    download: Download, approval_request: ApprovalRequest, getty: GettyClient, *, actor, now: dt.datetime
) -> LicensingDone | None:
    """Settle an intent that may have spent a download: complete it from Getty's history, keep refusing
    while it may still appear there, or (after the settle window) fail it so a new download may be made."""
    if download.status == Status.COMPLETED:
        with transaction.atomic():
            licence = licence_create(
                approval_request=approval_request, download=download, actor=actor, now=now
            )
        return LicensingDone(licence=licence)
    settled_after = dt.timedelta(seconds=settings.GETTY_DOWNLOAD_SETTLE_SECONDS)
    young = now - download.started_at < settled_after
    if download.status == Status.INTENDED and young:
        # Another request is calling Getty right now (or was, a moment ago).
        raise LicensingPending(LICENSING_IN_PROGRESS.format(when=_when(download.started_at)))
    record = getty.find_download_in_history(approval_request.asset.getty_id, since=download.started_at)
    if record is not None:
        return _complete(download, approval_request, actor=actor, now=now, record=record)
    if young:
        if download.status != Status.UNKNOWN:
            _mark(download, Status.UNKNOWN, error="Getty's history does not show the download yet.")
        raise LicensingPending(OUTCOME_PENDING)
    _mark(
        download,
        Status.FAILED,
        error=(
            f"Getty's download history showed no download {settled_after} after it was asked for: "
            "nothing was spent."
        ),
    )
    return None


# --- the act -----------------------------------------------------------------------------------------------


def picture_license(
    *,
    approval_request: ApprovalRequest,
    order: LicenseOrder,
    actor,
    now: dt.datetime | None = None,
    client: GettyClient | None = None,
) -> LicensingDone:
    """License the request's picture with the Getty product `order` names (see the module docstring)."""
    now = now or timezone.now()
    ensure_may_license(actor)
    approval_request = ApprovalRequest.objects.select_related("asset", "title").get(pk=approval_request.pk)
    ensure_licensable(approval_request)
    with _getty(client) as getty:
        holding = Download.objects.filter(request=approval_request, status__in=Download.HOLDING).first()
        if holding is not None:
            done = _settle(holding, approval_request, getty, actor=actor, now=now)
            if done is not None:
                return done
        reusable = reusable_download(approval_request)
        if reusable is not None:
            with transaction.atomic():
                licence = licence_create(
                    approval_request=approval_request, download=reusable, actor=actor, now=now, reused=True
                )
            return LicensingDone(licence=licence, reused_download=True)
        option = _chosen(order.product_id, product_options(getty.products(), approval_request.asset, now=now))
        notes, isbn = download_details(approval_request)
        project_code = _project_code(option, order.project_code, isbn)
        download = _record_intent(
            approval_request, option, notes=notes, project_code=project_code, actor=actor, now=now
        )
        try:
            result = getty.download_image(
                approval_request.asset.getty_id,
                product_id=option.product.id,
                product_type=option.product.type,
                notes=notes or None,
                project_code=project_code or None,
            )
        except GettyDownloadOutcomeUnknown as exc:
            _mark(download, Status.UNKNOWN, error=str(exc))
            # Look in Getty's history before anything else: it may show the download already.
            try:
                done = _settle(download, approval_request, getty, actor=actor, now=now)
            except GettyError as unread:
                # History unreadable now (the request's time budget spent, Getty down): the download
                # stays unknown and the next attempt reads the history first.
                raise LicensingPending(OUTCOME_PENDING) from unread
            if done is None:  # only when the settle window is zero: nothing was spent, say so
                raise LicensingRefused(exc.user_message) from exc
            return done
        except GettyError as exc:
            # Refused before Getty spent anything (limits, access, a bad parameter, credentials).
            _mark(download, Status.FAILED, error=str(exc))
            raise
        except BaseException as exc:
            # Not a Getty answer (a bug, the process told to stop): the download may have been spent.
            _mark(download, Status.UNKNOWN, error=f"{type(exc).__name__}: {exc}")
            raise
        return _complete(download, approval_request, actor=actor, now=now, uri=result.uri)
