"""Licensing an approved picture at the Getty sandbox: product choice, the download intent and its outcome,
the licence and its first usage, the stored file, and never a second download."""

import datetime as dt
import hashlib
import time

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from approvals.models import ApprovalRequest
from integration.getty.errors import GettyOverageLimit
from integration.models import OutboxMessage
from rights.errors import LicensingPending, LicensingRefused, RightsNotPermitted
from rights.models import Download, Licence, LicenceEvent
from rights.services import LicenseOrder, download_fetch_file, licensing_choice, picture_license

pytestmark = pytest.mark.django_db

PREMIUM, EDITORIAL_SUB, IMAGE_PACK, OLD_RF = "40101", "40102", "40103", "40104"


def getty_product(getty, product_id) -> dict:
    return getty.app.account.product(product_id)


def getty_downloads(getty) -> list:
    return getty.app.downloads.recent_first()


def delivery_calls(getty) -> int:
    return getty.app.total_calls("GET /delivery/")


def download_posts(getty, approved) -> int:
    return getty.app.total_calls(f"POST /v3/downloads/images/{approved.asset.getty_id}")


def license_it(approved, people, product_id=PREMIUM, **kwargs):
    return picture_license(
        approval_request=approved, order=LicenseOrder(product_id=product_id), actor=people.pat, **kwargs
    )


def test_production_sees_which_products_can_pay_and_why_the_others_cannot(getty, approved, people):
    choice = licensing_choice(approval_request=approved, actor=people.pat)

    by_id = {o.id: o for o in choice.options}
    assert by_id[PREMIUM].usable and by_id[IMAGE_PACK].usable
    assert by_id[IMAGE_PACK].downloads_left == "3 of 3"
    assert by_id[OLD_RF].refusal == "This agreement is not active."
    assert "does not offer this picture with editorialsubscription" in by_id[EDITORIAL_SUB].refusal
    assert [o.usable for o in choice.options] == sorted((o.usable for o in choice.options), reverse=True)
    assert choice.isbn == "9781780000011"
    assert (
        "ISBN 9781780000011" in choice.download_notes and f"request #{approved.pk}" in choice.download_notes
    )


def test_licensing_records_the_download_licence_usage_and_file(
    getty, approved, people, django_capture_on_commit_callbacks
):
    before = getty_product(getty, PREMIUM)["downloads_remaining"]
    with django_capture_on_commit_callbacks(execute=True):
        done = license_it(approved, people)

    assert getty_product(getty, PREMIUM)["downloads_remaining"] == before - 1
    [record] = getty_downloads(getty)
    assert record.asset_id == approved.asset.getty_id
    assert record.project_code == "9781780000011" and "ISBN 9781780000011" in record.download_notes

    download = Download.objects.get(request=approved)
    assert download.status == Download.Status.COMPLETED and download.started_by == people.pat
    assert download.started_at <= download.completed_at
    assert "/delivery/downloads/" in download.getty_uri
    stored = default_storage.open(download.file_path).read()
    assert hashlib.sha256(stored).hexdigest() == download.sha256 and download.bytes == len(stored)
    assert download.content_type == "image/jpeg" and download.width > 0 and download.height > 0

    licence = done.licence
    assert licence.download == download and licence.licensed_by == people.pat
    assert (licence.getty_product_id, licence.getty_product_type) == (PREMIUM, "premiumaccess")
    assert licence.agreement_name == "Picture Desk Publishing Premium Access 2026"
    assert licence.product_expires_at is not None
    assert licence.license_model == "royaltyfree" and licence.perpetual and licence.valid_until is None
    assert licence.print_run_cap == 500_000
    assert (licence.territories, licence.channels) == (["GB", "IE"], ["print"])
    assert sorted(p.isbn13 for p in licence.products.all()) == ["9781780000011", "9781780000028"]
    assert licence.credit_line == approved.asset.credit_line and licence.status == Licence.Status.ACTIVE
    assert licence.legal_confirmed_at is None

    [usage] = licence.usages.all()
    assert usage.placement == "interior" and usage.title_id == approved.title_id
    [printing] = usage.printings.all()
    assert printing.quantity == 3000 and printing.printed_on == dt.date(2027, 3, 4)
    assert [e.kind for e in licence.events.all()] == [
        LicenceEvent.Kind.LICENSED,
        LicenceEvent.Kind.USAGE_RECORDED,
        LicenceEvent.Kind.FILE_STORED,
    ]


