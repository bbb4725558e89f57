"""An approved request for a real sandbox picture, the people who act on it, and a private media root."""

import pytest

from accounts.roles import Role
from approvals.models import ApprovalRequest
from approvals.services import IntendedUse, request_submit, step_approve
from integration.getty.client import GettyClient
from integration.services.assets import asset_upsert_from_getty
from tests.factories.assets import ShortlistItemFactory
from tests.factories.titles import ProductFactory, TitleFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Licensed files go to a folder of this test only."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def people(role_user):
    class People:
        edith = role_user(Role.EDITORIAL, "edith")
        lena = role_user(Role.LEGAL, "lena")
        pat = role_user(Role.PRODUCTION, "pat")
        paula = role_user(Role.PRODUCTION, "paula")
        rita = role_user(Role.RIGHTS, "rita")
        mary = role_user(Role.MARKETING, "mary")
        nobody = role_user(None, "nobody")

    return People


def sandbox_picture(getty, *, license_model="royaltyfree", family="creative", skip=0):
    """A sandbox catalogue picture Getty licenses with a premium access product (id as a string)."""
    found = [
        a
        for a in getty.app.catalogue
        if a.license_model == license_model
        and a.asset_family == family
        and "premiumaccess" in a.product_types
        and ("imagepack" in a.product_types or license_model != "royaltyfree")
        and "jpg" in a.file_types
    ]
    return found[skip].id


def cached_asset(getty_id: str):
    """The picture as Picture Desk caches it, read from the sandbox through the real client."""
    with GettyClient.from_settings() as client:
        return asset_upsert_from_getty(image=client.get_image(getty_id))


def approve_fully(approval_request: ApprovalRequest, people) -> ApprovalRequest:
    deciders = {"Editorial": people.edith, "Legal": people.lena, "Production": people.pat}
    while approval_request.status == ApprovalRequest.Status.IN_REVIEW:
        step = approval_request.current_step
        step_approve(approval_request=approval_request, actor=deciders[step.group.name], comment="Fine.")
        approval_request.refresh_from_db()
    assert approval_request.status == ApprovalRequest.Status.APPROVED
    return approval_request


@pytest.fixture
def make_approved(getty, people):
    """`make_approved(getty_id=None, print_run=...)`: an approved request (a new title: hardback, ebook)."""

    def make(getty_id=None, *, title=None, placement="interior", requester=None, **use):
        getty_id = getty_id or sandbox_picture(getty)
        asset = cached_asset(getty_id)
        if title is None:
            title = TitleFactory(title="The Lighthouse Keeper's Daughter")
            ProductFactory(title=title, isbn13="9781780000011", format_name="Hardback")
            ProductFactory(title=title, isbn13="9781780000028", format_name="Ebook", onix_form_code="EA")
        ShortlistItemFactory(title=title, asset=asset)
        request = request_submit(
            asset=asset,
            use=IntendedUse(title=title, placement=placement, **{"territories": ("GB", "IE"), **use}),
            requester=requester or people.mary,
        )
        return approve_fully(request, people)

    return make


@pytest.fixture
def approved(make_approved):
    return make_approved(print_run=3000, channels=("print",))


@pytest.fixture
def consonance_title(consonance):
    """A title mirrored from a Consonance sandbox work (so writes about it are accepted there)."""
    work = consonance.app.state.works[consonance.app.work_ids()[0]]
    title = TitleFactory(consonance_id=work["id"], title=work["title"])
    for product in work["products"]:
        isbn = (product.get("isbn") or {}).get("isbn13") or ""
        ProductFactory(title=title, consonance_id=product["id"], isbn13=isbn)
    return title
