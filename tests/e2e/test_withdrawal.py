"""Getty withdraws a licensed picture (injected at the Getty sandbox): the withdrawal watch marks the
licence, Consonance (the sandbox) holds the permission WITHDRAWN, Rights sees it on the dashboard and the
licence page with the way to a replacement, and Marketing, told by a notification, chooses a similar
picture and submits it for approval with the old intended use. Every page at phone width and through axe."""

import pytest

from accounts.roles import Role
from approvals.services import IntendedUse, request_submit
from integration.services.asset_changes import asset_changes_poll
from rights.models import Licence, Replacement
from rights.services import LicenseOrder, picture_license
from tests.factories.assets import ShortlistItemFactory
from tests.factories.titles import ProductFactory, TitleFactory
from tests.rights.conftest import approve_fully, cached_asset, sandbox_picture

from .page_checks import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCAL_IMAGE = "/static/favicon.svg"


def test_an_injected_withdrawal_reaches_rights_consonance_and_a_replacement(
    page, sign_in, role_user, getty, consonance, settings
):
    settings.MEDIA_ROOT = settings.BASE_DIR / "var" / "test-media-e2e"

    class People:
        edith = role_user(Role.EDITORIAL, "edith")
        lena = role_user(Role.LEGAL, "lena")
        pat = role_user(Role.PRODUCTION, "pat")
        mary = role_user(Role.MARKETING, "mary")
        rita = role_user(Role.RIGHTS, "rita")

    work = consonance.app.state.works[consonance.app.work_ids()[0]]
    title = TitleFactory(consonance_id=work["id"], title=work["title"])
    for product in work["products"]:
        ProductFactory(
            title=title, consonance_id=product["id"], isbn13=(product.get("isbn") or {}).get("isbn13") or ""
        )
    asset = cached_asset(sandbox_picture(getty))
    asset.thumb_url = asset.comp_url = asset.preview_url = LOCAL_IMAGE
    asset.save()
    ShortlistItemFactory(title=title, asset=asset)
    approved = approve_fully(
        request_submit(
            asset=asset,
            use=IntendedUse(title=title, placement="interior", territories=("GB",), print_run=4000),
            requester=People.mary,
        ),
        People,
    )
    licence = picture_license(
        approval_request=approved, order=LicenseOrder("40101"), actor=People.pat
    ).licence
    ref = f"getty:{asset.getty_id}:{approved.pk}"
    state = consonance.app.state

    getty.app.announce_change(asset.getty_id, "Delete")
    summary = asset_changes_poll()

    assert (summary.sets_processed, summary.sets_confirmed) == (1, 1)
    assert state.permissions[state.permission_ids_by_ref[ref]]["status"] == "WITHDRAWN"
    licence.refresh_from_db()
    assert licence.status == Licence.Status.WITHDRAWN

    sign_in("rita")
    page.goto("/rights/")  # the dashboard lists the withdrawal, with the way to a replacement
    page.get_by_role("link", name=f"#{licence.pk} {title.full_title}").wait_for()
    assert page.get_by_role("link", name="Find a replacement").count() == 1
    page.goto(f"/rights/licences/{licence.pk}/")
    page.get_by_text("This picture needs replacing.").wait_for()
    page.get_by_text("Getty withdrew picture").wait_for()
    page.get_by_role("link", name="Find a replacement").click()
    page.get_by_role("heading", name="Find a replacement", exact=False).wait_for()
    check_page(page)

    page.context.clear_cookies()
    sign_in("mary")
    page.goto("/approvals/notifications/")
    page.get_by_role("link", name="Withdrawn by Getty", exact=False).first.click()
    page.get_by_role("heading", name="Find a replacement", exact=False).wait_for()
    check_page(page)
    page.locator(".picture-card").first.get_by_role("link", name="Choose").click()
    page.get_by_role("heading", name="Submit the replacement for approval").wait_for()
    check_page(page)
    assert page.get_by_label("Print run").input_value() == "4000"
    page.get_by_role("button", name="Submit for approval as the replacement").click()
    page.get_by_role("status").get_by_text("as the replacement of licence", exact=False).wait_for()
    check_page(page)

    replacement = Replacement.objects.get(licence=licence)
    assert replacement.request.print_run == 4000 and replacement.request.requester == People.mary
