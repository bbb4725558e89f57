"""The licence, its first usage and their events, made when a download completes.

Called inside the transaction that completes the download, so a completed download and its licence exist
together or not at all. The terms are prefilled for Legal to confirm:
- royalty-free: perpetual, the print-run cap of Getty's standard licence (RIGHTS_ROYALTY_FREE_PRINT_RUN_CAP),
  the request's territories and channels;
- rights-managed: the request's period (or else the agreement's expiry), print run, territories, channels;
- both: the products the request named (or all of the title's), the request's fee, Getty's credit line.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from approvals.models import ApprovalRequest
from integration.models import Product

from ..models import Download, Licence, LicenceEvent, Printing, Usage
from ..status import status_on
from .licence_writes import licence_created_writes
from .permission_write import permission_enqueue
from .replacements import replacement_supersede

Kind = LicenceEvent.Kind


def intended_products(approval_request: ApprovalRequest) -> list[Product]:
    """The products the request named, or all of the title's when it named none."""
    chosen = list(approval_request.products.all())
    if chosen:
        return chosen
    return list(Product.objects.filter(title_id=approval_request.title_id).order_by("publication_date", "id"))


def first_printing_date(
    approval_request: ApprovalRequest, products: list[Product], *, today: dt.date
) -> dt.date:
    """When the intended print run prints: the period's start, else the first publication date, else today."""
    if approval_request.period_start:
        return approval_request.period_start
    dates = [p.publication_date for p in products if p.publication_date]
    return min(dates) if dates else today


def _prefilled_terms(approval_request: ApprovalRequest, download: Download, *, today: dt.date) -> dict:
    asset = approval_request.asset
    terms = {
        "territories": list(approval_request.territories) or ["WORLD"],
        "channels": list(approval_request.channels),
        "fee": approval_request.fee,
        "fee_currency": approval_request.fee_currency,
        "credit_line": asset.credit_line,
        "valid_from": approval_request.period_start or download.completed_at.date(),
    }
    if asset.is_rights_managed:
        agreement_end = (
            timezone.localdate(download.product_expires_at) if download.product_expires_at else None
        )
        terms.update(
            perpetual=False,
            valid_until=approval_request.period_end or agreement_end,
            print_run_cap=approval_request.print_run,
        )
    else:
        terms.update(
            perpetual=True,
            valid_until=None,
            print_run_cap=settings.RIGHTS_ROYALTY_FREE_PRINT_RUN_CAP,
        )
    if terms["valid_until"] and terms["valid_from"] and terms["valid_until"] < terms["valid_from"]:
        terms["valid_from"] = None  # Legal sees and sets it; the record never claims an impossible term
    return terms


def licence_create(
    *, approval_request: ApprovalRequest, download: Download, actor, now: dt.datetime, reused: bool = False
) -> Licence:
    """The licence of `approval_request` on `download`, its first usage, events and permission write."""
    asset = approval_request.asset
    today = timezone.localdate(now)
    terms = _prefilled_terms(approval_request, download, today=today)
    licence = Licence.objects.create(
        request=approval_request,
        asset=asset,
        title_id=approval_request.title_id,
        download=download,
        license_model=asset.license_model,
        downloaded_at=download.getty_downloaded_at or download.completed_at,
        getty_product_id=download.product_id,
        getty_product_type=download.product_type,
        getty_product_name=download.product_name,
        agreement_name=download.agreement_name,
        product_expires_at=download.product_expires_at,
        allowed_use=asset.how_can_i_use_it,
        release_info=asset.release_info,
        restrictions=list(asset.usage_restrictions),
        getty_credit_line=asset.credit_line,
        status=status_on(
            current=Licence.Status.ACTIVE,
            valid_until=terms["valid_until"],
            perpetual=terms["perpetual"],
            today=today,
        ),
        licensed_by=actor,
        created_at=now,
        updated_at=now,
        **terms,
    )
    products = intended_products(approval_request)
    licence.products.set(products)
    LicenceEvent.objects.create(
        licence=licence,
        kind=Kind.LICENSED,
        actor=actor,
        reason=(
            f"Royalty-free: licensed by the download of {download.completed_at:%d %b %Y} for request "
            f"#{download.request_id}; no second download."
            if reused
            else f"Downloaded with {download.product_name or download.product_id}."
        ),
        details={
            "download": download.pk,
            "product_id": download.product_id,
            "product_type": download.product_type,
            "agreement": download.agreement_name,
            "reused": reused,
            "settled_from_history": bool(download.getty_record),
        },
        created_at=now,
    )
    usage_create_from_request(licence, approval_request, products=products, actor=actor, now=now)
    permission_enqueue(licence, now=now)
    licence_created_writes(licence, now=now)  # usage report; resource and to-do file if the file is stored
    # A replacement picture, once licensed, supersedes the licence it replaces (replacements.py).
    replacement_supersede(licence, actor=actor, now=now)
    return licence


def usage_create_from_request(
    licence: Licence, approval_request: ApprovalRequest, *, products: list[Product], actor, now: dt.datetime
) -> Usage:
    """The first usage: the request's intended use, with its print run as the first printing."""
    usage = Usage.objects.create(
        licence=licence,
        title_id=approval_request.title_id,
        placement=approval_request.placement,
        note=f"From the intended use of request #{approval_request.pk}.",
        created_by=actor,
        created_at=now,
    )
    usage.products.set(products)
    printing = None
    if approval_request.print_run:
        printing = Printing.objects.create(
            usage=usage,
            quantity=approval_request.print_run,
            printed_on=first_printing_date(approval_request, products, today=timezone.localdate(now)),
            note="First printing, from the intended use.",
            created_by=actor,
            created_at=now,
        )
    LicenceEvent.objects.create(
        licence=licence,
        kind=Kind.USAGE_RECORDED,
        actor=actor,
        reason="The request's intended use.",
        details={
            "usage": usage.pk,
            "placement": usage.placement,
            "products": [p.isbn13 for p in products],
            "printing": {"quantity": printing.quantity, "date": printing.printed_on.isoformat()}
            if printing
            else None,
        },
        created_at=now,
    )
    return usage
