"""An editor finds a title in the browser and reads its products; the API docs load from our own server."""

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.factories.titles import ProductFactory, TitleFactory

from .page_checks import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def catalogue():
    imprints = ["Harbour Books", "Quay Press", "Lantern House"]
    contributors = ["Ada Marsh", "Ben Okafor", "Clara Finch", "Dev Patel and Ellen Shaw"]
    for n in range(40):
        title = TitleFactory(
            title=f"{['The Salt Road', 'Winter Orchard', 'Glasshouse', 'Cold Harbour'][n % 4]} {n + 1}",
            subtitle="A Novel" if n % 3 == 0 else "",
            contributors=contributors[n % 4],
            imprint_name=imprints[n % 3],
            first_publication_date=dt.date(2024, 1, 15) + dt.timedelta(days=47 * n),
        )
        ProductFactory(title=title, publication_date=title.first_publication_date)
        if n % 2 == 0:
            ProductFactory(
                title=title,
                onix_form_code="DG",
                format_name="Ebook",
                kind="ElectronicBookProduct",
                for_sale_worldwide=True,
                height_cm=None,
                page_count=None,
                publication_date=title.first_publication_date,
            )
    lighthouse = TitleFactory(
        title="The Lighthouse at Kell",
        subtitle="Stories from the North Sea",
        contributors="Maren Holt",
        imprint_name="Quay Press",
        work_type="Short stories",
        edition_number=1,
        first_publication_date=dt.date(2026, 9, 3),
        series=[{"partNumber": 2, "series": {"id": 4, "name": "Northern Shores"}}],
        supporting_resources=[
            {
                "id": 11,
                "url": "https://example.com/kell-front.jpg",
                "caption": "Front cover, first proof",
                "resourceVariant": "FRONT_COVER",
                "status": "DRAFT",
            }
        ],
        todos=[
            {"id": 3, "title": "Commission jacket image", "kind": "JACKET", "due_date": "2026-05-01"},
            {
                "id": 4,
                "title": "Copy-edit manuscript",
                "kind": "MANUSCRIPT",
                "due_date": "2026-02-01",
                "done": True,
            },
        ],
    )
    ProductFactory(
        title=lighthouse,
        isbn13="9781780001233",
        format_name="Hardback",
        onix_form_code="BB",
        publication_date=dt.date(2026, 9, 3),
        for_sale_countries=["GB", "IE", "AU", "NZ"],
        not_for_sale_countries=["US", "CA"],
        height_cm=21.6,
        page_count=288,
    )
    ProductFactory(
        title=lighthouse,
        isbn13="9781780001240",
        format_name="Paperback",
        onix_form_code="BC",
        publication_date=dt.date(2027, 5, 6),
        for_sale_worldwide=True,
        height_cm=19.8,
        page_count=304,
        publishing_status="02",
    )
    return lighthouse


def _foreign_requests(page, live_server) -> list[str]:
    own = urlparse(live_server.url).netloc
    foreign: list[str] = []

    def note(request):
        if urlparse(request.url).netloc != own:
            foreign.append(request.url)

    page.on("request", note)
    return foreign


def test_editor_filters_the_titles_and_opens_one(page, sign_in, editor, catalogue, live_server):
    ARTIFACTS.mkdir(exist_ok=True)
    foreign = _foreign_requests(page, live_server)
    sign_in("edith")
    page.get_by_role("link", name="Titles").first.click()
    page.get_by_role("heading", name="Titles").wait_for()
    check_page(page)
    assert "41 titles" in page.locator(".result-count").inner_text()
    page.screenshot(path=str(ARTIFACTS / "titles-list.png"), full_page=True)

    # Choosing an imprint updates the table in place (htmx) and the address bar keeps the filter.
    page.get_by_label("Imprint").select_option("Quay Press")
    page.wait_for_url(re.compile(r"/titles/\?imprint=Quay(\+|%20)Press$"))
    page.locator(".result-count", has_text="14 titles match").wait_for()
    page.get_by_label("Search").fill("lighthouse")
    page.locator(".result-count", has_text="1 title match").wait_for()
    assert "query=lighthouse" in page.url

    page.get_by_role("link", name="The Lighthouse at Kell").click()
    page.wait_for_url("**/titles/*/")
    page.get_by_role("heading", name="Products").wait_for()
    check_page(page)
    products = page.locator("table.products tbody tr")
    assert products.count() == 2
    assert "9781780001233" in products.nth(0).inner_text()
    assert "Worldwide" in products.nth(1).inner_text()
    assert "Not for sale in" in products.nth(0).inner_text()
    assert page.get_by_text("Commission jacket image").is_visible()
    assert page.get_by_text("Read-only: Consonance is the source of truth").is_visible()
    page.screenshot(path=str(ARTIFACTS / "title-detail.png"), full_page=True)

    # Back to the filtered list, as it was.
    page.go_back()
    page.locator(".result-count", has_text="1 title match").wait_for()

    assert page.console_errors == []
    assert foreign == []


def test_filters_work_without_javascript(chromium, live_server, editor, catalogue):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("edith")
    page.get_by_label("Password").fill("pw-for-tests-123")
    page.get_by_role("button", name="Sign in").click()
    page.goto("/titles/")
    page.get_by_label("Published from").fill("2026-09-01")
    page.get_by_label("Published to").fill("2026-09-30")
    page.get_by_role("button", name="Apply filters").click()
    assert "published_from=2026-09-01" in page.url
    assert "The Lighthouse at Kell" in page.locator("table.titles").inner_text()
    context.close()


def test_api_docs_load_from_our_server_without_csp_violations(page, sign_in, editor, catalogue, live_server):
    foreign = _foreign_requests(page, live_server)
    sign_in("edith")
    page.goto("/api/docs/")
    page.get_by_text("/api/titles/", exact=True).first.wait_for()
    page.screenshot(path=str(ARTIFACTS / "api-docs.png"))
    # Trying an endpoint from the page uses the signed-in session.
    page.get_by_text("/api/titles/", exact=True).first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    page.locator(".live-responses-table .response-col_status", has_text="200").wait_for()
    assert "The Lighthouse at Kell" in page.locator(".live-responses-table").inner_text()
    assert page.console_errors == []
    assert foreign == []
