"""Replacing a licensed picture: Getty's similar pictures (royalty-free first), the chosen one submitted
for approval with the old intended use, and, once it is licensed, the old licence and usage superseded
and its permission rewritten in Consonance. Services end to end against the sandboxes, then each page
as each role sees it."""

import pytest
from django.urls import reverse

from approvals.models import ApprovalRequest
from integration.models import OutboxMessage, ShortlistItem
from integration.services.asset_changes import asset_changes_poll
from integration.services.assets import asset_get_fresh
from rights.errors import RightsNotPermitted
from rights.models import Licence, LicenceEvent, Replacement, Usage
from rights.services import LicenseOrder, picture_license
from rights.services import licence_ended as licence_ended_module
from rights.services.replacements import (
    ALREADY_SUPERSEDED,
    REPLACEMENT_OPEN,
    SAME_PICTURE,
    ReplacementRefused,
    replacement_candidates,
    replacement_choose,
)
from sandboxes.getty.search import similar

from .conftest import approve_fully, sandbox_picture

pytestmark = pytest.mark.django_db

Status = Licence.Status


def permission_in_consonance(consonance, licence: Licence) -> dict:
    state = consonance.app.state
    ref = f"getty:{licence.asset.getty_id}:{licence.request_id}"
    return state.permissions[state.permission_ids_by_ref[ref]]


def licensable(getty, getty_id: str) -> bool:
    """A sandbox picture the premium access product (40101) licenses with a JPEG."""
    asset = getty.app.catalogue.get(getty_id)
    return "premiumaccess" in asset.product_types and "jpg" in asset.file_types


def license_now(approval_request, people, capture) -> Licence:
    with capture(execute=True):
        return picture_license(
            approval_request=approval_request, order=LicenseOrder("40101"), actor=people.pat
        ).licence


@pytest.fixture
def licensed(getty, consonance, consonance_title, make_approved, people, django_capture_on_commit_callbacks):
    approved = make_approved(title=consonance_title, print_run=2500, channels=("print",))
    return license_now(approved, people, django_capture_on_commit_callbacks)


@pytest.fixture
def withdrawn(getty, licensed, django_capture_on_commit_callbacks) -> Licence:
    getty.app.announce_change(licensed.asset.getty_id, "Delete")
    with django_capture_on_commit_callbacks(execute=True):
        asset_changes_poll()
    licensed.refresh_from_db()
    assert licensed.status == Status.WITHDRAWN
    return licensed


def royalty_free_first(models: list[str]) -> bool:
    return models == sorted(models, key=lambda model: model != "royaltyfree")


# --- services, end to end ------------------------------------------------------------------------------


def test_a_withdrawn_picture_is_replaced_end_to_end_and_the_old_licence_is_superseded(
    getty, consonance, withdrawn, people, monkeypatch, django_capture_on_commit_callbacks
):
    # Getty no longer serves the withdrawn picture: the candidates come from a search of its subject.
    candidates = replacement_candidates(licence=withdrawn, actor=people.mary)
    assert not candidates.similar and candidates.phrase and candidates.images
    ids = [image.id for image in candidates.images]
    assert withdrawn.asset.getty_id not in ids
    assert royalty_free_first([image.license_model for image in candidates.images])

    new_id = next(i for i in ids if licensable(getty, i))
    asset = asset_get_fresh(getty_id=new_id)
    with django_capture_on_commit_callbacks(execute=True):
        replacement = replacement_choose(licence=withdrawn, asset=asset, actor=people.mary)

    new_request = replacement.request
    old_request = withdrawn.request
    assert new_request.status == ApprovalRequest.Status.IN_REVIEW and new_request.requester == people.mary
    assert (new_request.asset.getty_id, new_request.title_id) == (new_id, old_request.title_id)
    for field in ("placement", "channels", "territories", "print_run", "period_start", "period_end"):
        assert getattr(new_request, field) == getattr(old_request, field), field
    assert set(new_request.products.all()) == set(old_request.products.all())
    assert ShortlistItem.objects.get(title=withdrawn.title, asset=asset).note.startswith("Replacement for")
    assert replacement.licence_status == Status.WITHDRAWN and replacement.completed_at is None

    with django_capture_on_commit_callbacks(execute=True):
        approve_fully(new_request, people)
    ended = []
    monkeypatch.setitem(licence_ended_module._hooks, "test", lambda licence, now: ended.append(licence.pk))
    new_licence = license_now(new_request, people, django_capture_on_commit_callbacks)
    assert ended == [withdrawn.pk]  # e.g. its supporting resource back to DRAFT

    withdrawn.refresh_from_db()
    replacement.refresh_from_db()
    assert withdrawn.status == Status.SUPERSEDED
    assert list(Usage.objects.filter(licence=withdrawn).values_list("status", flat=True)) == ["superseded"]
    assert replacement.new_licence == new_licence and replacement.completed_at is not None
    event = LicenceEvent.objects.filter(licence=withdrawn, details__to=Status.SUPERSEDED).get()
    assert event.details["from"] == Status.WITHDRAWN
    assert event.details["replacement_licence"] == new_licence.pk and event.actor == people.pat
    assert new_licence.status == Status.ACTIVE

    # Consonance: the old permission rewritten (a replaced picture must not be used: WITHDRAWN), the new
    # one GRANTED.
    old_writes = OutboxMessage.objects.filter(
        natural_key=f"permission:getty:{withdrawn.asset.getty_id}:{old_request.pk}"
    )
    assert old_writes.order_by("-id").first().status == OutboxMessage.Status.SENT
    assert permission_in_consonance(consonance, withdrawn)["status"] == "WITHDRAWN"
    assert permission_in_consonance(consonance, new_licence)["status"] == "GRANTED"


