import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_signs_in_and_sees_their_role_without_console_errors(page, sign_in, editor):
    sign_in("edith")
    page.get_by_text("edith").first.wait_for()
    assert "Editorial" in page.locator(".who-am-i summary").inner_text()
    assert page.console_errors == []  # no CSP violations, no missing assets
