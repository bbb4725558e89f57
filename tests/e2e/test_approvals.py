"""Shortlist to fully approved in the browser, signed in as each role in turn."""

import pytest
from django.core import mail

from accounts.roles import Role
from approvals.models import ApprovalRequest, Workflow
from tests.factories.approvals import shortlisted_asset

from .page_checks import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCAL_IMAGE = "/static/favicon.svg"  # no Getty sandbox in this test: previews come from our own host


def switch_to(page, sign_in, username):
    page.context.clear_cookies()
    return sign_in(username)


def test_editor_submits_two_legal_decides_production_approves_requester_sees_outcomes(
    page, sign_in, role_user
):
    role_user(Role.EDITORIAL, "edith")
    role_user(Role.LEGAL, "lena")
    role_user(Role.PRODUCTION, "pat")
    assert Workflow.objects.filter(is_default=True).exists()  # back after any earlier flush
    images = {"thumb_url": LOCAL_IMAGE, "comp_url": LOCAL_IMAGE, "preview_url": LOCAL_IMAGE}
    lighthouse, title = shortlisted_asset(**images)
    lighthouse.title = "Lighthouse at dusk"
    lighthouse.save(update_fields=["title"])
    harbour, _ = shortlisted_asset(title=title, **images)
    harbour.title = "Harbour in fog"
    harbour.save(update_fields=["title"])

    # Editorial submits both shortlisted pictures for the interior, UK and Ireland.
    sign_in("edith")
    page.goto(f"/approvals/titles/{title.pk}/submit/")
    page.get_by_label(f"Lighthouse at dusk ({lighthouse.getty_id})").check()
    page.get_by_label(f"Harbour in fog ({harbour.getty_id})").check()
    page.get_by_label("Placement").select_option("interior")
    page.get_by_label("Territories").fill("GB IE")
    page.get_by_role("button", name="Submit for approval").click()
    page.get_by_text("Submitted 2 pictures.").wait_for()
    check_page(page)
    assert page.locator("table.list tbody tr").count() == 2
    assert page.get_by_text("In review: Legal").count() == 2

    # Legal approves the lighthouse and asks for changes on the harbour.
    switch_to(page, sign_in, "lena")
    nav(page, "My queue")
    page.get_by_role("link", name=f"#{_request_of(lighthouse)} ", exact=False).first.click()
    page.get_by_label("Comment").fill("Licence and release are fine for interior use.")
    page.get_by_role("button", name="Approve").click()
    page.get_by_text("Approved: Legal step.").wait_for()
    check_page(page)
    nav(page, "My queue")
    page.get_by_role("link", name=f"#{_request_of(harbour)} ", exact=False).first.click()
    page.get_by_label("Comment").fill("Please choose a crop without the visible boat name.")
    page.get_by_role("button", name="Request changes").click()
    page.get_by_text("Changes requested; the requester has been told.").wait_for()
    check_page(page)

    # Production approves what reached it.
    switch_to(page, sign_in, "pat")
    nav(page, "My queue")
    assert page.locator("table.queue tbody tr").count() == 1
    page.get_by_role("link", name=f"#{_request_of(lighthouse)} ", exact=False).first.click()
    page.get_by_text("Resolution").first.wait_for()
    page.get_by_role("button", name="Approve").click()
    page.get_by_text("Approved: Production step.").wait_for()
    check_page(page)
    assert page.locator("h1 .badge-ok").inner_text() == "Approved"

    # The requester sees both outcomes and Legal's comment.
    switch_to(page, sign_in, "edith")
    nav(page, "My requests")
    rows = page.locator("table.list tbody")
    assert rows.get_by_text("Approved").count() == 1
    assert rows.get_by_text("Changes requested").count() == 1
    check_page(page)
    page.get_by_role("link", name="You: edit and resubmit").click()
    page.wait_for_url("**/edit/")
    check_page(page)
    page.get_by_role("link", name="request page").click()
    page.get_by_text("Please choose a crop without the visible boat name.").wait_for()
    check_page(page)
    assert page.locator(".notifications-link .badge").inner_text() == "2"

    sent = [(m.to[0], m.subject.split(":")[0]) for m in mail.outbox]
    assert ("lena@example.com", "Waiting for you") in sent
    assert ("pat@example.com", "Waiting for you") in sent
    assert ("edith@example.com", "Approved") in sent
    assert any(to == "edith@example.com" and s.startswith("Changes requested") for to, s in sent)
    assert len(sent) == len(set((m.to[0], m.subject) for m in mail.outbox))  # nothing sent twice
    assert page.console_errors == []


def _request_of(asset) -> int:
    return ApprovalRequest.objects.get(asset=asset).pk


def nav(page, label):
    page.get_by_label("Main").get_by_role("link", name=label).click()
    page.get_by_role("heading", name=label).wait_for()
    check_page(page)
