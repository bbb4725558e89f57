"""The clearance API: the same service as the page, field errors for bad input, 403 for other roles,
and the operations in the OpenAPI schema."""

import datetime as dt
import json

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from rights.models import ClearanceCheck, Printing
from tests.factories.assets import AssetFactory
from tests.factories.rights import book, make_licence

pytestmark = pytest.mark.django_db
URL = "/api/rights/clearance-checks/"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def title_products():
    return book()


@pytest.fixture
def next_year():
    return (timezone.localdate() + dt.timedelta(days=365)).isoformat()


def body(title, products, on, **more):
    return {
        "title": title.pk,
        "kind": "reprint",
        "planned_on": on,
        "products": [p.pk for p in products],
        "quantity": 2000,
        **more,
    }


def test_rights_runs_a_check_and_gets_the_reasons_with_their_fixes(people, title_products, next_year):
    title, p = title_products
    licence = make_licence(title=title, asset=AssetFactory(editorial=True), placement="front_cover")
    response = api(people.rita).post(
        URL, body(title, [p["hardback"]], next_year, territories=["gb"]), format="json"
    )
    assert response.status_code == 201, response.content
    data = response.json()
    check = ClearanceCheck.objects.get()
    assert data["id"] == check.pk and data["verdict"] == "no_go" and data["territories"] == ["GB"]
    assert data["channels"] == ["print"] and data["checked_by"] == "rita"
    assert data["products"] == [
        {"id": p["hardback"].pk, "isbn13": p["hardback"].isbn13, "format_name": "Hardback"}
    ]
    (result,) = data["results"]
    assert result["licence"] == licence.pk and result["verdict"] == "no_go"
    (reason,) = result["reasons"]
    assert reason == {
        "code": "editorial_use_on_cover",
        "blocking": True,
        "message": "Editorial use only: the picture may not be used on a cover (front cover).",
        "fix": "replace",
        "fix_url": f"/rights/licences/{licence.pk}/replacement/",
        "fix_label": "Find a replacement",
    }
    assert api(people.lena).get(f"{URL}{check.pk}/").json() == data
    listed = api(people.pat).get(URL, {"title": title.pk}).json()["results"]
    assert [c["id"] for c in listed] == [check.pk] and "results" not in listed[0]


def test_recording_a_cleared_reprint_through_the_api(people, title_products, next_year):
    title, p = title_products
    licence = make_licence(title=title, print_run_cap=5000, printed=(3000,))
    check = api(people.rita).post(URL, body(title, [p["hardback"]], next_year), format="json").json()
    assert check["verdict"] == "go"
    url = f"{URL}{check['id']}/record-printing/"
    assert api(people.lena).post(url).status_code == 403
    response = api(people.rita).post(url)
    assert response.status_code == 200 and response.json()["printing_recorded_at"]
    assert Printing.objects.filter(usage__licence=licence).count() == 2
    again = api(people.rita).post(url)
    assert again.status_code == 400 and "already recorded" in again.json()["detail"]
    assert api(people.rita).post(f"{URL}99999/record-printing/").status_code == 404


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"title": 99999}, "title", "No such title."),
        ({"title": "1x"}, "title", "A valid integer is required."),
        ({"products": [99999]}, "products", "Every product must be one of"),
        ({"products": []}, "products", "Choose the products the reprint is for."),
        ({"quantity": None}, "quantity", "Give the number of copies"),
        ({"quantity": 0}, "quantity", "greater than or equal to 1"),
        ({"quantity": 2**31}, "quantity", "less than or equal to"),
        ({"territories": ["GB", "XX"]}, "territories", "Not a country code: XX"),
        ({"territories": ["G\x00B"]}, "territories", "Null characters are not allowed."),
        ({"channels": ["radio"]}, "channels", "is not a valid choice"),
        ({"planned_on": "2001-01-01"}, "planned_on", "in the past"),
        ({"planned_on": "9999-12-31"}, "planned_on", "at most 50 years"),
        ({"kind": "sequel"}, "kind", "is not a valid choice"),
        ({"note": "n" * 501}, "note", "no more than 500 characters"),
    ],
)
def test_bad_input_answers_400_with_the_field_and_saves_nothing(
    people, title_products, next_year, change, field, message
):
    title, p = title_products
    response = api(people.rita).post(
        URL, {**body(title, [p["hardback"]], next_year), **change}, format="json"
    )
    assert response.status_code == 400
    assert message in json.dumps(response.json()[field]), response.json()
    assert not ClearanceCheck.objects.exists()


def test_other_roles_are_refused(people, title_products, next_year):
    title, p = title_products
    for person in (people.lena, people.pat, people.edith):
        assert (
            api(person).post(URL, body(title, [p["hardback"]], next_year), format="json").status_code == 403
        )
    for person in (people.edith, people.mary, people.nobody):
        assert api(person).get(URL).status_code == 403
    assert APIClient().get(URL).status_code == 401
    assert api(people.rita).get(URL, {"title": "abc"}).status_code == 400
    assert not ClearanceCheck.objects.exists()


def test_the_operations_are_in_the_schema(people):
    client = APIClient()
    client.force_authenticate(people.rita)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    assert set(paths[URL]) >= {"get", "post"}
    assert paths[URL]["post"]["operationId"] == "rights_clearance_check_run"
    assert "201" in paths[URL]["post"]["responses"] and "403" in paths[URL]["post"]["responses"]
    assert "get" in paths["/api/rights/clearance-checks/{id}/"]
    assert "post" in paths["/api/rights/clearance-checks/{id}/record-printing/"]
