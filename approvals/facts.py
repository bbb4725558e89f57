"""What conditions and checks look at: the picture, the intended use, the title's products.

Built once from a request (with asset, title and products already loaded) so conditions and checks
stay pure functions of plain values and cost no queries.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .models.requests import WORLD, Channel, Placement

COMMERCIAL_PLACEMENTS = {Placement.FRONT_COVER, Placement.BACK_COVER, Placement.MARKETING}
COMMERCIAL_CHANNELS = {Channel.ADVERTISING, Channel.SOCIAL, Channel.POINT_OF_SALE}


@dataclass(frozen=True)
class ProductFacts:
    label: str
    height_cm: Decimal | None
    for_sale_worldwide: bool
    for_sale_countries: tuple[str, ...]
    not_for_sale_countries: tuple[str, ...]
    publication_date: date | None


@dataclass(frozen=True)
class UseFacts:
    getty_id: str
    is_rights_managed: bool
    is_editorial_use_only: bool
    license_model_label: str
    release_info: str
    usage_restrictions: tuple[str, ...]
    shows_people: bool
    max_width: int | None
    max_height: int | None
    withdrawn: bool
    placement: str
    channels: tuple[str, ...]
    territories: tuple[str, ...]
    fee: Decimal | None
    products: tuple[ProductFacts, ...]
    requester_group_names: frozenset[str] = frozenset()

    @property
    def is_world(self) -> bool:
        return not self.territories or WORLD in self.territories

    @property
    def is_commercial(self) -> bool:
        return self.placement in COMMERCIAL_PLACEMENTS or bool(COMMERCIAL_CHANNELS & set(self.channels))

    @property
    def is_released(self) -> bool:
        text = self.release_info.lower()
        return (
            bool(text)
            and "not released" not in text
            and ("released" in text or "no release required" in text)
        )


def products_of(approval_request) -> list:
    """The products the use covers: those chosen, or all the title's. Uses the selectors' prefetched
    lists when present."""
    chosen = getattr(approval_request, "chosen_products", None)
    if chosen is None:
        chosen = list(approval_request.products.all())
    if chosen:
        return chosen
    title = approval_request.title
    every = getattr(title, "all_products", None)
    return every if every is not None else list(title.products.all())


def facts_for(approval_request, *, products=None, requester_group_names=frozenset()) -> UseFacts:
    """Facts of a request; `products` defaults to the chosen ones, or all the title's when none."""
    asset = approval_request.asset
    if products is None:
        products = products_of(approval_request)
    return UseFacts(
        getty_id=asset.getty_id,
        is_rights_managed=asset.is_rights_managed,
        is_editorial_use_only=asset.is_editorial_use_only,
        license_model_label=asset.get_license_model_display(),
        release_info=asset.release_info or "",
        usage_restrictions=tuple(asset.usage_restrictions or ()),
        shows_people=bool(asset.people),
        max_width=asset.max_width,
        max_height=asset.max_height,
        withdrawn=asset.withdrawn_at is not None,
        placement=approval_request.placement,
        channels=tuple(approval_request.channels or ()),
        territories=tuple(approval_request.territories or ()),
        fee=approval_request.fee,
        products=tuple(
            ProductFacts(
                label=f"{p.format_name or p.onix_form_code} {p.isbn13}".strip(),
                height_cm=p.height_cm,
                for_sale_worldwide=p.for_sale_worldwide,
                for_sale_countries=tuple(p.for_sale_countries or ()),
                not_for_sale_countries=tuple(p.not_for_sale_countries or ()),
                publication_date=p.publication_date,
            )
            for p in products
        ),
        requester_group_names=frozenset(requester_group_names),
    )
