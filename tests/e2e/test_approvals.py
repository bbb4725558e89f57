"""Shortlist to fully approved in the browser, signed in as each role in turn."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from rest_framework.authtoken.models import Token

from accounts.roles import Role
from approvals.models import ApprovalRequest, Workflow, WorkflowStep
from approvals.services import IntendedUse, request_submit
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


def test_a_refused_decision_and_a_new_token_leave_pages_that_reload_safely(page, sign_in, role_user):
    role_user(Role.EDITORIAL, "edith")
    role_user(Role.LEGAL, "lena")
    assert Workflow.objects.filter(is_default=True).exists()
    images = {"thumb_url": LOCAL_IMAGE, "comp_url": LOCAL_IMAGE, "preview_url": LOCAL_IMAGE}
    asset, title = shortlisted_asset(**images)
    edith = Group.objects.get(name="Editorial").user_set.get(username="edith")
    req = request_submit(asset=asset, use=IntendedUse(title=title, placement="interior"), requester=edith)

    # Legal asks for changes without saying which: refused, and the browser is on the request page.
    sign_in("lena")
    page.goto(f"/approvals/requests/{req.pk}/")
    page.get_by_role("button", name="Request changes").click()
    page.get_by_text("A comment is required to request changes.").wait_for()
    check_page(page)
    assert page.url.endswith(f"/approvals/requests/{req.pk}/")
    response = page.reload()
    assert response.status == 200
    assert page.get_by_text("A comment is required to request changes.").count() == 0
    req.refresh_from_db()
    assert req.status == "in_review"

    # A new API token is shown once; reloading neither shows it again nor makes another.
    page.goto("/accounts/me/")
    page.get_by_role("button", name="Create token").click()
    key = page.locator("#new-token").inner_text()
    check_page(page)
    assert page.url.split("#")[0].endswith("/accounts/me/")
    response = page.reload()
    assert response.status == 200
    assert page.locator("#new-token").count() == 0
    assert page.get_by_text("You have a token, created").count() == 1
    assert Token.objects.get(user__username="lena").key == key
    assert page.console_errors == []


def test_a_group_named_by_a_workflow_step_finds_its_queue_in_the_menu(page, sign_in, role_user):
    role_user(Role.RIGHTS, "rita")
    workflow = Workflow.objects.get(is_default=True)
    WorkflowStep.objects.create(
        workflow=workflow, position=9, name="Rights clearance", group=Group.objects.get(name="Rights")
    )
    sign_in("rita")
    page.goto("/approvals/mine/")
    nav(page, "My queue")
    page.wait_for_url("**/approvals/queue/")
    page.get_by_text("Nothing is waiting for you.").wait_for()
    assert page.console_errors == []
