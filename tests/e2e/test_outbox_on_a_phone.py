"""The Consonance panel and sync health on a phone: a write that gave up shows why, and its Retry button,
on screen; nothing hides past the right edge of a table that scrolls sideways, and axe finds no serious
fault at that width (check_page runs axe at desktop width only)."""

import pytest

from accounts.roles import Role
from integration.models import OutboxMessage
from tests.factories.outbox import outbox_row
from tests.factories.titles import TitleFactory

from .page_checks import PHONE, axe_problems, check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ERROR = "Gave up after 12 attempts. Last error: Consonance answered HTTP 503."


def on_screen(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]


def assert_readable_on_a_phone(page, row_id: int):
    page.set_viewport_size(PHONE)
    try:
        row = page.locator(f"#outbox-{row_id}")
        assert on_screen(page, row.locator(".badge")), "the state is past the right edge"
        assert on_screen(page, row.get_by_text(ERROR)), "the last error is past the right edge"
        assert on_screen(page, row.get_by_role("button", name="Retry", exact=False))
        attempts = row.locator('td[data-label="Attempts"]')
        assert attempts.inner_text() == "12"
        label = attempts.evaluate("td => getComputedStyle(td, '::before').content")
        assert label == '"Attempts: "'  # each value says what it is
        assert row.locator('td[data-label="Sent"]').is_hidden()  # and what is not known is left out
        assert axe_problems(page) == []
    finally:
        page.set_viewport_size({"width": 1366, "height": 900})


def test_a_dead_write_its_error_and_retry_are_on_a_phones_screen(page, sign_in, role_user, django_user_model):
    role_user(Role.PRODUCTION, "pat")
    django_user_model.objects.create_superuser("ada", "ada@example.com", "pw-for-tests-123")
    title = TitleFactory(title="The Salt Road", consonance_id=1002)
    dead = outbox_row(status=OutboxMessage.Status.DEAD, title=title, attempts=12, last_error=ERROR)
    outbox_row(status=OutboxMessage.Status.SENT, title=title, attempts=1)

    sign_in("pat")
    page.goto(f"/titles/{title.pk}/")
    assert_readable_on_a_phone(page, dead.pk)

    page.context.clear_cookies()
    sign_in("ada")
    page.goto("/titles/outbox/")
    check_page(page)
    assert_readable_on_a_phone(page, dead.pk)
    assert page.console_errors == []
