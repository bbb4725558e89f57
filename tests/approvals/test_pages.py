"""What people see and do on the approval pages."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from approvals.inputs import VERSION_MISSING
from approvals.models import ApprovalRequest
from approvals.services import step_approve, step_request_changes
from integration.title_page_sections import render_title_panels
from tests.factories.approvals import shortlisted_asset, submitted_request

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.force_login(user)
    return client


def test_legal_queue_lists_waiting_requests_overdue_first(client, people):
    fresh = submitted_request(requester=people.edith)
    late = submitted_request(requester=people.edith, now=timezone.now() - dt.timedelta(days=5))
    html = signed_in(client, people.lena).get(reverse("approvals:queue")).content.decode()
    assert html.index(f"#{late.pk} ") < html.index(f"#{fresh.pk} ")
    assert "Overdue" in html


def test_queue_filters_and_empty_states(client, people):
    req = submitted_request(requester=people.edith)
    c = signed_in(client, people.lena)
    covers = c.get(reverse("approvals:queue"), {"placement": "front_cover"}).content.decode()
    assert f"#{req.pk} " not in covers
    assert '<option value="front_cover" selected>' in covers  # the filter shows what was chosen
    legal_group = people.lena.groups.get()
    mine = c.get(reverse("approvals:queue"), {"group": legal_group.pk}).content.decode()
    assert f'<option value="{legal_group.pk}" selected>Legal</option>' in mine and f"#{req.pk} " in mine
    assert "Nothing matches these filters" in c.get(reverse("approvals:queue"), {"q": "zzz"}).content.decode()
    assert (
        "Nothing is waiting for you"
        in signed_in(client, people.pat).get(reverse("approvals:queue")).content.decode()
    )


def test_queue_filters_it_cannot_read_show_the_whole_queue_and_say_so(client, people):
    req = submitted_request(requester=people.edith)
    c = signed_in(client, people.lena)
    plain = c.get(reverse("approvals:queue")).content.decode()
    assert "could not be read" not in plain
    for nonsense in ({"group": "legal"}, {"group": "٣"}, {"placement": "billboard"}, {"q": "x" * 500}):
        response = c.get(reverse("approvals:queue"), nonsense)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Those filters could not be read, so the whole queue is shown" in html
        assert f"#{req.pk} " in html


def test_request_page_shows_use_licence_facts_checks_and_only_allowed_buttons(client, people):
    req = submitted_request(requester=people.edith, placement="front_cover", editorial=True)
    html = (
        signed_in(client, people.lena)
        .get(reverse("approvals:request-detail", args=[req.pk]))
        .content.decode()
    )
    assert "Front cover" in html and "Rights-managed" in html and "Editorial use only" in html
    assert "Editorial-use-only picture requested for cover" in html
    assert 'value="approve"' in html and 'value="reject"' in html
    html = (
        signed_in(client, people.pat).get(reverse("approvals:request-detail", args=[req.pk])).content.decode()
    )
    assert 'value="approve"' not in html and "Waiting for <strong>Legal</strong>" in html


def test_decision_from_the_page_moves_the_request_on(client, people):
    req = submitted_request(requester=people.edith)
    url = reverse("approvals:request-act", args=[req.pk])
    response = signed_in(client, people.lena).post(url, {"action": "approve", "version": req.version})
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.current_step.name == "Production"


def test_deciding_on_a_stale_page_says_who_decided_first(client, people):
    req = submitted_request(requester=people.edith)
    seen_version = req.version
    step_approve(approval_request=req, actor=people.luke)
    response = signed_in(client, people.lena).post(
        reverse("approvals:request-act", args=[req.pk]), {"action": "approve", "version": seen_version}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "This step was already decided by luke at" in html
    assert "Waiting for <strong>Production</strong>" in html  # the current state is shown


def test_refused_action_changes_nothing_and_is_not_a_500(client, people):
    req = submitted_request(requester=people.edith)
    response = signed_in(client, people.lena).post(
        reverse("approvals:request-act", args=[req.pk]),
        {"action": "reject", "version": req.version, "comment": ""},
    )
    assert response.status_code == 400 and "A comment is required to reject." in response.content.decode()
    response = signed_in(client, people.pat).post(
        reverse("approvals:request-act", args=[req.pk]), {"action": "approve", "version": req.version}
    )
    assert response.status_code == 403
    response = client.post(reverse("approvals:request-act", args=[req.pk]), {"action": "fly", "version": "x"})
    assert response.status_code == 400
    req.refresh_from_db()
    assert req.version == 1


def test_bulk_approve_reports_each_item(client, people):
    good = submitted_request(requester=people.edith)
    failing = submitted_request(requester=people.edith, placement="front_cover", editorial=True)
    response = signed_in(client, people.lena).post(
        reverse("approvals:bulk-approve"),
        {"pick": [f"{good.pk}:{good.version}", f"{failing.pk}:{failing.version}", "999999:1"]},
    )
    html = response.content.decode()
    assert "Approved (1)" in html and "Not approved (2)" in html
    assert "approving over them needs a comment" in html and "Request #999999 does not exist." in html
    good.refresh_from_db()
    failing.refresh_from_db()
    assert good.current_step.name == "Production" and failing.current_step.name == "Legal"


def test_submit_from_the_shortlist_then_my_requests_shows_where_it_stands(client, people):
    asset, title = shortlisted_asset()
    other, _ = shortlisted_asset(title=title)
    items = list(title.shortlist_items.values_list("pk", flat=True))
    c = signed_in(client, people.edith)
    response = c.post(
        reverse("approvals:submit", args=[title.pk]),
        {"items": items, "placement": "interior", "territories": "GB IE"},
    )
    assert response.status_code == 302
    assert ApprovalRequest.objects.filter(title=title).count() == 2
    html = c.get(reverse("approvals:my-requests")).content.decode()
    assert html.count("In review: Legal") == 2 and "Legal (Legal)" in html


def test_submit_form_shows_field_errors_and_creates_nothing(client, people):
    asset, title = shortlisted_asset()
    response = signed_in(client, people.edith).post(
        reverse("approvals:submit", args=[title.pk]),
        {
            "placement": "interior",
            "territories": "GB",
            "period_start": "2027-01-02",
            "period_end": "2026-01-01",
        },
    )
    assert response.status_code == 400  # the form is re-drawn with its field errors
    html = response.content.decode()
    assert "Choose at least one picture." in html and "The period ends before it starts." in html
    assert not ApprovalRequest.objects.exists()


def test_requester_edits_and_resubmits_after_changes_requested(client, people):
    req = submitted_request(requester=people.edith)
    step_request_changes(approval_request=req, actor=people.lena, comment="Interior only, GB only.")
    c = signed_in(client, people.edith)
    assert "You: edit and resubmit" in c.get(reverse("approvals:my-requests")).content.decode()
    response = c.post(
        reverse("approvals:request-edit", args=[req.pk]),
        {"placement": "interior", "territories": "GB", "version": req.version},
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == "in_review" and req.round == 2


def test_title_panel_lists_the_titles_requests(rf, people):
    req = submitted_request(requester=people.edith)
    request = rf.get("/")
    request.user = people.rita
    panels = {p["name"]: p["html"] for p in render_title_panels(request, req.title)}
    assert f"#{req.pk}" in panels["approvals"] and "In review: Legal" in panels["approvals"]
    assert "Submit shortlisted pictures" not in panels["approvals"]  # Rights cannot submit
    request.user = people.nobody
    assert "approvals" not in {p["name"] for p in render_title_panels(request, req.title)}


@pytest.mark.parametrize("version", [None, "", "x", "٣", "1_0", "0", "9999999999", "99999999999999999999"])
def test_resubmit_without_a_readable_version_is_a_400_asking_to_reload(client, people, version):
    req = submitted_request(requester=people.edith)
    step_request_changes(approval_request=req, actor=people.lena, comment="Crop.")
    data = {"placement": "interior", "territories": "GB"}
    if version is not None:
        data["version"] = version
    response = signed_in(client, people.edith).post(reverse("approvals:request-edit", args=[req.pk]), data)
    assert response.status_code == 400
    assert VERSION_MISSING in response.content.decode()
    req.refresh_from_db()
    assert req.status == "changes_requested" and req.round == 1


def test_submit_form_prefills_the_sales_territories_and_offers_the_titles_open_todos():
    from approvals.forms import SubmitForm
    from tests.factories.titles import ProductFactory, TitleFactory

    title = TitleFactory(
        todos=[
            {"id": 7, "title": "Jacket brief", "kind": "JACKET", "done": False},
            {"id": 8, "title": "Final manuscript", "kind": "MANUSCRIPT", "done": True},
        ]
    )
    ProductFactory(title=title, for_sale_countries=["GB", "IE"], for_sale_worldwide=False)
    ProductFactory(title=title, for_sale_countries=["AU"], for_sale_worldwide=False)
    form = SubmitForm(title=title)
    assert form.fields["territories"].initial == "AU GB IE"
    assert form.fields["consonance_todo_id"].choices == [("", "None"), ("7", "Jacket brief (Jacket)")]
    ProductFactory(title=title, for_sale_worldwide=True)
    assert SubmitForm(title=title).fields["territories"].initial == "WORLD"
