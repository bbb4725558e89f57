"""What people see and do on the approval pages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from approvals.inputs import VERSION_MISSING
from approvals.models import ApprovalRequest
from approvals.services import request_act, step_approve, step_reject, step_request_changes
from integration.title_page_sections import render_title_panels
from tests.factories.approvals import shortlisted_asset, submitted_request
from tests.factories.titles import ProductFactory

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
        reverse("approvals:request-act", args=[req.pk]),
        {"action": "approve", "version": seen_version},
        follow=True,
    )
    assert response.redirect_chain == [(reverse("approvals:request-detail", args=[req.pk]), 303)]
    html = response.content.decode()
    assert "This step was already decided by luke at" in html
    assert "Waiting for <strong>Production</strong>" in html  # the current state is shown


def test_refused_action_changes_nothing_and_is_not_a_500(client, people):
    req = submitted_request(requester=people.edith)
    act = reverse("approvals:request-act", args=[req.pk])
    response = signed_in(client, people.lena).post(
        act, {"action": "reject", "version": req.version, "comment": ""}, follow=True
    )
    assert response.redirect_chain[0][1] == 303
    assert "A comment is required to reject." in response.content.decode()
    response = signed_in(client, people.pat).post(
        act, {"action": "approve", "version": req.version}, follow=True
    )
    assert response.redirect_chain[0][1] == 303 and 'role="alert"' in response.content.decode()
    response = client.post(act, {"action": "fly", "version": "x"}, follow=True)
    assert response.redirect_chain[0][1] == 303 and "Choose an action." in response.content.decode()
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
    assert html.count("In review: Legal") == 2
    # The Legal step is decided by the Legal group: said once, not "Legal (Legal)".
    assert "Legal (Legal)" not in html and html.count("<td>Legal") == 2


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


def test_the_submit_form_starts_from_what_the_search_was_for(client, people, getty):
    asset, title = shortlisted_asset()
    paperback = ProductFactory(title=title, height_cm=Decimal("19.8"))
    ProductFactory(title=title, height_cm=Decimal("23.4"))
    c = signed_in(client, people.edith)
    search = reverse("integration:title-search", kwargs={"pk": title.pk})
    html = c.get(search, {"purpose": "front_cover", "product": paperback.pk}).content.decode()
    submit_url = reverse("approvals:submit", args=[title.pk])
    link = f"{submit_url}?purpose=front_cover&amp;product={paperback.pk}"
    assert link in html

    form = c.get(submit_url, {"purpose": "front_cover", "product": paperback.pk}).context["form"]
    assert form["placement"].value() == "front_cover"
    assert form["products"].value() == [paperback.pk]
    page = c.get(submit_url, {"purpose": "front_cover"}).content.decode()
    assert '<option value="front_cover" selected>Front cover</option>' in page
    # Anything else is the form's own default, not an error.
    assert c.get(submit_url, {"purpose": "poster", "product": "x"}).context["form"]["placement"].value() == (
        "interior"
    )


def test_a_refused_decision_lands_on_the_request_page_with_the_comment_kept_and_reloads_clean(client, people):
    req = submitted_request(requester=people.edith, placement="front_cover", editorial=True)
    c = signed_in(client, people.lena)
    act = reverse("approvals:request-act", args=[req.pk])
    detail = reverse("approvals:request-detail", args=[req.pk])
    response = c.post(act, {"action": "request_changes", "version": req.version, "comment": ""})
    assert response.status_code == 303 and response["Location"] == detail
    shown = c.get(detail)
    assert shown.status_code == 200 and "A comment is required to request changes." in shown.content.decode()
    # What was typed comes back in the box; a reload of the page is a plain GET without the error.
    c.post(act, {"action": "fly", "version": req.version, "comment": "Nearly there"})
    assert ">Nearly there</textarea>" in c.get(detail).content.decode()
    reloaded = c.get(detail).content.decode()
    assert 'role="alert"' not in reloaded and "Nearly there" not in reloaded


def _standing(html: str) -> str:
    box = html[html.index('id="decision-heading"') :]
    return box[: box.index("</section>")]


def test_where_a_closed_request_stands_says_how_it_ended(client, people):
    approved = submitted_request(requester=people.edith)
    step_approve(approval_request=approved, actor=people.lena)
    approved.refresh_from_db()
    step_approve(approval_request=approved, actor=people.pat)
    rejected = submitted_request(requester=people.edith)
    step_reject(approval_request=rejected, actor=people.lena, comment="The model release is missing.")
    withdrawn = submitted_request(requester=people.edith)
    request_act(approval_request=withdrawn, actor=people.edith, action="withdraw", version=withdrawn.version)

    c = signed_in(client, people.mary)
    box = _standing(c.get(reverse("approvals:request-detail", args=[approved.pk])).content.decode())
    assert "Where it stands" in box and "Fully approved by pat" in box
    box = _standing(c.get(reverse("approvals:request-detail", args=[rejected.pk])).content.decode())
    assert "Rejected at the Legal step by lena" in box and "The model release is missing." in box
    box = _standing(c.get(reverse("approvals:request-detail", args=[withdrawn.pk])).content.decode())
    assert "Withdrawn by edith" in box


def test_the_request_page_reads_channels_fee_territories_and_title_as_people_do(client, people):
    asset, title = shortlisted_asset()
    c = signed_in(client, people.edith)
    response = c.post(
        reverse("approvals:submit", args=[title.pk]),
        {
            "items": list(title.shortlist_items.values_list("pk", flat=True)),
            "placement": "marketing",
            "channels": ["point_of_sale", "print"],
            "territories": "GB",
            "fee": "250.00",
            "fee_currency": "EUR",
        },
    )
    assert response.status_code == 302
    req = ApprovalRequest.objects.get(title=title)
    assert req.fee_currency == "EUR"
    html = c.get(reverse("approvals:request-detail", args=[req.pk])).content.decode()
    assert "<dd>Point of sale, Print</dd>" in html
    assert "<dd>250.00 EUR</dd>" in html
    assert "<dd>United Kingdom (GB)</dd>" in html
    assert f'<a href="{reverse("integration:title-detail", args=[title.pk])}">' in html
    assert "Legal (Legal)" not in html and "Waiting for <strong>Legal</strong> due" not in html
    assert "Waiting for <strong>Legal</strong>" in html
    # Without a currency chosen the fee is in pounds.
    assert ApprovalRequest._meta.get_field("fee_currency").default == "GBP"
