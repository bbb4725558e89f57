"""The API calls the same services as the pages and says plainly why it refuses."""

import pytest
from django.urls import reverse

from approvals.models import ApprovalRequest
from tests.factories.approvals import shortlisted_asset, submitted_request

pytestmark = pytest.mark.django_db


def test_submit_then_decide_through_the_api(client, people):
    asset, title = shortlisted_asset()
    client.force_login(people.edith)
    response = client.post(
        reverse("approvals-api:requests"),
        {"asset": asset.getty_id, "title": title.pk, "placement": "interior", "territories": ["GB"]},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["waiting_for"]["step"] == "Legal" and body["actions"] == ["withdraw"]
    assert [s["status"] for s in body["steps"]] == ["skipped", "active", "pending"]
    assert any(c["name"] == "Resolution" for c in body["checks"])
    client.force_login(people.lena)
    queue = client.get(reverse("approvals-api:requests"), {"scope": "queue"}).json()["results"]
    assert [r["id"] for r in queue] == [body["id"]]
    response = client.post(
        reverse("approvals-api:request-action", args=[body["id"], "approve"]),
        {"version": body["version"]},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["waiting_for"]["step"] == "Production"


def test_stale_version_is_a_409_naming_who_decided(client, people):
    req = submitted_request(requester=people.edith)
    client.force_login(people.luke)
    url = reverse("approvals-api:request-action", args=[req.pk, "approve"])
    assert client.post(url, {"version": 1}, content_type="application/json").status_code == 200
    client.force_login(people.lena)
    response = client.post(url, {"version": 1}, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["detail"].startswith("This step was already decided by luke at")


def test_bad_input_is_a_400_with_field_errors(client, people):
    req = submitted_request(requester=people.edith)
    client.force_login(people.lena)
    response = client.post(
        reverse("approvals-api:request-action", args=[req.pk, "reject"]),
        {"version": req.version},
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["detail"] == "A comment is required to reject."
    response = client.post(
        reverse("approvals-api:requests"),
        {"asset": "x", "title": req.title_id, "placement": "moon"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "placement" in response.json()
    assert ApprovalRequest.objects.count() == 1


def test_bulk_approve_reports_each_item(client, people):
    ok = submitted_request(requester=people.edith)
    bad = submitted_request(requester=people.edith, placement="front_cover", editorial=True)
    client.force_login(people.lena)
    response = client.post(
        reverse("approvals-api:bulk-approve"),
        {"requests": [{"id": ok.pk, "version": ok.version}, {"id": bad.pk, "version": bad.version}]},
        content_type="application/json",
    )
    results = {r["id"]: r for r in response.json()["results"]}
    assert results[ok.pk]["approved"] and not results[bad.pk]["approved"]
    assert results[ok.pk]["message"] == "Approved: Legal step."
    assert "needs a comment" in results[bad.pk]["message"]


def test_anonymous_api_call_is_401(client):
    assert client.get(reverse("approvals-api:requests")).status_code == 401
