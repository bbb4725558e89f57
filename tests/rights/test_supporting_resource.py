"""The licensed file reaches Consonance once, as Consonance would show it.

Licensing a picture on the sandboxes makes one supporting resource of the work, with the licence's
caption, copyright, credit, the variant of its placement, APPROVED, linked to the products the licence
covers, and our stored file behind its link. An answer lost after Consonance created it still leaves
one. A withdrawn picture's resource goes back to DRAFT. The request's to-do holds the licensed file
where approvals had put the comp.
"""

import hashlib
from urllib.parse import urlsplit

import pytest
from django.db import transaction

from integration.consonance.client import ConsonanceClient
from integration.models import OutboxMessage
from integration.services.asset_changes import asset_changes_poll
from integration.services.outbox_delivery import outbox_deliver_due
from rights.models import Licence
from rights.services import LicenceTerms, LicenseOrder, licence_set_terms, picture_license
from rights.services.supporting_resource import (
    licence_resource_to_draft,
    resource_external_ref,
    resource_natural_key,
)
from tests.factories.titles import ProductFactory, TitleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(consonance):
    """A title mirrored from a sandbox work, and the id of one of that work's to-dos."""
    work = consonance.app.state.works[consonance.app.work_ids()[3]]
    title = TitleFactory(consonance_id=work["id"], title=work["title"])
    for product in work["products"]:
        isbn = (product.get("isbn") or {}).get("isbn13") or ""
        ProductFactory(title=title, consonance_id=product["id"], isbn13=isbn)
    todo_id = consonance.app.state.todos_by_work[work["id"]][0]["id"]
    return title, todo_id


def license_it(approved, people, capture) -> Licence:
    with capture(execute=True):
        licence = picture_license(
            approval_request=approved, order=LicenseOrder("40101"), actor=people.pat
        ).licence
    licence.refresh_from_db()
    return licence


def resources_of(consonance, ref: str) -> list[dict]:
    return [r for r in consonance.app.written_supporting_resources() if r["externalRef"] == ref]


def creations(consonance, ref: str) -> int:
    return sum(
        1
        for entry in consonance.app.mutation_log()
        if entry["operation"] == "createSupportingResource" and entry["externalRef"] == ref
    )


def test_the_licensed_file_arrives_once_as_an_approved_front_cover_of_every_product(
    getty, consonance, work, make_approved, people, client, django_capture_on_commit_callbacks
):
    title, _ = work
    approved = make_approved(title=title, placement="front_cover", print_run=2000)
    licence = license_it(approved, people, django_capture_on_commit_callbacks)

    ref = f"getty:{licence.asset.getty_id}:{licence.pk}"
    assert resource_external_ref(licence) == ref
    [resource] = resources_of(consonance, ref)
    asset = licence.asset
    assert resource["workId"] == title.consonance_id
    assert resource["caption"] == (asset.caption or asset.title)
    assert resource["copyright"] and resource["requiredCredit"] == licence.credit_line
    assert (resource["resourceVariant"], resource["status"]) == ("FRONT_COVER", "APPROVED")
    assert sorted(resource["productIds"]) == sorted(p.consonance_id for p in title.products.all())
    assert consonance.app.records_per_key()["supportingResource"] == {ref: 1}

    # Consonance fetches our stored file from the link, without signing in.
    download = licence.download
    answer = client.get(urlsplit(resource["url"]).path)
    assert answer.status_code == 200 and answer["Content-Type"] == download.content_type
    assert hashlib.sha256(b"".join(answer.streaming_content)).hexdigest() == download.sha256

    row = OutboxMessage.objects.get(natural_key=resource_natural_key(licence))
    assert row.status == OutboxMessage.Status.SENT and row.target == OutboxMessage.Target.CONSONANCE
    assert row.last_response["id"] == resource["id"] and row.last_response["action"] == "created"
    assert row.source_type == "licence" and row.source_id == licence.pk


def test_the_title_page_and_the_licence_page_list_the_resource_write(
    getty, consonance, work, make_approved, people, client, django_capture_on_commit_callbacks
):
    title, _ = work
    licence = license_it(
        make_approved(title=title, print_run=1000), people, django_capture_on_commit_callbacks
    )
    client.force_login(people.rita)

    title_page = client.get(f"/titles/{title.pk}/").content.decode()
    assert f"Supporting resource APPROVED — licence #{licence.pk}" in title_page
    assert f'href="/rights/licences/{licence.pk}/">Licence #{licence.pk}</a>' in title_page

    licence_page = client.get(f"/rights/licences/{licence.pk}/").content.decode()
    assert f"Supporting resource APPROVED — licence #{licence.pk}" in licence_page


