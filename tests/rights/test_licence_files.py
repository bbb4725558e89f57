"""The licensed file after licensing: refused files leave nothing stored and a clear reason; a later fetch
uses the same delivery link (no second download); the link's 24 hours are respected."""

import datetime as dt
import os

import pytest
from django.conf import settings as django_settings

from integration.getty.errors import GettyDeliveryRefused
from rights.errors import LicensingRefused
from rights.models import Download, LicenceEvent
from rights.services import LicenseOrder, download_fetch_file, picture_license

pytestmark = pytest.mark.django_db


def stored_files() -> list[str]:
    root = django_settings.MEDIA_ROOT
    return (
        [os.path.join(d, f) for d, _, files in os.walk(root) for f in files] if os.path.exists(root) else []
    )


def license_it(approved, people):
    return picture_license(
        approval_request=approved, order=LicenseOrder(product_id="40101"), actor=people.pat
    )


def test_a_refused_file_leaves_the_licence_and_nothing_stored_and_a_later_fetch_spends_nothing(
    getty, approved, people, settings, django_capture_on_commit_callbacks
):
    settings.GETTY_DELIVERY_HOSTS = ["delivery.gettyimages.com"]
    with django_capture_on_commit_callbacks(execute=True):
        licence = license_it(approved, people).licence

    download = Download.objects.get(pk=licence.download_id)
    assert download.status == Download.Status.COMPLETED and not download.has_file
    assert "127.0.0.1 is not one of Getty's delivery hosts" in download.file_error
    assert stored_files() == [] and getty.app.total_calls("/delivery/") == 0
    refused = licence.events.get(kind=LicenceEvent.Kind.FILE_REFUSED)
    assert "not one of Getty's delivery hosts" in refused.reason

    settings.GETTY_DELIVERY_HOSTS = ["delivery.gettyimages.com", "127.0.0.1"]
    download = download_fetch_file(download=download, actor=people.pat)

    assert download.has_file and download.file_error == "" and len(stored_files()) == 1
    assert len(getty.app.downloads.recent_first()) == 1
    assert licence.events.filter(kind=LicenceEvent.Kind.FILE_STORED, actor=people.pat).exists()


@pytest.mark.parametrize(
    "fault, refusal",
    [
        (
            {"kind": "status", "status": 302, "headers": {"Location": "http://169.254.169.254/latest/"}},
            "not one of",
        ),
        ({"kind": "status", "status": 200, "body": "<html>not a picture</html>"}, "not a picture"),
    ],
)
def test_redirects_off_the_list_and_non_images_are_refused_before_anything_is_stored(
    getty, approved, people, django_capture_on_commit_callbacks, fault, refusal
):
    fault = dict(fault)
    getty.app.faults.add(fault.pop("kind"), path_prefix="/delivery/", **fault)
    with django_capture_on_commit_callbacks(execute=True):
        licence = license_it(approved, people).licence

    download = Download.objects.get(pk=licence.download_id)
    assert refusal in download.file_error and not download.has_file and stored_files() == []


def test_a_file_over_the_limit_is_refused(
    getty, approved, people, settings, django_capture_on_commit_callbacks
):
    settings.GETTY_DELIVERY_MAX_BYTES = 2048
    with django_capture_on_commit_callbacks(execute=True):
        licence = license_it(approved, people).licence
    assert "more than the 2,048 allowed" in Download.objects.get(pk=licence.download_id).file_error
    assert stored_files() == []


def test_a_delivery_link_is_not_used_after_its_24_hours(getty, approved, people):
    download = license_it(approved, people).licence.download  # the fetch task was not run

    with pytest.raises(LicensingRefused, match="expired"):
        download_fetch_file(download=download, now=download.completed_at + dt.timedelta(hours=24))
    assert getty.app.total_calls("/delivery/") == 0
    assert "expired" in Download.objects.get(pk=download.pk).file_error


def test_a_fetch_refused_by_the_delivery_host_is_raised_and_recorded(getty, approved, people):
    download = license_it(approved, people).licence.download
    getty.app.faults.add("status", status=200, body="nope", path_prefix="/delivery/")

    with pytest.raises(GettyDeliveryRefused):
        download_fetch_file(download=download, actor=people.pat)
    assert Download.objects.get(pk=download.pk).file_error