def test_the_intent_is_recorded_before_getty_is_called(getty, approved, people, settings):
    """A drop before Getty answers leaves the intent behind, marked unknown: the row came first."""
    getty.app.faults.add("drop", path_prefix="/v3/downloads/images")

    with pytest.raises(LicensingPending):
        license_it(approved, people)

    download = Download.objects.get(request=approved)
    assert download.status == Download.Status.UNKNOWN and download.completed_at is None
    assert (download.product_id, download.project_code) == (PREMIUM, "9781780000011")
    assert not Licence.objects.exists()


def test_a_lost_answer_is_settled_from_history_and_never_downloaded_twice(getty, approved, people, settings):
    settings.GETTY_TIMEOUT_SECONDS = 0.5
    getty.app.faults.add("slow", delay=1.5, path_prefix="/v3/downloads/images")

    with pytest.raises(LicensingPending, match="never paid for twice"):
        license_it(approved, people)  # Getty takes the download after we stopped waiting
    assert Download.objects.get(request=approved).status == Download.Status.UNKNOWN
    deadline = time.monotonic() + 5
    while not getty_downloads(getty) and time.monotonic() < deadline:
        time.sleep(0.05)

    done = license_it(approved, people)  # looks in the history first, finds it there

    assert done.settled_from_history
    assert len(getty_downloads(getty)) == 1
    assert download_posts(getty, approved) == 1
    download = Download.objects.get(request=approved)
    assert download.status == Download.Status.COMPLETED and download.getty_uri == ""
    assert download.getty_record["id"] == approved.asset.getty_id
    assert done.licence.events.first().details["settled_from_history"] is True
    with pytest.raises(LicensingRefused, match="already licensed"):
        license_it(approved, people)
    assert len(getty_downloads(getty)) == 1


def test_an_unknown_outcome_getty_never_recorded_allows_a_new_download_only_after_the_settle_window(
    getty, approved, people, settings
):
    getty.app.faults.add("drop", path_prefix="/v3/downloads/images")
    with pytest.raises(LicensingPending):
        license_it(approved, people)
    started = Download.objects.get(request=approved).started_at

    with pytest.raises(LicensingPending):  # still inside the window: no second call
        license_it(
            approved, people, now=started + dt.timedelta(seconds=settings.GETTY_DOWNLOAD_SETTLE_SECONDS - 1)
        )
    assert download_posts(getty, approved) == 1

    done = license_it(
        approved, people, now=started + dt.timedelta(seconds=settings.GETTY_DOWNLOAD_SETTLE_SECONDS)
    )

    assert len(getty_downloads(getty)) == 1
    statuses = list(Download.objects.filter(request=approved).order_by("id").values_list("status", flat=True))
    assert statuses == [Download.Status.FAILED, Download.Status.COMPLETED]
    assert done.licence.download.status == Download.Status.COMPLETED


def test_a_product_out_of_downloads_or_expired_is_refused_before_anything_is_spent(getty, approved, people):
    getty_product(getty, IMAGE_PACK)["downloads_remaining"] = 0
    with pytest.raises(LicensingRefused, match=r"No downloads left \(0 of 3\)\. Nothing was downloaded"):
        license_it(approved, people, product_id=IMAGE_PACK)

    getty_product(getty, PREMIUM)["expiration_utc_date"] = "2026-01-01T00:00:00Z"
    with pytest.raises(LicensingRefused, match="This agreement expired on 1 Jan 2026"):
        license_it(approved, people, product_id=PREMIUM)

    with pytest.raises(LicensingRefused, match="not one of our agreements"):
        license_it(approved, people, product_id="99999")

    assert not Download.objects.exists() and not getty_downloads(getty)


def test_getty_refusing_the_download_fails_the_intent_and_a_later_try_may_go_ahead(getty, approved, people):
    body = '{"ErrorCode": "OverageLimitReached", "ErrorMessage": "The download limit has been reached."}'
    getty.app.faults.add("status", status=403, body=body, path_prefix="/v3/downloads/images")

    with pytest.raises(GettyOverageLimit, match="no downloads left"):
        license_it(approved, people)
    download = Download.objects.get(request=approved)
    assert download.status == Download.Status.FAILED and "OverageLimitReached" in download.error

    done = license_it(approved, people)
    assert done.licence and len(getty_downloads(getty)) == 1


def test_only_production_licenses_and_only_approved_requests(getty, approved, people, make_approved):
    for person in (people.edith, people.lena, people.rita, people.mary, people.nobody):
        with pytest.raises(RightsNotPermitted, match="Production can"):
            picture_license(approval_request=approved, order=LicenseOrder(product_id=PREMIUM), actor=person)
    ApprovalRequest.objects.filter(pk=approved.pk).update(status=ApprovalRequest.Status.WITHDRAWN)
    with pytest.raises(LicensingRefused, match=f"request #{approved.pk} is withdrawn"):
        license_it(approved, people)
    assert not getty_downloads(getty)


