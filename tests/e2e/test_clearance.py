"""Rights checks a reprint in the browser: no go for a clear reason with the way to fix it, go once the
terms cover it, and the printing recorded from the check; every page fits a phone and passes axe."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.roles import Role
from rights.models import Licence, Printing
from tests.factories.assets import AssetFactory
from tests.factories.rights import book, make_licence

from .page_checks import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCAL_IMAGE = "/static/favicon.svg"  # no Getty sandbox here: the thumbnails come from our own host


def test_rights_checks_a_reprint_fixes_the_terms_and_records_the_printing(page, sign_in, role_user):
    role_user(Role.RIGHTS, "rita")
    title, products = book(title="Salt and Stone")
    asset = AssetFactory(title="Harbour wall at low tide", thumb_url=LOCAL_IMAGE, comp_url=LOCAL_IMAGE)
    licence = make_licence(
        title=title, asset=asset, territories=("GB", "IE"), print_run_cap=10_000, printed=(6000,)
    )
    planned = timezone.localdate() + dt.timedelta(days=60)

    sign_in("rita")
    page.goto(f"/titles/{title.pk}/")
    page.get_by_role("link", name="Check clearance").click()
    check_page(page)
    page.get_by_label("Reprint", exact=True).check()
    page.get_by_label("Planned date").fill(planned.isoformat())
    page.get_by_label(f"Hardback {products['hardback'].isbn13}").check()
    page.get_by_label("Copies (a reprint)").fill("3000")
    page.get_by_label("Territories").fill("GB FR")
    page.get_by_role("button", name="Check clearance").click()
    page.get_by_text("Territory not covered: France (FR).").wait_for()
    check_page(page)
    assert page.get_by_text("No go").count() >= 1
    check_url = page.url

    # The fix: the licence page, where Legal or Rights extend the terms (done here behind the scenes).
    page.get_by_role("link", name="Renew or extend the terms").click()
    page.wait_for_url(f"**/rights/licences/{licence.pk}/")
    check_page(page)
    Licence.objects.filter(pk=licence.pk).update(territories=["WORLD"])

    page.goto(f"/rights/titles/{title.pk}/clearance/")
    page.get_by_label("Planned date").fill(planned.isoformat())
    page.get_by_label(f"Hardback {products['hardback'].isbn13}").check()
    page.get_by_label("Copies (a reprint)").fill("3000")
    page.get_by_label("Territories").fill("GB FR")
    page.get_by_role("button", name="Check clearance").click()
    page.get_by_text("The one licensed picture this touches is cleared.").wait_for()
    check_page(page)
    assert page.url != check_url

    page.get_by_role("button", name="Record this printing: 3000 copies").click()
    page.get_by_text("Printing recorded: 3,000 copies added to the usage of 1 picture.").wait_for()
    check_page(page)
    assert sorted(Printing.objects.filter(usage__licence=licence).values_list("quantity", flat=True)) == [
        3000,
        6000,
    ]

    # The phone and print views of the check leave the button out once recorded.
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    page.emulate_media(media="screen")