def test_similar_pictures_of_a_live_picture_come_royalty_free_first(
    getty, make_approved, people, django_capture_on_commit_callbacks
):
    rights_managed = sandbox_picture(getty, license_model="rightsmanaged")
    approved = make_approved(rights_managed, print_run=1000, period_end=None)
    licence = license_now(approved, people, django_capture_on_commit_callbacks)

    candidates = replacement_candidates(licence=licence, actor=people.rita)

    assert candidates.similar and candidates.images
    models = [image.license_model for image in candidates.images]
    assert royalty_free_first(models) and {"royaltyfree", "rightsmanaged"} <= set(models)
    # Getty's first page of similar pictures, royalty-free first, each group in Getty's order.
    page = similar(getty.app.catalogue, getty.app.catalogue.get(rights_managed), hidden=set())[:30]
    expected = [a.id for a in page if a.license_model == "royaltyfree"]
    expected += [a.id for a in page if a.license_model != "royaltyfree"]
    assert [image.id for image in candidates.images] == expected


def test_who_may_look_and_who_may_choose(getty, withdrawn, people):
    replacement_candidates(licence=withdrawn, actor=people.rita)  # Rights looks
    replacement_candidates(licence=withdrawn, actor=people.edith)  # Editorial looks
    for outsider in (people.lena, people.pat, people.nobody):
        with pytest.raises(RightsNotPermitted):
            replacement_candidates(licence=withdrawn, actor=outsider)
    other = asset_get_fresh(getty_id=sandbox_picture(getty, skip=5))
    for outsider in (people.rita, people.lena, people.pat):
        with pytest.raises(RightsNotPermitted):
            replacement_choose(licence=withdrawn, asset=other, actor=outsider)
    assert not Replacement.objects.exists()


def test_refusals_change_nothing(getty, licensed, people):
    with pytest.raises(ReplacementRefused, match=SAME_PICTURE):
        replacement_choose(licence=licensed, asset=licensed.asset, actor=people.mary)

    first = asset_get_fresh(getty_id=sandbox_picture(getty, skip=5))
    second = asset_get_fresh(getty_id=sandbox_picture(getty, skip=6))
    replacement = replacement_choose(licence=licensed, asset=first, actor=people.mary)
    requests = ApprovalRequest.objects.count()
    with pytest.raises(ReplacementRefused) as refused:
        replacement_choose(licence=licensed, asset=second, actor=people.edith)
    assert refused.value.message == REPLACEMENT_OPEN.format(
        request=replacement.request_id, status="in review"
    )
    assert ApprovalRequest.objects.count() == requests

    Licence.objects.filter(pk=licensed.pk).update(status=Status.SUPERSEDED)
    licensed.refresh_from_db()
    for attempt in (
        lambda: replacement_candidates(licence=licensed, actor=people.mary),
        lambda: replacement_choose(licence=licensed, asset=second, actor=people.mary),
    ):
        with pytest.raises(ReplacementRefused, match=ALREADY_SUPERSEDED.format(pk=licensed.pk)):
            attempt()
    assert Replacement.objects.count() == 1


def test_a_rejected_replacement_lets_another_be_chosen(getty, licensed, people):
    from approvals.services import step_reject

    first = asset_get_fresh(getty_id=sandbox_picture(getty, skip=5))
    replacement = replacement_choose(licence=licensed, asset=first, actor=people.mary)
    step_reject(approval_request=replacement.request, actor=people.edith, comment="Too dark.")

    second = asset_get_fresh(getty_id=sandbox_picture(getty, skip=6))
    assert replacement_choose(licence=licensed, asset=second, actor=people.mary).request.asset == second


# --- pages -----------------------------------------------------------------------------------------------


