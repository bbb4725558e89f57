"""The licences API: licences with filters, one licence with usages and history, usages, the permissions
log and the evidence pack, through the same selectors and exports as the pages, with the same roles."""

import csv
import datetime as dt
import io
import zipfile

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from rights.models import Licence, Usage
from tests.factories.rights import book, make_licence

pytestmark = pytest.mark.django_db

Status = Licence.Status


def api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


@pytest.fixture
def desk():
    title, products = book(title="The Salt Road")
    other, _ = book(title="A Quiet Harbour")
    soon = make_licence(
        title=title,
        covered=[products["hardback"]],
        valid_until=dt.date(2026, 12, 31),
        status=Status.EXPIRING,
        printed=(3000, 1000),
        print_run_cap=5000,
    )
    later = make_licence(title=title, valid_until=dt.date(2029, 6, 30), confirmed=False, rights_managed=True)
    elsewhere = make_licence(title=other, perpetual=True)
    return {"title": title, "other": other, "soon": soon, "later": later, "elsewhere": elsewhere}


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_licences_are_listed_newest_first_and_filtered(people, desk):
    client = api(people.rita)
    assert ids(client.get("/api/rights/licences/")) == [
        desk["elsewhere"].pk,
        desk["later"].pk,
        desk["soon"].pk,
    ]
    assert ids(client.get("/api/rights/licences/", {"status": "expiring"})) == [desk["soon"].pk]
    assert ids(client.get("/api/rights/licences/", {"title": desk["other"].pk})) == [desk["elsewhere"].pk]
    assert ids(client.get("/api/rights/licences/", {"confirmed": "false"})) == [desk["later"].pk]
    assert ids(client.get("/api/rights/licences/", {"license_model": "rightsmanaged"})) == [desk["later"].pk]
    window = {"ends_from": "2026-01-01", "ends_to": "2027-01-01"}
    assert ids(client.get("/api/rights/licences/", window)) == [desk["soon"].pk]
    assert ids(client.get("/api/rights/licences/", {"asset": desk["soon"].asset.getty_id})) == [
        desk["soon"].pk
    ]
    by_end = {"ordering": "valid_until", "title": desk["title"].pk}
    assert ids(client.get("/api/rights/licences/", by_end)) == [desk["soon"].pk, desk["later"].pk]

    row = client.get("/api/rights/licences/", {"status": "expiring"}).json()["results"][0]
    assert row["title"] == desk["title"].pk and row["title_name"] == "The Salt Road"
    assert row["asset"] == desk["soon"].asset.getty_id and row["valid_until"] == "2026-12-31"
    assert row["products"] == [p.pk for p in desk["soon"].products.all()] and row["confirmed"] is True


@pytest.mark.parametrize(
    "query",
    [
        {"status": "lapsed"},
        {"title": "12a"},
        {"title": "99999999999999999999"},
        {"ends_to": "2026-02-30"},
        {"asset": "not a getty id!"},
        {"license_model": "free"},
    ],
)
def test_bad_filters_are_field_errors(people, query):
    response = api(people.rita).get("/api/rights/licences/", query)
    assert response.status_code == 400
    assert set(response.json()) == set(query)


def test_one_licence_with_its_terms_file_usages_and_history(people, desk):
    response = api(people.lena).get(f"/api/rights/licences/{desk['soon'].pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["print_run_cap"] == 5000 and body["status"] == "expiring"
    assert [p["isbn13"] for p in body["products"]] == [desk["soon"].products.get().isbn13]
    assert body["usages"][0]["printed"] == 4000
    assert [p["quantity"] for p in body["usages"][0]["printings"]] == [3000, 1000]
    assert body["file"] == {"stored": False, "sha256": "", "bytes": None, "width": None, "height": None,
                            "content_type": ""}  # fmt: skip
    assert body["events"] == []  # written straight to the database by the factory
    assert api(people.lena).get("/api/rights/licences/999999/").status_code == 404


def test_usages_are_listed_with_what_was_printed(people, desk):
    client = api(people.pat)
    response = client.get("/api/rights/usages/", {"licence": desk["soon"].pk})
    assert response.status_code == 200
    (usage,) = response.json()["results"]
    assert (
        usage["licence"] == desk["soon"].pk and usage["printed"] == 4000 and usage["placement"] == "interior"
    )
    Usage.objects.filter(licence=desk["later"]).update(status=Usage.Status.WITHDRAWN)
    assert [
        u["licence"] for u in client.get("/api/rights/usages/", {"status": "withdrawn"}).json()["results"]
    ] == [desk["later"].pk]
    assert client.get("/api/rights/usages/", {"title": desk["title"].pk}).json()["count"] == 2


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8")[1:])))


def test_the_permissions_log_comes_as_csv_for_every_title_or_one(people, desk):
    client = api(people.rita)
    every = _csv(client.get("/api/rights/permissions-log/"))
    assert every[0][:3] == ["Licence", "Title", "Item"] and len(every) == 4
    one = _csv(client.get("/api/rights/permissions-log/", {"title": desk["title"].pk}))
    assert {row[0] for row in one[1:]} == {str(desk["soon"].pk), str(desk["later"].pk)}
    # Refusals are JSON whatever was asked for.
    response = client.get("/api/rights/permissions-log/", {"title": "abc"}, HTTP_ACCEPT="text/csv")
    assert response.status_code == 400 and "title" in response.json()
    response = client.get("/api/rights/permissions-log/", {"title": 999999})
    assert response.status_code == 404 and response.json() == {"detail": "No such title."}


def test_the_evidence_pack_comes_as_a_zip_and_is_refused_past_its_bound(people, desk, settings):
    client = api(people.rita)
    response = client.get(f"/api/rights/titles/{desk['title'].pk}/evidence-pack/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
    assert f"licences/licence-{desk['soon'].pk}.json" in names and "manifest.json" in names
    settings.RIGHTS_EVIDENCE_PACK_MAX_LICENCES = 1
    response = client.get(f"/api/rights/titles/{desk['title'].pk}/evidence-pack/")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The Salt Road has 2 licences; an evidence pack holds at most 1. "
        "Export the permissions log instead."
    }
    assert client.get("/api/rights/titles/999999/evidence-pack/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/api/rights/licences/",
        "/api/rights/usages/",
        "/api/rights/permissions-log/",
        "/api/rights/titles/1/evidence-pack/",
    ],
)
@pytest.mark.parametrize("who", ["edith", "mary", "nobody"])
def test_people_who_do_not_read_licences_are_refused(people, url, who):
    response = api(getattr(people, who)).get(url)
    assert response.status_code == 403 and response.json()["detail"]


def test_anonymous_callers_get_401():
    assert APIClient().get("/api/rights/licences/").status_code == 401
