"""Browser tests: Debian's Chromium driven by Playwright.

Every page a test visits is also checked at phone width and with axe-core (see page_checks.py).

Without Chromium they are skipped with a reason; CI sets REQUIRE_BROWSER_TESTS=1, which turns the
skip into a failure so a missing browser can never pass unnoticed.
"""

import os
import shutil

import pytest

from .page_checks import check_page, install

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _chromium_path() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if os.path.exists(configured) else None
    for candidate in CHROMIUM_CANDIDATES:
        if os.path.exists(candidate):
            return candidate
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def chromium():
    path = _chromium_path()
    if path is None:
        reason = "Chromium is not installed (apt-get install chromium); browser tests need it."
        if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
            pytest.fail(f"REQUIRE_BROWSER_TESTS=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; Django must allow sync DB calls beside it.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    console_errors: list[str] = []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("response", lambda r: console_errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.console_errors = console_errors
    checks = install(page)
    yield page
    checks.check()  # the page the test ended on
    context.close()
    unchecked = checks.unchecked()
    assert not unchecked, f"pages shown but never checked (call check_page(page) there): {unchecked}"
    assert not checks.failures, "phone width or accessibility:\n" + "\n".join(checks.failures)


@pytest.fixture
def sign_in(page):
    """Sign in through the login form as a user made with `role_user`; returns the page."""

    def do(username: str, password: str = "pw-for-tests-123"):
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        check_page(page)
        return page

    return do
