"""The request page, the API, bulk approve and the admin act through one entry point: the same
version rules and the same refusals, in the same words, whichever door a person used."""

import pytest
from django.urls import reverse

from approvals import errors
from approvals.forms import PICK_UNREADABLE
from approvals.inputs import VERSION_MISSING
from approvals.services import IntendedUse, request_act, step_approve, step_request_changes
from tests.factories.approvals import submitted_request

pytestmark = pytest.mark.django_db

REFUSED = errors.NOT_ALLOWED.format(action="approve")  # Production deciding Legal's step


def api_post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_every_door_refuses_an_approval_in_the_same_words(client, admin_client, people):
    req = submitted_request(requester=people.edith)
    with pytest.raises(errors.NotAllowed, match=REFUSED):
        request_act(approval_request=req, actor=people.pat, action="approve", version=req.version)

    client.force_login(people.pat)
    act = reverse("approvals:request-act", args=[req.pk])
    page = client.post(act, {"action": "approve", "version": 1}, follow=True)
    assert page.redirect_chain == [(reverse("approvals:request-detail", args=[req.pk]), 303)]
    assert REFUSED in page.content.decode()
    api = api_post(client, reverse("approvals-api:request-action", args=[req.pk, "approve"]), {"version": 1})
    assert api.status_code == 403 and api.json() == {"detail": REFUSED}
    bulk_page = client.post(reverse("approvals:bulk-approve"), {"pick": [f"{req.pk}:1"]})
    assert f"{REFUSED}" in bulk_page.content.decode()
    bulk_api = api_post(
        client, reverse("approvals-api:bulk-approve"), {"requests": [{"id": req.pk, "version": 1}]}
    )
    assert bulk_api.json()["results"][0]["message"] == REFUSED

    # The superuser is in no group, so the admin refuses it the Legal step like anyone else.
    admin = admin_client.post(
        reverse("admin:approvals_approvalrequest_changelist"),
        {"action": "approve_current_step", "_selected_action": [req.pk]},
        follow=True,
    )
    assert f"#{req.pk}: {REFUSED}" in admin.content.decode()
    req.refresh_from_db()
    assert req.version == 1 and req.current_step.name == "Legal"


def test_a_legal_member_approves_from_the_admin_as_from_the_page(client, people):
    req = submitted_request(requester=people.edith)
    people.lena.is_staff = True
    people.lena.save(update_fields=["is_staff"])
    client.force_login(people.lena)
    response = client.post(
        reverse("admin:approvals_approvalrequest_changelist"),
        {"action": "approve_current_step", "_selected_action": [req.pk]},
        follow=True,
    )
    assert f"#{req.pk}: Approved: Legal step." in response.content.decode()
    req.refresh_from_db()
    assert req.current_step.name == "Production"


@pytest.mark.parametrize("action", ["approve", "reject", "withdraw"])
def test_a_decision_without_a_version_is_a_400_field_error_in_the_api(client, people, action):
    req = submitted_request(requester=people.edith)
    client.force_login(people.edith if action == "withdraw" else people.lena)
    url = reverse("approvals-api:request-action", args=[req.pk, action])
    for sent in ({"comment": "No."}, {"comment": "No.", "version": None}, {"comment": "No.", "version": "٣"}):
        response = api_post(client, url, sent)
        assert response.status_code == 400 and "version" in response.json(), sent
    req.refresh_from_db()
    assert req.version == 1


def test_a_resubmit_without_a_version_is_a_400_and_a_stale_one_a_409(client, people):
    req = submitted_request(requester=people.edith)
    step_request_changes(approval_request=req, actor=people.lena, comment="Crop.")
    url = reverse("approvals-api:request-resubmit", args=[req.pk])
    use = {"placement": "interior", "territories": ["GB"]}
    client.force_login(people.edith)
    missing = client.put(url, use, content_type="application/json")
    assert missing.status_code == 400 and "version" in missing.json()
    stale = client.put(url, {**use, "version": 1}, content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["detail"].startswith("This step was already decided by lena at")
    req.refresh_from_db()
    assert (req.status, req.round) == ("changes_requested", 1)
    fresh = client.put(url, {**use, "version": req.version}, content_type="application/json")
    assert fresh.status_code == 200 and fresh.json()["round"] == 2


def test_a_stale_resubmit_from_the_page_is_a_409_naming_who_decided(client, people):
    req = submitted_request(requester=people.edith)
    step_request_changes(approval_request=req, actor=people.lena, comment="Crop.")
    client.force_login(people.edith)
    response = client.post(
        reverse("approvals:request-edit", args=[req.pk]),
        {"placement": "interior", "territories": "GB", "version": 1},
    )
    assert response.status_code == 409
    assert "This step was already decided by lena at" in response.content.decode()
    req.refresh_from_db()
    assert req.round == 1


def test_a_decision_from_the_page_without_a_version_asks_to_reload(client, people):
    req = submitted_request(requester=people.edith)
    client.force_login(people.lena)
    response = client.post(
        reverse("approvals:request-act", args=[req.pk]), {"action": "approve"}, follow=True
    )
    assert response.redirect_chain[0][1] == 303 and VERSION_MISSING in response.content.decode()
    req.refresh_from_db()
    assert req.version == 1


def test_bulk_approve_needs_the_version_of_every_ticked_request(client, people):
    req = submitted_request(requester=people.edith)
    client.force_login(people.lena)
    page = client.post(reverse("approvals:bulk-approve"), {"pick": [str(req.pk)]})
    assert page.status_code == 400 and PICK_UNREADABLE in page.content.decode()
    api = api_post(client, reverse("approvals-api:bulk-approve"), {"requests": [{"id": req.pk}]})
    assert api.status_code == 400 and "version" in api.json()["requests"][0]
    req.refresh_from_db()
    assert req.version == 1


def test_bulk_approve_on_a_stale_queue_says_who_decided_first(client, people):
    req = submitted_request(requester=people.edith)
    step_approve(approval_request=req, actor=people.luke, expected_version=1)
    client.force_login(people.lena)
    response = client.post(reverse("approvals:bulk-approve"), {"pick": [f"{req.pk}:1"]})
    assert "This step was already decided by luke at" in response.content.decode()


def test_resubmit_through_the_action_layer_needs_the_edited_use(people):
    req = submitted_request(requester=people.edith)
    step_request_changes(approval_request=req, actor=people.lena, comment="Crop.")
    req.refresh_from_db()
    with pytest.raises(errors.ApprovalError, match=errors.USE_MISSING):
        request_act(approval_request=req, actor=people.edith, action="resubmit", version=req.version)
    use = IntendedUse(title=req.title, placement="interior", territories=("GB",))
    done = request_act(
        approval_request=req, actor=people.edith, action="resubmit", version=req.version, use=use
    )
    assert done.message == "Resubmitted: the workflow starts again." and done.approval_request.round == 2
