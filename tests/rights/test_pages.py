"""The rights pages as each role sees them: licensing from an approved request, the licence, its terms,
the stored file and the list by status. Refusals are messages on the page, never a 500."""

import hashlib

import pytest
from django.urls import reverse

from rights.models import Download, Licence
from rights.services import LicenseOrder, picture_license

pytestmark = pytest.mark.django_db


def as_user(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def licensed(getty, approved, people, django_capture_on_commit_callbacks) -> Licence:
    with django_capture_on_commit_callbacks(execute=True):
        return picture_license(
            approval_request=approved, order=LicenseOrder("40101"), actor=people.pat
        ).licence


def test_the_approved_request_page_offers_licensing_to_production_only(client, approved, people):
    url = reverse("approvals:request-detail", args=[approved.pk])
    license_url = reverse("rights:license-request", args=[approved.pk])
    assert "License at Getty" in as_user(client, people.pat).get(url).content.decode()
    page = as_user(client, people.rita).get(url).content.decode()
    assert "License at Getty" not in page and "Open its licence" in page and license_url in page
    page = as_user(client, people.edith).get(url).content.decode()
    assert license_url not in page


def test_production_chooses_a_product_and_licenses(
    client, approved, people, getty, django_capture_on_commit_callbacks
):
    url = reverse("rights:license-request", args=[approved.pk])
    page = as_user(client, people.pat).get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Premium Access - Picture Desk Publishing" in text and "500 of 500" in text
    assert "This agreement is not active." in text and "ISBN 9781780000011" in text

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"product": "40101"}, follow=True)

    licence = Licence.objects.get(request=approved)
    assert response.redirect_chain[-1][0] == reverse("rights:licence-detail", args=[licence.pk])
    text = response.content.decode()
    assert "Licensed at Getty with Premium Access" in text and "The file is being fetched" in text
    assert "Waiting for Legal" in text and "Permission GRANTED" in text
    text = client.get(response.redirect_chain[-1][0]).content.decode()  # the worker has fetched it since
    assert "Download the licensed file" in text and "Fetch the file" not in text
    assert client.get(url).status_code == 302  # licensed: the licensing page now leads to the licence


@pytest.mark.parametrize(
    "data, status, message",
    [
        ({}, 400, "Choose the Getty product to pay with."),
        ({"product": "40101'; drop"}, 400, "Choose one of the products listed."),
        ({"product": "x" * 41}, 400, "at most 40 characters"),
        ({"product": "99999"}, 400, "not one of our agreements"),
        ({"product": "40104"}, 400, "This agreement is not active. Nothing was downloaded."),
        ({"product": "40102"}, 400, "does not offer this picture"),
        ({"product": "40101", "project_code": "p" * 101}, 400, "at most 100 characters"),
    ],
)
def test_bad_choices_are_refused_with_a_message_and_nothing_spent(
    client, approved, people, getty, data, status, message
):
    response = as_user(client, people.pat).post(reverse("rights:license-request", args=[approved.pk]), data)
    assert response.status_code == status
    assert message in response.content.decode()
    assert not Download.objects.exists() and not getty.app.downloads.recent_first()


def test_an_unknown_outcome_is_explained_and_the_page_does_not_ask_getty_again(
    client, approved, people, getty
):
    getty.app.faults.add("drop", path_prefix="/v3/downloads/images")
    response = as_user(client, people.pat).post(
        reverse("rights:license-request", args=[approved.pk]), {"product": "40101"}
    )
    assert response.status_code == 503
    assert "never paid for twice" in response.content.decode()


def test_who_may_open_the_licensing_page(client, approved, people, getty):
    url = reverse("rights:license-request", args=[approved.pk])
    for person in (people.edith, people.mary, people.nobody):
        assert as_user(client, person).get(url).status_code == 403
    for person in (people.lena, people.rita):
        response = as_user(client, person).get(url)
        assert response.status_code == 200 and "not licensed yet" in response.content.decode()
    assert as_user(client, people.pat).get(reverse("rights:license-request", args=[10**9])).status_code == 404


def test_the_licence_page_is_for_rights_legal_and_production(client, licensed, people):
    url = reverse("rights:licence-detail", args=[licensed.pk])
    for person in (people.rita, people.lena, people.pat):
        page = as_user(client, person).get(url)
        assert page.status_code == 200
        assert licensed.agreement_name in page.content.decode()
    for person in (people.edith, people.mary, people.nobody):
        assert as_user(client, person).get(url).status_code == 403
    assert as_user(client, people.rita).get(reverse("rights:licence-detail", args=[10**9])).status_code == 404
    page = as_user(client, people.lena).get(url).content.decode()
    assert "Confirm terms" in page
    assert "Edit terms" in as_user(client, people.rita).get(url).content.decode()


