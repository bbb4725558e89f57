"""Production licenses an approved picture at the Getty sandbox; Legal confirms its terms; Consonance
(the sandbox) holds the permission GRANTED with them, and the licensed file as a supporting resource of
the work that the permission names."""

import pytest

from accounts.roles import Role
from rights.models import Licence
from tests.factories.assets import ShortlistItemFactory
from tests.factories.titles import ProductFactory, TitleFactory
from tests.rights.conftest import approve_fully, cached_asset, sandbox_picture

from .page_checks import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCAL_IMAGE = "/static/favicon.svg"


def switch_to(page, sign_in, username):
    page.context.clear_cookies()
    return sign_in(username)


def test_production_licenses_and_legal_confirms_the_terms(
    page, sign_in, role_user, getty, consonance, settings, live_server
):
    settings.MEDIA_ROOT = settings.BASE_DIR / "var" / "test-media-e2e"
    settings.SITE_URL = live_server.url  # Consonance fetches the licensed file from here

    class People:
        edith = role_user(Role.EDITORIAL, "edith")
        lena = role_user(Role.LEGAL, "lena")
        pat = role_user(Role.PRODUCTION, "pat")
        mary = role_user(Role.MARKETING, "mary")

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
    from approvals.services import IntendedUse, request_submit

    approved = approve_fully(
        request_submit(
            asset=asset,
            use=IntendedUse(title=title, placement="interior", territories=("GB",), print_run=4000),
            requester=People.mary,
        ),
        People,
    )

    sign_in("pat")
    page.goto(f"/approvals/requests/{approved.pk}/")
    page.get_by_role("link", name="License at Getty").click()
    page.get_by_role("heading", name="License at Getty", exact=False).wait_for()
    check_page(page)
    page.get_by_label("Premium Access - Picture Desk Publishing").check()
    page.get_by_role("button", name="License and download").click()
    page.get_by_role("status").get_by_text("Licensed at Getty with Premium Access").wait_for()
    page.get_by_role("status").get_by_text("The file is stored.").wait_for()
    check_page(page)
    licence = Licence.objects.get(request=approved)

    switch_to(page, sign_in, "lena")
    page.goto(f"/rights/licences/{licence.pk}/")
    page.get_by_role("link", name="Confirm terms").click()
    page.get_by_role("heading", name="Confirm the terms", exact=False).wait_for()
    check_page(page)
    page.get_by_label("Licence reference").fill("GI-PA-2026-0001")
    page.get_by_label("Print-run cap").fill("10000")
    page.get_by_role("button", name="Confirm terms").click()
    page.get_by_role("status").get_by_text("Terms confirmed.").wait_for()
    page.get_by_text("Confirmed by Legal", exact=True).wait_for()
    check_page(page)

    page.get_by_role("link", name="Rights").click()
    page.get_by_role("heading", name="Licences").wait_for()
    check_page(page)

    ref = f"getty:{asset.getty_id}:{approved.pk}"
    state = consonance.app.state
    permission = state.permissions[state.permission_ids_by_ref[ref]]
    assert (permission["status"], permission["licenceReference"], permission["printRunCap"]) == (
        "GRANTED",
        "GI-PA-2026-0001",
        10_000,
    )

    # The licensed file is a supporting resource of the work, and the permission names it.
    resource_ref = f"getty:{asset.getty_id}:{licence.pk}"
    [resource] = [
        r for r in consonance.app.written_supporting_resources() if r["externalRef"] == resource_ref
    ]
    assert (resource["status"], resource["resourceVariant"]) == ("APPROVED", "SAMPLE_CONTENT")
    assert permission["supportingResourceId"] == resource["id"]
    assert consonance.app.records_per_key()["supportingResource"] == {resource_ref: 1}

    # The sandbox's own page shows it; its link serves the stored file to someone not signed in.
    page.context.clear_cookies()
    page.goto(consonance.url + "/")
    page.get_by_role("heading", name="Consonance sandbox").wait_for()
    row = page.locator("table.supporting-resources tbody tr").filter(has_text=resource_ref)
    assert row.count() == 1 and row.locator("td.status").inner_text() == "APPROVED"
    licence.download.refresh_from_db()
    fetched = page.request.get(row.locator("td.url a").get_attribute("href"))
    assert fetched.status == 200 and fetched.headers["content-type"] == licence.download.content_type
    assert page.console_errors == []