def as_user(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def page_licence(getty, approved, people) -> Licence:
    """A licence of a live picture (its writes to Consonance stay queued: no sandbox needed)."""
    return picture_license(approval_request=approved, order=LicenseOrder("40101"), actor=people.pat).licence


ROLES = ["rita", "edith", "mary", "lena", "pat", "nobody"]
MAY_FIND = {"rita", "edith", "mary"}
MAY_CHOOSE = {"edith", "mary"}


@pytest.mark.parametrize("who", ROLES)
def test_the_similar_pictures_page_per_role(client, page_licence, people, who):
    url = reverse("rights:replacement-find", args=[page_licence.pk])
    response = as_user(client, getattr(people, who)).get(url)
    if who not in MAY_FIND:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    text = response.content.decode()
    assert "Similar pictures at Getty" in text and text.count('class="picture-card"') == 30
    assert page_licence.asset.getty_id not in text.split('class="picture-grid"')[1].split("</ul>")[0]
    choose = reverse("rights:replacement-choose", args=[page_licence.pk, "0"]).rsplit("0/", 1)[0]
    assert (choose in text) == (who in MAY_CHOOSE)
    if who not in MAY_CHOOSE:
        assert "Editorial or Marketing chooses one" in text


@pytest.mark.parametrize("who", ROLES)
def test_the_replacement_submission_page_per_role(client, getty, page_licence, people, who):
    candidate = sandbox_picture(getty, skip=5)
    url = reverse("rights:replacement-choose", args=[page_licence.pk, candidate])
    response = as_user(client, getattr(people, who)).get(url)
    if who not in MAY_CHOOSE:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    text = response.content.decode()
    assert "Submit for approval as the replacement" in text and candidate in text
    assert 'name="print_run" value="3000"' in text and 'value="GB IE"' in text  # the old intended use


def test_submitting_the_replacement_from_the_page(client, getty, page_licence, people):
    candidate = sandbox_picture(getty, skip=5)
    url = reverse("rights:replacement-choose", args=[page_licence.pk, candidate])
    form = {"placement": "interior", "channels": ["print"], "territories": "GB IE", "print_run": "3000"}
    client = as_user(client, people.mary)

    refused = client.post(url, {**form, "territories": "GB XX"})
    assert refused.status_code == 400 and "XX" in refused.content.decode()
    assert not Replacement.objects.exists()

    response = client.post(url, form, follow=True)
    replacement = Replacement.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "approvals:request-detail", args=[replacement.request_id]
    )
    assert "as the replacement of licence" in response.content.decode()
    assert replacement.request.asset.getty_id == candidate and replacement.licence == page_licence

    again = client.post(url, form)  # a second replacement while the first is in review
    assert (
        again.status_code == 400
        and f"Request #{replacement.request_id} already proposes" in again.content.decode()
    )
    assert Replacement.objects.count() == 1


def test_the_licence_page_leads_rights_to_a_replacement_of_a_withdrawn_picture(
    client, getty, withdrawn, people
):
    page = as_user(client, people.rita).get(reverse("rights:licence-detail", args=[withdrawn.pk]))
    text = page.content.decode()
    assert "This picture needs replacing." in text
    assert reverse("rights:replacement-find", args=[withdrawn.pk]) in text
    text = as_user(client, people.lena).get(reverse("rights:licence-detail", args=[withdrawn.pk])).content
    assert reverse("rights:replacement-find", args=[withdrawn.pk]).encode() not in text

    found = as_user(client, people.edith).get(reverse("rights:replacement-find", args=[withdrawn.pk]))
    assert found.status_code == 200 and "Getty no longer serves this picture" in found.content.decode()


def test_pages_refuse_what_does_not_exist(client, getty, page_licence, people):
    client = as_user(client, people.mary)
    assert client.get(reverse("rights:replacement-find", args=[999999])).status_code == 404
    unknown = reverse("rights:replacement-choose", args=[page_licence.pk, "1499999999"])
    assert client.get(unknown).status_code == 404
    assert client.get(f"/rights/licences/{page_licence.pk}/replacement/a..b/").status_code == 404
    page = client.get(reverse("rights:replacement-find", args=[page_licence.pk]) + "?page=abc")
    assert page.status_code == 200  # an unreadable page number is the first page


def test_the_admin_lists_replacements_read_only(admin_client, getty, page_licence, people):
    replacement = replacement_choose(
        licence=page_licence,
        asset=asset_get_fresh(getty_id=sandbox_picture(getty, skip=5)),
        actor=people.mary,
    )
    changelist = reverse("admin:rights_replacement_changelist")
    assert admin_client.get(changelist, {"q": page_licence.asset.getty_id}).status_code == 200
    page = admin_client.get(reverse("admin:rights_replacement_change", args=[replacement.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert admin_client.get(reverse("admin:rights_replacement_add")).status_code == 403
