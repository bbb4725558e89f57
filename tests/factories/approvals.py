"""Approval requests made the way users make them: through the submit service."""

from approvals.models.requests import Placement
from approvals.services import IntendedUse, request_submit

from .assets import AssetFactory, ShortlistItemFactory
from .titles import ProductFactory, TitleFactory


def shortlisted_asset(*, title=None, **asset_fields):
    """An asset on a title's shortlist; the title gets one hardback product when it is new."""
    if title is None:
        title = TitleFactory()
        ProductFactory(title=title)
    asset = AssetFactory(**asset_fields)
    ShortlistItemFactory(title=title, asset=asset)
    return asset, title


def submitted_request(
    *, requester, title=None, placement=Placement.INTERIOR, territories=("GB",), now=None, **asset_fields
):
    asset, title = shortlisted_asset(title=title, **asset_fields)
    use = IntendedUse(title=title, placement=placement, territories=tuple(territories))
    return request_submit(asset=asset, use=use, requester=requester, now=now)
