"""The clearance pages as each role sees them: Rights runs a check and records a cleared reprint's
printing; Legal and Production read checks; the others are refused. Bad input: a message, nothing saved."""

import datetime as dt

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rights.models import ClearanceCheck, Printing
from tests.factories.assets import AssetFactory
from tests.factories.rights import book, make_licence

pytestmark = pytest.mark.django_db


def as_user(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def title_products():
    return book()


@pytest.fixture
def next_year():
    return timezone.localdate() + dt.timedelta(days=365)


def reprint_form(products, *, quantity="2000", on, territories="GB", **more):
    return {
        "kind": "reprint",
        "planned_on": on.isoformat(),
        "products": [str(p.pk) for p in products],
        "quantity": quantity,
        "territories": territories,
        **more,
    }


def test_rights_runs_a_check_and_reads_why_it_fails_with_the_fix(client, people, title_products, next_year):
    title, p = title_products
    licence = make_licence(title=title, territories=("GB",), print_run_cap=4000, printed=(3000,))
    withdrawn = make_licence(title=title, asset=AssetFactory(withdrawn_at=timezone.now()))
    url = reverse("rights:clearance-new", args=[title.pk])
    page = as_user(client, people.rita).get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Clearance check: " in text and p["hardback"].isbn13 in text and "Ebook or audio edition" in text

    response = client.post(url, reprint_form([p["hardback"]], on=next_year, territories="GB FR"), follow=True)
    check = ClearanceCheck.objects.get()
    assert response.redirect_chain[-1][0] == reverse("rights:clearance-detail", args=[check.pk])
    text = response.content.decode()
    assert "No go" in text and "2 of 2 licensed pictures may not be used" in text
    assert "Territory not covered: France (FR). The licence covers United Kingdom (GB)." in text
    assert (
        "3,000 copies printed so far and 2,000 copies planned make 5,000, over the print-run cap of 4,000"
        in text
    )
    assert "Getty withdrew this picture on" in text
    assert f'href="{reverse("rights:licence-detail", args=[licence.pk])}">Renew or extend the terms' in text
    assert f'href="{reverse("rights:replacement-find", args=[withdrawn.pk])}">Find a replacement' in text
    assert f"Licence #{withdrawn.pk}" in text
    assert "Record this printing" not in text  # not cleared


def test_a_cleared_reprint_is_recorded_from_its_page_once(client, people, title_products, next_year):
    title, p = title_products
    licence = make_licence(title=title, print_run_cap=5000, printed=(3000,))
    as_user(client, people.rita).post(
        reverse("rights:clearance-new", args=[title.pk]), reprint_form([p["hardback"]], on=next_year)
    )
    check = ClearanceCheck.objects.get()
    detail = reverse("rights:clearance-detail", args=[check.pk])
    text = client.get(detail).content.decode()
    assert "Go" in text and "The one licensed picture this touches is cleared." in text
    assert "Record this printing: 2000 copies" in text

    record = reverse("rights:clearance-record-printing", args=[check.pk])
    text = client.post(record, follow=True).content.decode()
    assert "Printing recorded: 2,000 copies added to the usage of 1 picture." in text
    assert "Record this printing" not in text and "Printing recorded" in text
    assert sorted(Printing.objects.filter(usage__licence=licence).values_list("quantity", flat=True)) == [
        2000,
        3000,
    ]
    text = client.post(record, follow=True).content.decode()
    assert "This printing was already recorded" in text
    assert Printing.objects.filter(usage__licence=licence).count() == 2


@pytest.mark.parametrize(
    "change, field_message",
    [
        ({"territories": "GB XX"}, "Not a country code: XX"),
        ({"quantity": ""}, "Give the number of copies to print, at least 1."),
        ({"quantity": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"quantity": "٣"}, "Enter a whole number."),
        ({"products": []}, "Choose the products the reprint is for."),
        ({"products": ["1x"]}, "is not a valid value"),
        ({"planned_on": "2001-01-01"}, "The planned date is in the past"),
        ({"planned_on": "yesterday"}, "Enter a valid date."),
        ({"kind": "sequel"}, "Select a valid choice."),
        ({"channels": ["radio"]}, "Select a valid choice."),
        ({"note": "n" * 501}, "at most 500 characters"),
        ({"territories": "GB " * 400}, "at most 1000 characters"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(
    client, people, title_products, next_year, change, field_message
):
    title, p = title_products
    make_licence(title=title)
    data = {**reprint_form([p["hardback"]], on=next_year), **change}
    response = as_user(client, people.rita).post(reverse("rights:clearance-new", args=[title.pk]), data)
    assert response.status_code == 400
    assert field_message in response.content.decode()
    assert not ClearanceCheck.objects.exists()


def test_a_product_of_another_title_is_refused(client, people, title_products, next_year):
    title, _ = title_products
    _, other = book()
    response = as_user(client, people.rita).post(
        reverse("rights:clearance-new", args=[title.pk]), reprint_form([other["hardback"]], on=next_year)
    )
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    assert not ClearanceCheck.objects.exists()


def test_who_may_run_read_and_record(client, people, title_products, next_year):
    title, p = title_products
    make_licence(title=title)
    as_user(client, people.rita).post(
        reverse("rights:clearance-new", args=[title.pk]), reprint_form([p["hardback"]], on=next_year)
    )
    check = ClearanceCheck.objects.get()
    new = reverse("rights:clearance-new", args=[title.pk])
    detail = reverse("rights:clearance-detail", args=[check.pk])
    listing = reverse("rights:clearance-list")
    record = reverse("rights:clearance-record-printing", args=[check.pk])

    for reader in (people.lena, people.pat):
        as_user(client, reader)
        assert client.get(new).status_code == 403
        assert client.post(new, reprint_form([p["hardback"]], on=next_year)).status_code == 403
        page = client.get(detail)
        assert page.status_code == 200 and "Record this printing" not in page.content.decode()
        assert client.get(listing).status_code == 200
        assert client.post(record).status_code == 403
    for outsider in (people.edith, people.mary, people.nobody):
        as_user(client, outsider)
        for url in (new, detail, listing):
            assert client.get(url).status_code == 403
        assert client.post(record).status_code == 403
    assert (
        ClearanceCheck.objects.count() == 1
        and not Printing.objects.filter(note__contains="clearance").exists()
    )


def test_missing_rows_and_bad_ids_answer_404(client, people):
    as_user(client, people.rita)
    assert client.get(reverse("rights:clearance-detail", args=[99999])).status_code == 404
    assert client.get(reverse("rights:clearance-new", args=[99999])).status_code == 404
    assert client.get(reverse("rights:clearance-list") + "?title=abc").status_code == 404
    assert client.get("/rights/clearance/%D9%A3/").status_code == 404


def test_the_list_shows_recent_checks_per_title(client, people, next_year):
    title, p = book(title="Salt and Stone")
    other, q = book(title="A Field Guide to Moths")
    as_user(client, people.rita)
    client.post(reverse("rights:clearance-new", args=[title.pk]), reprint_form([p["hardback"]], on=next_year))
    client.post(reverse("rights:clearance-new", args=[other.pk]), reprint_form([q["hardback"]], on=next_year))
    text = client.get(reverse("rights:clearance-list")).content.decode()
    assert title.title in text and "A Field Guide to Moths" in text
    text = client.get(reverse("rights:clearance-list") + f"?title={other.pk}").content.decode()
    assert "Clearance checks: A Field Guide to Moths" in text and f">{title.title}<" not in text


def test_the_title_page_lists_licensed_pictures_and_offers_the_check_to_rights(
    client, people, title_products
):
    title, _ = title_products
    licence = make_licence(title=title, valid_until=timezone.localdate() + dt.timedelta(days=20))
    url = reverse("integration:title-detail", args=[title.pk])
    check_url = reverse("rights:clearance-new", args=[title.pk])
    text = as_user(client, people.rita).get(url).content.decode()
    assert (
        "Licensed pictures" in text and f"#{licence.pk}" in text and "Expiring" in text and check_url in text
    )
    text = as_user(client, people.lena).get(url).content.decode()
    assert "Licensed pictures" in text and check_url not in text
    text = as_user(client, people.edith).get(url).content.decode()
    assert "Licensed pictures" not in text


def test_the_check_prints_without_menus_and_buttons():
    css = open(finders.find("css/app.css")).read()
    print_rules = css[css.index("@media print") :]
    assert ".site-header" in print_rules and ".no-print" in print_rules and "form" in print_rules


def test_the_admin_shows_checks_read_only(client, django_user_model, people, title_products, next_year):
    title, p = title_products
    make_licence(title=title)
    as_user(client, people.rita).post(
        reverse("rights:clearance-new", args=[title.pk]), reprint_form([p["hardback"]], on=next_year)
    )
    check = ClearanceCheck.objects.get()
    admin = django_user_model.objects.create_superuser("ada", "ada@example.com", "pw-for-tests-123")
    as_user(client, admin)
    assert client.get(reverse("admin:rights_clearancecheck_changelist")).status_code == 200
    page = client.get(reverse("admin:rights_clearancecheck_change", args=[check.pk]))
    assert page.status_code == 200 and "Save" not in page.content.decode()
    assert client.get(reverse("admin:rights_clearancecheck_add")).status_code == 403
    assert client.get(reverse("admin:rights_licencealert_changelist")).status_code == 200


def test_the_check_page_reads_a_constant_number_of_queries(client, people, next_year):
    """A check over 40 pictures costs the page what one over 3 does (bench/bench_clearance_check.py
    times it with 500)."""
    as_user(client, people.rita)

    def queries_for(licences: int) -> int:
        title, p = book()
        for i in range(licences):  # every third blocked (Ireland not covered), with its fix link
            make_licence(title=title, territories=("GB",) if i % 3 == 0 else ("GB", "IE"), printed=(100,))
        client.post(
            reverse("rights:clearance-new", args=[title.pk]),
            reprint_form([p["hardback"]], on=next_year, territories="GB IE"),
        )
        check = ClearanceCheck.objects.filter(title=title).get()
        assert check.pictures_checked == licences
        url = reverse("rights:clearance-detail", args=[check.pk])
        client.get(url)  # the session and roles warmed, as on any page after the first
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url)
        assert page.content.decode().count("Renew or extend the terms") == (licences + 2) // 3
        return len(captured)

    assert queries_for(3) == queries_for(40)
