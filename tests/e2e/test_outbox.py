"""A dead write to Consonance in the browser: Production retries it from the title page, and an admin
watches the sync health page (menu badge, figures, Reconcile now) against the Consonance sandbox."""

import pytest

from accounts.roles import Role
from integration.models import OutboxMessage, ReconciliationRun
from tests.factories.outbox import outbox_row, permission_payload
from tests.factories.titles import TitleFactory

from .page_checks import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_production_retries_a_dead_write_and_an_admin_sees_sync_health_clear(
    page, sign_in, role_user, django_user_model, consonance
):
    role_user(Role.PRODUCTION, "pat")
    django_user_model.objects.create_superuser("ada", "ada@example.com", "pw-for-tests-123")
    title = TitleFactory(title="The Salt Road", consonance_id=1002)
    payload = permission_payload()
    dead = outbox_row(
        status=OutboxMessage.Status.DEAD,
        title=title,
        payload=payload,
        label="Permission GRANTED",
        attempts=12,
        last_error="Gave up after 12 attempts. Last error: Consonance answered HTTP 503.",
    )

    # The admin's menu warns that a write gave up; the health page says which.
    sign_in("ada")
    page.locator(".site-nav").get_by_role("link", name="Sync health 1 dead").click()
    page.get_by_role("heading", name="Sync health").wait_for()
    check_page(page)
    assert "Gave up after 12 attempts" in page.locator("table.outbox").inner_text()

    # Production fixes nothing but the outage, and retries from the title page.
    page.context.clear_cookies()
    sign_in("pat")
    page.goto(f"/titles/{title.pk}/")
    panel = page.locator("#consonance-writes")
    assert "[extension]" in panel.inner_text()
    panel.get_by_role("button", name="Retry picture permission: Permission GRANTED").click()
    page.get_by_text("Sent again: “Permission GRANTED” is queued for delivery to Consonance.").wait_for()
    check_page(page)
    assert panel.locator(".badge").first.inner_text() == "Sent"
    assert panel.get_by_role("button", name="Retry", exact=False).count() == 0
    [written] = consonance.app.picture_permissions()
    assert (written["externalRef"], written["status"]) == (payload["externalRef"], "GRANTED")
    dead.refresh_from_db()
    assert dead.status == OutboxMessage.Status.SENT

    # Someone deletes it in Consonance; the admin's "Reconcile now" finds it and writes it again.
    state = consonance.app.state
    with state.lock:
        del state.permissions[state.permission_ids_by_ref.pop(payload["externalRef"])]
    page.context.clear_cookies()
    sign_in("ada")
    menu = page.locator(".site-nav")
    assert menu.get_by_role("link", name="Sync health", exact=True).count() == 1  # no badge now
    menu.get_by_role("link", name="Sync health").click()
    page.get_by_text("No write has given up.").wait_for()
    page.get_by_role("button", name="Reconcile now").click()
    page.get_by_text("Reconciliation queued").wait_for()
    check_page(page)
    assert "Missing in Consonance" in page.locator("table.reconciliation-differences").inner_text()
    run = ReconciliationRun.objects.get()
    assert (run.status, run.differences_count, run.requeued, run.started_by) == ("succeeded", 1, 1, "ada")
    assert [p["externalRef"] for p in consonance.app.picture_permissions()] == [payload["externalRef"]]