def test_the_stored_file_is_served_to_people_working_on_the_pictures(client, licensed, people, getty):
    url = reverse("rights:licence-file", args=[licensed.pk])
    fetched = getty.app.total_calls("/delivery/")
    for person in (people.edith, people.rita):
        response = as_user(client, person).get(url)
        body = b"".join(response.streaming_content)
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
        assert hashlib.sha256(body).hexdigest() == Download.objects.get(pk=licensed.download_id).sha256
        assert f"GettyImages-{licensed.asset.getty_id}.jpg" in response["Content-Disposition"]
    assert getty.app.total_calls("/delivery/") == fetched  # served from storage, never from Getty
    assert as_user(client, people.nobody).get(url).status_code == 403


def test_legal_confirms_the_terms_on_the_form(client, licensed, people):
    url = reverse("rights:licence-terms", args=[licensed.pk])
    form = as_user(client, people.lena).get(url)
    assert form.status_code == 200 and "Confirm terms" in form.content.decode()
    hardback = licensed.products.get(isbn13="9781780000011")
    data = {
        "territories": "GB IE US",
        "channels": ["print", "digital"],
        "products": [hardback.pk],
        "print_run_cap": "20000",
        "valid_from": "2027-01-01",
        "perpetual": "on",
        "fee": "0",
        "fee_currency": "GBP",
        "licence_reference": "GI-PA-2026-1",
        "credit_line": "Jane Doe / Getty Images",
        "notes": "",
        "reason": "Agreement checked.",
        "version": str(licensed.version),
    }

    response = client.post(url, data, follow=True)

    licensed.refresh_from_db()
    assert licensed.is_confirmed and licensed.territories == ["GB", "IE", "US"]
    assert list(licensed.products.all()) == [hardback] and licensed.print_run_cap == 20_000
    assert "Terms confirmed." in response.content.decode()

    stale = client.post(url, {**data, "licence_reference": "GI-2"})
    assert stale.status_code == 409 and "Someone else changed this licence" in stale.content.decode()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"territories": "GB XX"}, "Not a country code: XX"),
        ({"perpetual": "", "valid_until": ""}, "Give the last day the licence covers"),
        ({"valid_until": "2030-01-01"}, "A perpetual licence has no end date"),
        ({"print_run_cap": "99999999999"}, "less than or equal to"),
        ({"print_run_cap": "٣"}, "Enter a whole number"),
        ({"products": ["abc"]}, ""),
        ({"version": "x"}, ""),
        ({"fee": "-5"}, "greater than or equal to 0"),
        ({"notes": "n" * 4001}, "at most 4000 characters"),
    ],
)
def test_bad_terms_are_field_errors_and_change_nothing(client, licensed, people, changes, message):
    data = {
        "territories": "GB",
        "perpetual": "on",
        "fee_currency": "GBP",
        "version": str(licensed.version),
        **changes,
    }
    response = as_user(client, people.lena).post(reverse("rights:licence-terms", args=[licensed.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    licensed.refresh_from_db()
    assert licensed.version == 1 and not licensed.is_confirmed


def test_rights_saves_terms_that_wait_for_legal_and_others_cannot_open_the_form(client, licensed, people):
    url = reverse("rights:licence-terms", args=[licensed.pk])
    for person in (people.pat, people.edith, people.nobody):
        assert as_user(client, person).get(url).status_code == 403
    response = as_user(client, people.rita).post(
        url,
        {
            "territories": "GB IE",
            "perpetual": "on",
            "fee_currency": "GBP",
            "licence_reference": "R-1",
            "version": "1",
        },
        follow=True,
    )
    assert "they wait for Legal to confirm them" in response.content.decode()
    licensed.refresh_from_db()
    assert licensed.licence_reference == "R-1" and not licensed.is_confirmed


def test_the_licence_list_by_status(client, licensed, people):
    url = reverse("rights:licence-list")
    page = as_user(client, people.rita).get(url).content.decode()
    assert f"#{licensed.pk} " in page and "Active (1)" in page and "Expired (0)" in page
    assert f"#{licensed.pk} " not in client.get(url, {"status": "expired"}).content.decode()
    odd = client.get(url, {"status": "<script>", "page": "9" * 30})
    assert odd.status_code == 200 and "was not understood" in odd.content.decode()
    for person in (people.edith, people.mary, people.nobody):
        assert as_user(client, person).get(url).status_code == 403


def test_the_navigation_shows_rights_to_its_roles(client, people):
    for person, shown in (
        (people.rita, True),
        (people.lena, True),
        (people.pat, True),
        (people.edith, False),
    ):
        page = as_user(client, person).get(reverse("home")).content.decode()
        assert (f'href="{reverse("rights:dashboard")}"' in page) is shown
