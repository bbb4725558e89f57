"""Shortlisting from a card or the picture panel confirms it where the press was, and the sidebar follows."""

import pytest
from django.core.cache import cache

from tests.factories.titles import ProductFactory, TitleFactory

# The flush after each transactional test empties every table; approvals' post_migrate puts the roles,
# the default workflow and the schedules back, so no serialized rollback (it would add the roles twice).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_shortlisting_from_a_card_and_from_the_panel_says_so_in_place(page, sign_in, editor, getty):
    cache.clear()
    title = TitleFactory(title="The Lighthouse at Kell", keywords=["lighthouse"])
    ProductFactory(title=title, height_cm=23.4, format_name="Hardback")
    sign_in("edith")
    page.goto(f"/titles/{title.pk}/pictures/")
    page.get_by_role("button", name="Search Getty").click()
    cards = page.locator(".picture-card")
    cards.first.wait_for()

    # From a card: the card says "Shortlisted" at once, and the sidebar lists the picture.
    card = cards.nth(0)
    card_id = card.get_attribute("data-getty-id")
    card.get_by_placeholder("Note (optional)").fill("From the grid")
    card.get_by_role("button", name="Shortlist").click()
    card.locator("[role=status]").get_by_text("Shortlisted").wait_for()
    assert "to the shortlist" in card.locator("[role=status]").inner_text()
    assert card.locator("form.quick-shortlist").count() == 0
    page.locator(f"#shortlist .shortlist-item[data-getty-id='{card_id}']").wait_for()
    assert "From the grid" in page.locator("#shortlist").inner_text()

    # From the panel: the panel confirms where its button was, the picture's card and the sidebar follow.
    other = cards.nth(1)
    other_id = other.get_attribute("data-getty-id")
    other.locator("a.picture-thumb").click()
    panel = page.locator(f"#asset-{other_id}")
    panel.wait_for()
    panel.get_by_label("Shortlist note").fill("From the panel")
    panel.get_by_role("button", name="Add to shortlist").click()
    status = panel.locator("[role=status]").filter(has_text="to the shortlist")
    status.wait_for()
    assert "Shortlisted" in status.inner_text() and status.is_visible()
    other.get_by_text("Shortlisted").last.wait_for()
    assert other.locator("form.quick-shortlist").count() == 0
    page.locator(f"#shortlist .shortlist-item[data-getty-id='{other_id}']").wait_for()
    assert page.locator("#shortlist .shortlist-item").count() == 2
    assert page.console_errors == []
