"""An approval written back to Consonance, seen in the browser on both sides.

Editorial submits a picture for a Consonance work with a to-do named; Legal and Production approve on
the request page. The request page's Consonance panel then shows the permission sent as GRANTED and the
to-do attachment sent, and the Consonance sandbox's own page shows what it holds: the same permission
(its externalRef, GRANTED, the approval history) and the picture on the to-do.

Deliveries happen inside the live server: each decision's transaction commits for real, its on-commit
callback queues the delivery, and django-q runs synchronously in tests, so the write reaches the sandbox
before the page that follows the decision is drawn. Nothing here calls the outbox by hand.
"""

import pytest

from accounts.roles import Role
from approvals.models import ApprovalRequest
from integration.models import OutboxMessage, Title
from integration.services.title_sync import title_sync_run
from tests.factories.approvals import shortlisted_asset

from .page_checks import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCAL_IMAGE = "/static/favicon.svg"  # no Getty sandbox in this test: previews come from our own host
JACKET_TODO = 70002  # "Jacket brief and cover image approved", on the sandbox's first work


def switch_to(page, sign_in, username):
    page.context.clear_cookies()
    return sign_in(username)


def approve(page, comment: str, step: str):
    page.get_by_label("Comment").fill(comment)
    page.get_by_role("button", name="Approve").click()
    page.get_by_text(f"Approved: {step} step.").wait_for()
    check_page(page)


def test_an_approval_reaches_consonance_and_both_sides_show_the_same_permission(
    page, sign_in, role_user, consonance
):
    role_user(Role.EDITORIAL, "edith", first_name="Edith", last_name="Editor")
    role_user(Role.LEGAL, "lena", first_name="Lena", last_name="Legal")
    role_user(Role.PRODUCTION, "pat", first_name="Pat", last_name="Production")
    # The title comes from Consonance as the title sync mirrors it, with its open to-dos.
    assert title_sync_run(full=True).status == "succeeded"
    state = consonance.app.state
    work = state.works[state.work_ids[0]]
    title = Title.objects.get(consonance_id=work["id"])
    images = {"thumb_url": LOCAL_IMAGE, "comp_url": LOCAL_IMAGE, "preview_url": LOCAL_IMAGE}
    asset, _ = shortlisted_asset(title=title, **images)
    asset.title = "Lighthouse at dusk"
    asset.save(update_fields=["title"])

    # Editorial submits it for the front cover, for the jacket to-do.
    sign_in("edith")
    page.goto(f"/approvals/titles/{title.pk}/submit/")
    page.get_by_label(f"Lighthouse at dusk ({asset.getty_id})").check()
    page.get_by_label("Placement").select_option("front_cover")
    page.get_by_label("Territories").fill("GB IE")
    page.get_by_label("Consonance to-do").select_option(
        label="Jacket brief and cover image approved (Jacket)"
    )
    page.get_by_role("button", name="Submit for approval").click()
    page.get_by_text("Submitted 1 picture.").wait_for()
    check_page(page)
    request = ApprovalRequest.objects.get(asset=asset)
    ref = f"getty:{asset.getty_id}:{request.pk}"
    [requested] = consonance.app.picture_permissions()  # delivered on the submission's commit
    assert (requested["externalRef"], requested["status"]) == (ref, "REQUESTED")

    # Legal, then Production, approve on the request page.
    switch_to(page, sign_in, "lena")
    page.goto(f"/approvals/requests/{request.pk}/")
    approve(page, "Royalty-free, release on file: fine for the cover.", "Legal")
    switch_to(page, sign_in, "pat")
    page.goto(f"/approvals/requests/{request.pk}/")
    approve(page, "Sharp enough for the trim size.", "Production")
    assert page.locator("h1 .badge-ok").inner_text() == "Approved"

    # The page after the last decision already shows both writes sent; the newest write of the
    # permission (one per decision, newest first) is the grant.
    panel = page.locator("#consonance-writes")
    permission_rows = panel.locator("tbody tr").filter(has_text="Picture permission")
    assert permission_rows.count() == 3  # submitted, Legal approved, Production approved
    permission_row = permission_rows.first
    assert "Permission GRANTED" in permission_row.inner_text()
    assert permission_row.locator(".badge").inner_text() == "Sent"
    attachment_row = panel.locator("tbody tr").filter(has_text="To-do attachment")
    assert f"Attached to to-do {JACKET_TODO}" in attachment_row.inner_text()
    assert attachment_row.locator(".badge").inner_text() == "Sent"
    assert panel.get_by_role("button", name="Retry", exact=False).count() == 0
    assert set(
        OutboxMessage.objects.filter(target=OutboxMessage.Target.CONSONANCE).values_list("status", flat=True)
    ) == {OutboxMessage.Status.SENT}

    # What Consonance holds: one permission, granted, with every decision in its history.
    [granted] = consonance.app.picture_permissions()
    assert (granted["externalRef"], granted["workId"], granted["status"]) == (ref, work["id"], "GRANTED")
    history = [(n["step"], n["decision"], n["by"], n["comment"]) for n in granted["approvalHistory"]]
    assert history[0] == ("Submission", "Submitted", "Edith Editor", None)
    assert history[-2:] == [
        ("Legal", "Approved", "Lena Legal", "Royalty-free, release on file: fine for the cover."),
        ("Production", "Approved", "Pat Production", "Sharp enough for the trim size."),
    ]
    [attachment] = consonance.app.todo_attachments()
    assert (attachment["todoId"], attachment["externalRef"]) == (JACKET_TODO, ref)
    # Three writes of the permission made one record, and the attachment one: nothing doubled.
    records = consonance.app.records_per_key()
    assert records["picturePermission"] == {ref: 1}
    assert records["todoAttachment"] == {f"{JACKET_TODO}:{ref}": 1}

    # The title page lists the same writes, each naming the request it came from.
    page.goto(f"/titles/{title.pk}/")
    title_panel = page.locator("#consonance-writes")
    granted_row = title_panel.locator("tbody tr").filter(has_text="Permission GRANTED")
    granted_row.get_by_role("link", name=f"Request #{request.pk}").click()
    page.wait_for_url(f"**/approvals/requests/{request.pk}/")
    check_page(page)
    # The request page names the to-do as Consonance does, not only by its number.
    assert (
        "Jacket brief and cover image approved (Jacket), no. 70002"
        in page.locator("dl.facts").first.inner_text()
    )

    # The sandbox's own page shows the same permission, its history and the to-do attachment.
    page.goto(consonance.url + "/")
    page.get_by_role("heading", name="Consonance sandbox").wait_for()
    permissions = page.locator("table.picture-permissions tbody tr")
    assert permissions.count() == 1
    row = permissions.first
    assert row.locator("td.external-ref").inner_text() == ref
    assert row.locator("td.status").inner_text() == "GRANTED"
    shown_history = row.locator("td.history li").all_inner_texts()
    assert len(shown_history) == len(history)
    assert shown_history[-1].startswith("Production: Approved by Pat Production")
    assert "Sharp enough for the trim size." in shown_history[-1]
    attachments = page.locator("table.to-do-attachments tbody tr")
    assert attachments.count() == 1
    assert attachments.first.locator("td.to-do").inner_text().startswith(str(JACKET_TODO))
    assert attachments.first.locator("td.external-ref").inner_text() == ref
    assert page.console_errors == []