def test_a_withdrawn_picture_cannot_be_licensed(getty, approved, people):
    approved.asset.withdrawn_at = timezone.now()
    approved.asset.save()
    with pytest.raises(LicensingRefused, match="Getty withdrew this picture"):
        license_it(approved, people)


def test_the_stored_file_is_reused_and_a_royalty_free_picture_is_never_downloaded_twice(
    getty, approved, people, make_approved, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = license_it(approved, people).licence
    fetched = delivery_calls(getty)
    assert fetched == 1

    first.download.refresh_from_db()
    assert first.download.has_file
    assert download_fetch_file(download=first.download).sha256 == first.download.sha256
    later = make_approved(approved.asset.getty_id, placement="front_cover", print_run=8000)
    with django_capture_on_commit_callbacks(execute=True):
        done = license_it(later, people, product_id=IMAGE_PACK)

    assert done.reused_download and done.licence.download == first.download
    assert len(getty_downloads(getty)) == 1 and delivery_calls(getty) == fetched
    assert "no second download" in done.licence.events.first().reason
    assert licensing_choice(
        approval_request=make_approved(approved.asset.getty_id), actor=people.paula
    ).reusable


def test_a_rights_managed_licence_takes_its_term_from_the_request(getty, make_approved, people):
    from tests.rights.conftest import sandbox_picture

    getty_id = sandbox_picture(getty, license_model="rightsmanaged")
    approved = make_approved(
        getty_id, print_run=5000, period_start=dt.date(2027, 1, 1), period_end=dt.date(2031, 12, 31)
    )

    licence = license_it(approved, people).licence

    assert licence.license_model == "rightsmanaged" and not licence.perpetual
    assert (licence.valid_from, licence.valid_until, licence.print_run_cap) == (
        dt.date(2027, 1, 1),
        dt.date(2031, 12, 31),
        5000,
    )


def test_licensing_queues_the_permission_granted_with_the_licence_terms(getty, approved, people):
    licence = license_it(approved, people).licence

    # One row for the permission: the approval's GRANTED, still waiting, took the licence's terms.
    [message] = OutboxMessage.objects.filter(kind=OutboxMessage.Kind.PICTURE_PERMISSION)
    assert message.natural_key == f"permission:getty:{approved.asset.getty_id}:{approved.pk}"
    assert message.label.startswith(f"Permission GRANTED — licence #{licence.pk}")
    payload = message.payload
    assert payload["externalRef"] == f"getty:{approved.asset.getty_id}:{approved.pk}"
    assert payload["status"] == "GRANTED" and payload["licenceType"] == "ROYALTY_FREE"
    assert payload["printRunCap"] == 500_000
    assert payload["agreementName"] == licence.agreement_name
    assert payload["territoryIncluded"] == "GB IE" and payload["channels"] == ["PRINT"]
    assert payload["requiredCredit"] == approved.asset.credit_line
    assert payload["workId"] == approved.title.consonance_id and payload["placement"] == "INTERIOR"
    assert sorted(payload["productIds"]) == sorted(p.consonance_id for p in licence.products.all())
    assert payload["validFrom"] == licence.valid_from.isoformat() and payload["validUntil"] is None
    assert [n["step"] for n in payload["approvalHistory"]][-3:] == ["Editorial", "Legal", "Production"]


def test_a_product_that_needs_a_project_code_from_its_list_gets_one(getty, make_approved, people):
    editorial = next(
        a for a in getty.app.catalogue if a.asset_family == "editorial" and "jpg" in a.file_types
    )
    approved = make_approved(editorial.id, print_run=1000)

    with pytest.raises(LicensingRefused, match="accepts only these project codes: FRONTLIST-2026, BACKLIST"):
        license_it(approved, people, product_id=EDITORIAL_SUB)
    assert not Download.objects.exists()

    done = picture_license(
        approval_request=approved,
        order=LicenseOrder(product_id=EDITORIAL_SUB, project_code="FRONTLIST-2026"),
        actor=people.pat,
    )

    [record] = getty_downloads(getty)
    assert record.project_code == "FRONTLIST-2026" and "ISBN 9781780000011" in record.download_notes
    assert (
        done.licence.license_model == "rightsmanaged"
        and done.licence.getty_product_type == "editorialsubscription"
    )


def test_when_getty_s_history_cannot_be_read_after_a_lost_answer_the_download_stays_unknown(
    getty, approved, people
):
    getty.app.faults.add("drop", path_prefix="/v3/downloads/images")
    getty.app.faults.add("status", status=503, path_prefix="/v3/downloads", next_n=10)

    with pytest.raises(LicensingPending, match="never paid for twice"):
        license_it(approved, people)
    assert Download.objects.get(request=approved).status == Download.Status.UNKNOWN
