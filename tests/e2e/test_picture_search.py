"""An editor goes from a title to a shortlist in the browser, against the Getty sandbox on a live port."""

from pathlib import Path

import pytest
from django.core.cache import cache

from tests.factories.titles import ProductFactory, TitleFactory

from .page_checks import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_editor_finds_pictures_opens_one_shortlists_it_and_sees_it_on_the_title_page(
    page, sign_in, editor, getty
):
    cache.clear()
    title = TitleFactory(
        title="The Lighthouse at Kell",
        keywords=["lighthouse"],
        subjects=[{"scheme": "BISAC", "code": "FIC019000", "description": "FICTION / Literary"}],
    )
    ProductFactory(title=title, height_cm=23.4, format_name="Hardback")

    sign_in("edith")
    page.goto(f"/titles/{title.pk}/")
    page.get_by_role("link", name="Find pictures").click()
    page.wait_for_url(f"**/titles/{title.pk}/pictures/")
    check_page(page)

    # Prefilled from the title: the words, the placement and what a cover needs.
    assert page.get_by_label("Search words").input_value() == "lighthouse"
    assert page.get_by_label("Picture for").input_value() == "front_cover"
    assert page.get_by_label("Vertical", exact=True).is_checked()
    assert "Needs 2764 px tall" in page.locator("#print-need").inner_text()

    page.get_by_role("button", name="Search Getty").click()
    cards = page.locator(".picture-card")
    cards.first.wait_for()
    assert cards.count() == 30
    assert "pictures for “lighthouse”" in page.locator("#results-heading").inner_text()
    # The comps load from the sandbox's origin under our Content-Security-Policy.
    page.wait_for_function(
        "() => [...document.querySelectorAll('.picture-card img')].slice(0, 4)"
        ".every(i => i.complete && i.naturalWidth > 0)"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "picture-search-grid.png"), full_page=False)

    first = cards.first
    getty_id = first.get_attribute("data-getty-id")
    first.locator("a.picture-thumb").click()
    panel = page.locator(f"#asset-{getty_id}")
    panel.wait_for()
    assert "Licence model" in panel.inner_text() and "Prints up to" in panel.inner_text()
    assert panel.is_visible()
    panel.locator(".asset-preview img").evaluate("img => img.decode()")  # the watermarked preview loaded
    panel.screenshot(path=str(ARTIFACTS / "picture-search-asset-panel.png"))
    check_page(page)  # results and the open panel

    # A keyword becomes a visual theme of the title with one press.
    keyword = panel.locator(".keyword-list button.keyword").first
    keyword_text = keyword.inner_text().lstrip("+ ").strip()
    keyword.click()
    page.get_by_text(f"“{keyword_text}” added as a visual theme.").wait_for()

    panel.get_by_label("Shortlist note").fill("Moody enough for the hardback")
    panel.get_by_role("button", name="Add to shortlist").click()
    page.locator(f"#shortlist .shortlist-item[data-getty-id='{getty_id}']").wait_for()
    assert "Moody enough for the hardback" in page.locator("#shortlist").inner_text()

    page.goto(f"/titles/{title.pk}/")
    item = page.locator(f"#shortlist .shortlist-item[data-getty-id='{getty_id}']")
    item.wait_for()
    assert "Moody enough for the hardback" in item.inner_text()
    assert keyword_text in page.locator("#visual-themes .theme-list").inner_text()
    page.locator(".title-panels").screenshot(path=str(ARTIFACTS / "title-page-pictures.png"))
    assert page.console_errors == []  # no CSP violations, no broken images