def test_a_royalty_free_picture_licensed_again_reaches_the_other_work_at_once_from_the_stored_file(
    getty, consonance, work, make_approved, people, django_capture_on_commit_callbacks
):
    title, _ = work
    first = license_it(make_approved(title=title, print_run=1000), people, django_capture_on_commit_callbacks)
    other_work = consonance.app.state.works[consonance.app.work_ids()[4]]
    other = TitleFactory(consonance_id=other_work["id"], title=other_work["title"])
    ProductFactory(title=other, consonance_id=other_work["products"][0]["id"])

    with django_capture_on_commit_callbacks(execute=True):
        done = picture_license(
            approval_request=make_approved(first.asset.getty_id, title=other, print_run=500),
            order=LicenseOrder("40101"),
            actor=people.pat,
        )

    second = done.licence
    assert done.reused_download and second.download_id == first.download_id
    [resource] = resources_of(consonance, resource_external_ref(second))
    assert resource["workId"] == other.consonance_id and resource["status"] == "APPROVED"
    assert len(getty.app.downloads.recent_first()) == 1  # one download, two licences, two resources


def test_a_licence_for_one_edition_links_the_resource_to_that_product_only(
    getty, consonance, work, make_approved, people, django_capture_on_commit_callbacks
):
    title, _ = work
    hardback = title.products.order_by("id").first()
    approved = make_approved(title=title, placement="interior", products=(hardback,), print_run=1500)
    licence = license_it(approved, people, django_capture_on_commit_callbacks)

    [resource] = resources_of(consonance, resource_external_ref(licence))
    assert resource["productIds"] == [hardback.consonance_id]
    assert (resource["resourceVariant"], resource["status"]) == ("SAMPLE_CONTENT", "APPROVED")


@pytest.fixture
def lose_the_create_answer(consonance, monkeypatch):
    """Consonance applies the next createSupportingResource and then drops the connection without
    answering. Armed once, by the read of the work's resources that comes just before the create."""
    real_read = ConsonanceClient.supporting_resources_for_work
    armed = []

    def read_then_arm(self, work_id):
        resources = real_read(self, work_id)
        if not armed:
            armed.append(work_id)
            consonance.app.faults.add("drop", path_prefix="/graphql", after=True)
        return resources

    monkeypatch.setattr(ConsonanceClient, "supporting_resources_for_work", read_then_arm)
    return armed


def test_a_create_whose_answer_was_lost_is_found_by_its_marker_and_never_made_twice(
    getty,
    consonance,
    work,
    make_approved,
    people,
    settings,
    lose_the_create_answer,
    django_capture_on_commit_callbacks,
):
    settings.OUTBOX_SETTLE_SECONDS = 0
    settings.OUTBOX_RETRY_BASE_SECONDS = 0
    title, _ = work
    approved = make_approved(title=title, print_run=1000)
    injected = consonance.app.faults.injected  # counted over the whole session
    licence = license_it(approved, people, django_capture_on_commit_callbacks)
    ref = resource_external_ref(licence)

    row = OutboxMessage.objects.get(natural_key=resource_natural_key(licence))
    assert lose_the_create_answer and consonance.app.faults.injected == injected + 1
    assert row.status == OutboxMessage.Status.RETRYING, row.last_error
    assert "may have saved" in row.last_error
    assert len(resources_of(consonance, ref)) == 1  # it landed, though we were not told

    outbox_deliver_due()

    row.refresh_from_db()
    assert row.status == OutboxMessage.Status.SENT and row.attempts == 2
    assert row.last_response["action"] == "unchanged"
    assert creations(consonance, ref) == 1
    assert consonance.app.records_per_key()["supportingResource"] == {ref: 1}


def test_a_withdrawn_picture_goes_back_to_draft_and_stays_one_resource(
    getty, consonance, work, make_approved, people, django_capture_on_commit_callbacks
):
    title, _ = work
    licence = license_it(
        make_approved(title=title, print_run=1000), people, django_capture_on_commit_callbacks
    )
    ref = resource_external_ref(licence)

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        Licence.objects.filter(pk=licence.pk).update(status=Licence.Status.WITHDRAWN)
        licence.refresh_from_db()
        licence_resource_to_draft(licence)

    [resource] = resources_of(consonance, ref)
    assert resource["status"] == "DRAFT"
    assert creations(consonance, ref) == 1
    newest = OutboxMessage.objects.filter(natural_key=resource_natural_key(licence)).order_by("-id").first()
    assert newest.status == OutboxMessage.Status.SENT and newest.last_response["changed"] == ["status"]


