"""Licences with the terms a test needs, written straight to the database (no Getty download).

Licensing itself is tested through the Getty sandbox (tests/rights/test_licensing.py); clearance and
expiry tests need many licences with exact terms, so they are made here the way `licence_create` leaves
them: an approved request, a completed download, the licence, its usage and printings.
"""

import datetime as dt
import itertools

from django.contrib.auth import get_user_model
from django.utils import timezone

from approvals.models import ApprovalRequest, Workflow
from integration.models import Asset, Product, Title
from rights.models import Download, Licence, Printing, Usage
from rights.status import status_on

from .assets import AssetFactory
from .titles import ProductFactory, TitleFactory

_fingerprints = itertools.count(1)


def book(*, published: dt.date = dt.date(2027, 3, 4), **title_fields) -> tuple[Title, dict[str, Product]]:
    """A title with a hardback and a paperback (for sale in GB and IE), an ebook and an audiobook
    (for sale worldwide), all published on `published` (4 March 2027)."""
    title = TitleFactory(**title_fields)
    products = {
        "hardback": ProductFactory(title=title, format_name="Hardback", onix_form_code="BB"),
        "paperback": ProductFactory(title=title, format_name="Paperback", onix_form_code="BC"),
        "ebook": ProductFactory(
            title=title,
            format_name="Ebook",
            onix_form_code="EA",
            kind="ElectronicBookProduct",
            for_sale_worldwide=True,
            for_sale_countries=[],
        ),
        "audio": ProductFactory(
            title=title,
            format_name="Audio download",
            onix_form_code="AJ",
            kind="ElectronicAudioProduct",
            for_sale_worldwide=True,
            for_sale_countries=[],
        ),
    }
    for product in products.values():
        product.publication_date = published
        product.save(update_fields=["publication_date"])
    return title, products


def _requester():
    user, _ = get_user_model().objects.get_or_create(
        username="licence-requester", defaults={"email": "requester@example.com"}
    )
    return user


def make_licence(
    *,
    title: Title,
    covered: list[Product] | None = None,
    used_in: list[Product] | None = None,
    asset: Asset | None = None,
    placement: str = "interior",
    territories=("GB", "IE"),
    channels=("print",),
    print_run_cap: int | None = None,
    printed: tuple[int, ...] = (),
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = dt.date(2030, 12, 31),
    perpetual: bool = False,
    confirmed: bool = True,
    status: str | None = None,
    usage_status: str = Usage.Status.ACTIVE,
    now: dt.datetime | None = None,
    **asset_fields,
) -> Licence:
    """A licence of a picture in `title`: `covered` products (default all of the title's), a usage in
    `used_in` (default the covered ones) at `placement`, and a printing per number in `printed`."""
    now = now or timezone.now()
    asset = asset or AssetFactory(**asset_fields)
    all_products = list(title.products.order_by("id"))
    covered = all_products if covered is None else covered
    used_in = covered if used_in is None else used_in
    request = ApprovalRequest.objects.create(
        asset=asset,
        workflow=Workflow.objects.get(is_default=True),
        requester=_requester(),
        status=ApprovalRequest.Status.APPROVED,
        title=title,
        placement=placement,
        channels=list(channels),
        territories=list(territories),
        use_fingerprint=f"test-{next(_fingerprints)}",
        submitted_at=now,
        updated_at=now,
        decided_at=now,
    )
    download = Download.objects.create(
        request=request,
        asset=asset,
        status=Download.Status.COMPLETED,
        started_at=now,
        completed_at=now,
        product_id="40101",
        product_type="premiumaccess",
        product_name="Premium Access - Picture Desk Publishing",
    )
    if perpetual:
        valid_until = None
    licence = Licence.objects.create(
        request=request,
        asset=asset,
        title=title,
        download=download,
        license_model=asset.license_model,
        downloaded_at=now,
        getty_product_id="40101",
        getty_product_type="premiumaccess",
        territories=list(territories),
        channels=list(channels),
        print_run_cap=print_run_cap,
        valid_from=valid_from,
        valid_until=valid_until,
        perpetual=perpetual,
        credit_line=asset.credit_line,
        status=status
        or status_on(
            current=Licence.Status.ACTIVE,
            valid_until=valid_until,
            perpetual=perpetual,
            today=timezone.localdate(now),
        ),
        legal_confirmed_at=now if confirmed else None,
        created_at=now,
        updated_at=now,
    )
    licence.products.set(covered)
    usage = Usage.objects.create(
        licence=licence, title=title, placement=placement, status=usage_status, created_at=now
    )
    usage.products.set(used_in)
    for quantity in printed:
        Printing.objects.create(
            usage=usage, quantity=quantity, printed_on=dt.date(2026, 1, 5), created_at=now
        )
    return licence
