"""Every page of every demo role, in Chromium: each must fit a phone and pass axe (see page_checks.py).

The `page` fixture does the checking; this test only makes sure every page is shown to every role: the
header's own links (so a page added to the navigation is visited without touching this file) and the pages
reached from them: a title, its picture search and a picture, the submit form, a request, notifications and
"My roles". Django's admin and Swagger UI on /api/docs/ are not our markup: they are checked for phone width
only (page_checks.AXE_EXCLUDED_PREFIXES).
"""

import pytest
from django.core.cache import cache
from django.core.management import call_command

from accounts.demo import DEMO_USERS
from approvals.models.requests import Placement
from tests.factories.approvals import shortlisted_asset, submitted_request

from .page_checks import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCAL_IMAGE = "/static/favicon.svg"
IMAGES = {"thumb_url": LOCAL_IMAGE, "comp_url": LOCAL_IMAGE, "preview_url": LOCAL_IMAGE}
SOURCING_ROLES = {"Editorial", "Marketing"}
SEARCHING_ROLES = SOURCING_ROLES | {"Production"}


@pytest.fixture
def demo_desk(settings, django_user_model):
    """The demo staff, a title with two shortlisted pictures and one request waiting for Legal."""
    settings.DEMO_DATA_ALLOWED = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    editor = django_user_model.objects.get(username="editor")
    asset, title = shortlisted_asset(**IMAGES)
    title.title, title.keywords = "The Lighthouse at Kell", ["lighthouse"]
    title.save(update_fields=["title", "keywords"])
    shortlisted_asset(title=title, **IMAGES)
    approval_request = submitted_request(
        requester=editor, title=title, placement=Placement.INTERIOR, territories=("GB", "IE"), **IMAGES
    )
    return title, approval_request


def _header_links(page) -> list[str]:
    links = page.locator(".site-header nav a, .site-header .notifications-link")
    return [links.nth(n).get_attribute("href") for n in range(links.count())]


@pytest.mark.parametrize("demo", DEMO_USERS, ids=lambda demo: demo.username)
def test_every_page_of_each_role_fits_a_phone_and_passes_axe(page, demo, demo_desk, getty):
    cache.clear()
    title, approval_request = demo_desk
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(demo.username)
    page.get_by_label("Password").fill(demo.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    check_page(page)  # home

    visited = []
    for href in _header_links(page):
        page.goto(href)
        visited.append(href)
    assert "/titles/" in visited and "/titles/sync/" in visited

    page.goto("/accounts/me/")
    page.goto(f"/titles/{title.pk}/")
    page.get_by_role("heading", name="Products").wait_for()
    page.goto(f"/approvals/requests/{approval_request.pk}/")
    page.goto("/approvals/notifications/")

    role = str(demo.role) if demo.role else "Admin"
    if role in SEARCHING_ROLES or demo.is_staff:
        page.goto(f"/titles/{title.pk}/pictures/")
        page.get_by_role("button", name="Search Getty").click()
        cards = page.locator(".picture-card")
        cards.first.wait_for()
        check_page(page)  # with results
        getty_id = cards.first.get_attribute("data-getty-id")
        page.goto(f"/titles/{title.pk}/pictures/{getty_id}/")
        page.get_by_text("Licence model").first.wait_for()
    if role in SOURCING_ROLES or demo.is_staff:
        page.goto(f"/approvals/titles/{title.pk}/submit/")
        page.get_by_role("button", name="Submit for approval").wait_for()