def test_a_withdrawal_injected_at_getty_takes_the_resource_back_to_draft(
    getty, consonance, work, make_approved, people, django_capture_on_commit_callbacks
):
    title, _ = work
    licence = license_it(
        make_approved(title=title, print_run=1000), people, django_capture_on_commit_callbacks
    )
    ref = resource_external_ref(licence)
    assert resources_of(consonance, ref)[0]["status"] == "APPROVED"

    getty.app.announce_change(licence.asset.getty_id, "Delete")
    with django_capture_on_commit_callbacks(execute=True):
        asset_changes_poll()

    licence.refresh_from_db()
    assert licence.status == Licence.Status.WITHDRAWN
    [resource] = resources_of(consonance, ref)
    assert resource["status"] == "DRAFT"
    assert consonance.app.records_per_key()["supportingResource"] == {ref: 1}


def test_a_picture_withdrawn_before_its_resource_was_sent_never_reaches_consonance(
    getty, consonance, work, make_approved, people
):
    """The file stored and the write queued, but not sent yet (no commit in this test): taking it back
    replaces the waiting write, which then finds nothing to take back and creates nothing."""
    title, _ = work
    licence = picture_license(
        approval_request=make_approved(title=title, print_run=1000),
        order=LicenseOrder("40101"),
        actor=people.pat,
    ).licence
    from rights.services import download_fetch_file

    download_fetch_file(download=licence.download)
    licence.refresh_from_db()
    licence_resource_to_draft(licence)

    outbox_deliver_due()

    row = OutboxMessage.objects.get(natural_key=resource_natural_key(licence))
    assert row.status == OutboxMessage.Status.SENT and row.last_response["action"] == "absent"
    assert resources_of(consonance, resource_external_ref(licence)) == []


def test_a_licence_whose_file_is_not_stored_has_nothing_to_take_back(getty, work, make_approved, people):
    title, _ = work
    licence = picture_license(
        approval_request=make_approved(title=title), order=LicenseOrder("40101"), actor=people.pat
    ).licence  # the file fetch waits for a commit that never comes here
    assert licence_resource_to_draft(licence) is None
    assert not OutboxMessage.objects.filter(kind=OutboxMessage.Kind.SUPPORTING_RESOURCE).exists()


def test_the_to_do_holds_the_licensed_file_in_place_of_the_comp(
    getty, consonance, work, make_approved, people, settings, django_capture_on_commit_callbacks
):
    title, todo_id = work
    approved = make_approved(title=title, print_run=1000, consonance_todo_id=str(todo_id))
    request_ref = f"getty:{approved.asset.getty_id}:{approved.pk}"
    outbox_deliver_due()  # what approving wrote: the permission and the comp on the to-do
    [comp] = [a for a in consonance.app.todo_attachments() if a["todoId"] == todo_id]
    assert comp["externalRef"] == request_ref and "/approvals/" in comp["url"]

    licence = license_it(approved, people, django_capture_on_commit_callbacks)

    [attached] = [a for a in consonance.app.todo_attachments() if a["todoId"] == todo_id]
    assert attached["externalRef"] == request_ref
    assert attached["url"] == f"{settings.SITE_URL}/rights/licences/{licence.pk}/file/"
    assert attached["label"].startswith(
        f"Licensed file: Getty image {licence.asset.getty_id}, licence #{licence.pk}"
    )
    assert consonance.app.records_per_key()["todoAttachment"] == {f"{todo_id}:{request_ref}": 1}


def test_the_permission_names_the_resource_once_it_exists_and_the_resource_follows_the_terms(
    getty, consonance, work, make_approved, people, django_capture_on_commit_callbacks
):
    title, _ = work
    approved = make_approved(title=title, print_run=1000)
    licence = license_it(approved, people, django_capture_on_commit_callbacks)
    [resource] = resources_of(consonance, resource_external_ref(licence))
    hardback = title.products.order_by("id").first()

    terms = LicenceTerms.of(licence)
    terms = LicenceTerms(
        **{**terms.__dict__, "credit_line": "Jane Doe / Getty Images", "products": (hardback,)}
    )
    with django_capture_on_commit_callbacks(execute=True):
        licence_set_terms(licence=licence, terms=terms, actor=people.lena, confirm=True)

    state = consonance.app.state
    permission = state.permissions[
        state.permission_ids_by_ref[f"getty:{approved.asset.getty_id}:{approved.pk}"]
    ]
    assert permission["supportingResourceId"] == resource["id"]
    [updated] = resources_of(consonance, resource_external_ref(licence))
    assert updated["requiredCredit"] == "Jane Doe / Getty Images"
    assert updated["productIds"] == [hardback.consonance_id]
    assert creations(consonance, resource_external_ref(licence)) == 1
