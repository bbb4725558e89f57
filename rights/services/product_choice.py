"""Which of our Getty products can pay for a picture now, and why the others cannot.

Getty refuses a download with an exhausted or expired product only after the call; asking first gives
Production a clear reason on the page and spends nothing. The products are read fresh from Getty each
time (downloads remaining change with every download anyone makes).
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import formats

from integration.getty.types import GettyProduct
from integration.models import Asset


@dataclass(frozen=True)
class ProductOption:
    product: GettyProduct
    refusal: str = ""  # empty when the product can pay for the picture now

    @property
    def usable(self) -> bool:
        return not self.refusal

    @property
    def id(self) -> str:
        return self.product.id

    @property
    def downloads_left(self) -> str:
        """ "12 of 100", "3", or "no limit", for the page."""
        p = self.product
        if p.download_limit is None and p.downloads_remaining is None:
            return "no limit"
        if p.download_limit is None:
            return f"{p.downloads_remaining:,}"
        return f"{p.downloads_remaining or 0:,} of {p.download_limit:,}"


def _when(moment: dt.datetime | None) -> str:
    return formats.date_format(moment, "j M Y") if moment else ""


def refusal_of(product: GettyProduct, asset: Asset, *, now: dt.datetime) -> str:
    if product.status and not product.is_active:
        return "This agreement is not active."
    if product.expires_at is not None and product.expires_at <= now:
        return f"This agreement expired on {_when(product.expires_at)}."
    if product.download_limit is not None and (product.downloads_remaining or 0) <= 0:
        resets = product.download_limit_resets_at
        again = f" More on {_when(resets)}." if resets and resets > now else ""
        return f"No downloads left (0 of {product.download_limit:,}).{again}"
    if asset.product_types and product.type and product.type not in asset.product_types:
        offered = ", ".join(asset.product_types)
        return f"Getty does not offer this picture with {product.type} products (only {offered})."
    return ""


def product_options(products: list[GettyProduct], asset: Asset, *, now: dt.datetime) -> list[ProductOption]:
    """Every product, usable ones first, each with why it cannot pay when it cannot."""
    options = [ProductOption(p, refusal_of(p, asset, now=now)) for p in products]
    return sorted(options, key=lambda o: (not o.usable, o.product.name.lower(), o.product.id))
