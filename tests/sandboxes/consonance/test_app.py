"""The Consonance sandbox over a real socket: authentication, errors, introspection, paging, faults."""

from datetime import UTC, datetime, timedelta

import pytest
import requests
from graphql import get_introspection_query

from sandboxes.consonance.catalogue import isbn13
from tests.fixtures.consonance import CONSONANCE_TEST_WORKS

from .graphql import all_works, data, post

UNAUTHORIZED = {"errors": [{"message": "Unauthorized", "extensions": {"code": "UNAUTHENTICATED"}}]}


@pytest.mark.parametrize("key", [None, "wrong-key-wrong-key-wrong-key-00", ""])
def test_missing_or_wrong_key_is_refused_with_401(consonance, key):
    response = post(consonance, "{ works { id } }", key=key)

    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED


def test_token_scheme_of_the_old_rest_api_is_refused(consonance):
    response = requests.post(
        f"{consonance.url}/graphql",
        json={"query": "{ works { id } }"},
        headers={"Authorization": f"Token token={consonance.app.api_key}"},
        timeout=5,
    )

    assert response.status_code == 401


def test_unknown_field_answers_200_with_a_located_graphql_error(consonance):
    response = post(consonance, "{ works { id colour } }")

    assert response.status_code == 200
    [error] = response.json()["errors"]
    assert "colour" in error["message"]
    assert error["locations"] == [{"line": 1, "column": 14}]
    assert error["path"] is None
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "data" not in response.json()


def test_syntax_error_and_bad_variable_are_graphql_errors(consonance):
    syntax = post(consonance, "{ works { id ")
    bad_date = post(
        consonance,
        "query($since: ISO8601Date) { works(workSearch: {changedSince: $since}) { id } }",
        {"since": "last tuesday"},
    )

    assert syntax.status_code == 200
    assert syntax.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    assert bad_date.status_code == 200
    assert "YYYY-MM-DD" in bad_date.json()["errors"][0]["message"]
    assert bad_date.json()["data"] is None


def test_body_that_is_not_a_graphql_request_is_a_400(consonance):
    response = requests.post(
        f"{consonance.url}/graphql",
        data=b"works please",
        headers={"Authorization": f"Bearer {consonance.app.api_key}"},
        timeout=5,
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_introspection_shows_documented_names_and_the_extension(consonance):
    schema = data(
        consonance,
        """{ __schema {
              queryType { fields { name } }
              mutationType { fields { name } }
              types { name kind fields { name } possibleTypes { name } } } }""",
    )["__schema"]
    types = {t["name"]: t for t in schema["types"]}

    assert {f["name"] for f in schema["queryType"]["fields"]} >= {
        "works",
        "work",
        "products",
        "product",
        "picturePermissions",
        "todos",
    }
    assert {f["name"] for f in schema["mutationType"]["fields"]} == {
        "createSupportingResource",
        "updateSupportingResource",
        "upsertPicturePermission",
        "attachToTodo",
        "updatePictureBrief",
    }
    assert types["Product"]["kind"] == "INTERFACE"
    assert {t["name"] for t in types["Product"]["possibleTypes"]} == {
        "PhysicalBookProduct",
        "ElectronicBookProduct",
        "ElectronicAudioProduct",
    }
    assert {"productHeight", "approximatePageCount"} <= {
        f["name"] for f in types["PhysicalBookProduct"]["fields"]
    }
    assert {"imprint", "subjectCodes", "seriesMemberships", "supportingResources"} <= {
        f["name"] for f in types["Work"]["fields"]
    }
    assert "externalRef" in {f["name"] for f in types["SupportingResource"]["fields"]}
    assert "pictureBrief" in {f["name"] for f in types["Work"]["fields"]}
    assert {f["name"] for f in types["PictureBrief"]["fields"]} == {
        "visualThemes",
        "referenceImages",
        "updatedAt",
    }


def test_keyset_paging_returns_every_work_exactly_once_in_ascending_order(consonance):
    pages, after = [], None
    while True:
        page = data(
            consonance, "query($after: Int) { works(workSearch: {after: $after}) { id } }", {"after": after}
        )
        if not page["works"]:
            break
        pages.append([work["id"] for work in page["works"]])
        after = pages[-1][-1]
    ids = [work_id for page in pages for work_id in page]

    assert len(ids) == CONSONANCE_TEST_WORKS
    assert ids == sorted(set(ids))
    assert max(len(page) for page in pages) == consonance.app.state.page_size
    assert sorted(ids) == consonance.app.work_ids()


def test_products_page_by_id_too(consonance):
    found, after = [], None
    while True:
        page = data(
            consonance,
            "query($after: Int) { products(productSearch: {after: $after}) { id work { id } } }",
            {"after": after},
        )["products"]
        if not page:
            break
        found.extend(page)
        after = page[-1]["id"]
    nested = [product["id"] for work in all_works(consonance) for product in work["products"]]

    assert sorted(product["id"] for product in found) == sorted(nested)
    assert len({product["id"] for product in found}) == len(found)
    assert all(product["work"]["id"] for product in found)


def test_changed_since_finds_a_touched_work_and_nothing_older(consonance):
    work_id = consonance.app.work_ids()[17]
    today = datetime.now(UTC).date()
    consonance.app.touch_work(work_id, title="The Renamed Lighthouse")

    changed = all_works(consonance, since=today.isoformat())

    assert [work["id"] for work in changed] == [work_id]
    assert changed[0]["title"] == "The Renamed Lighthouse"
    assert {product["fullTitle"] for product in changed[0]["products"]} == {"The Renamed Lighthouse"}


def test_changed_since_is_inclusive_of_the_day_and_products_follow_their_work(consonance):
    work_id = consonance.app.work_ids()[3]
    day = datetime.now(UTC).date() - timedelta(days=1)
    consonance.app.touch_work(work_id, on=day)

    works = data(
        consonance,
        "query($d: ISO8601Date) { works(workSearch: {changedSince: $d}) { id } }",
        {"d": day.isoformat()},
    )["works"]
    products = data(
        consonance,
        "query($d: ISO8601Date) { products(productSearch: {changedSince: $d}) { id work { id } } }",
        {"d": day.isoformat()},
    )["products"]

    assert [work["id"] for work in works] == [work_id]
    assert products and {product["work"]["id"] for product in products} == {work_id}


def test_removed_work_disappears_until_reset(consonance):
    work_id = consonance.app.work_ids()[0]
    consonance.app.remove_work(work_id)
    query = "query($id: Int) { work(workSearch: {idEq: $id}) { id } }"

    assert data(consonance, query, {"id": work_id})["work"] is None
    assert len(all_works(consonance)) == CONSONANCE_TEST_WORKS - 1

    consonance.app.reset()

    assert data(consonance, query, {"id": work_id})["work"] == {"id": work_id}


def test_every_isbn_is_unique_with_a_valid_check_digit(consonance):
    isbns = [product["isbn"]["isbn13"] for work in all_works(consonance) for product in work["products"]]

    assert len(isbns) == len(set(isbns)) > CONSONANCE_TEST_WORKS
    assert all(len(isbn) == 13 and isbn.startswith("978") and isbn13(isbn[:12]) == isbn for isbn in isbns)


def test_search_attributes_find_products_and_works(consonance):
    some = all_works(consonance)[42]
    product = some["products"][0]

    by_isbn = data(
        consonance,
        "query($isbn: String) { product(productSearch: {isbn13Eq: $isbn}) { id isbn { isbn13 } } }",
        {"isbn": product["isbn"]["isbn13"]},
    )["product"]
    by_title = data(
        consonance,
        "query($t: String) { works(workSearch: {titleCont: $t}) { id title } }",
        {"t": some["title"].lower()},
    )["works"]
    by_imprint = data(consonance, "{ works(workSearch: {imprintIdIn: [2]}) { imprint { name } } }")["works"]
    audio = data(
        consonance, "{ products(productSearch: {onix21ProductFormCodeIn: [AJ]}) { inHouseFormat { code } } }"
    )

    assert by_isbn == {"id": product["id"], "isbn": product["isbn"]}
    assert some["id"] in [work["id"] for work in by_title]
    assert by_imprint and {work["imprint"]["name"] for work in by_imprint} == {"Kestrel Children's"}
    assert audio["products"] and {p["inHouseFormat"]["code"] for p in audio["products"]} == {"AUD"}


def test_trim_height_converts_units(consonance):
    query = """{ products { ... on PhysicalBookProduct {
        cm: productHeight(unit: CM) mm: productHeight(unit: MM) } } }"""
    heights = [product for product in data(consonance, query)["products"] if product]

    assert heights
    assert all(17.8 <= product["cm"] <= 28 for product in heights)
    assert all(product["mm"] == pytest.approx(product["cm"] * 10) for product in heights)


# --- faults ---------------------------------------------------------------------------------------------


def test_429_for_the_next_call_only(consonance):
    consonance.app.faults.add("status", status=429, headers={"Retry-After": "1"}, path_prefix="/graphql")

    first = post(consonance, "{ works { id } }")
    second = post(consonance, "{ works { id } }")

    assert first.status_code == 429
    assert first.headers["Retry-After"] == "1"
    assert second.status_code == 200


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_for_the_next_n_calls(consonance, status):
    consonance.app.faults.add("status", status=status, next_n=2)

    statuses = [post(consonance, "{ works { id } }").status_code for _ in range(3)]

    assert statuses == [status, status, 200]


def test_slow_answer_runs_past_the_client_timeout(consonance):
    consonance.app.faults.add("slow", delay=1.0)

    with pytest.raises(requests.ReadTimeout):
        post(consonance, "{ works { id } }", timeout=0.2)


def test_dropped_connection(consonance):
    consonance.app.faults.add("drop")

    with pytest.raises(requests.ConnectionError):
        post(consonance, "{ works { id } }")


def test_malformed_json(consonance):
    consonance.app.faults.add("malformed")

    response = post(consonance, "{ works { id } }")

    assert response.status_code == 200
    with pytest.raises(ValueError):
        response.json()


def test_a_share_of_calls_fails_and_faults_can_be_planned_over_http(consonance):
    planned = requests.post(
        f"{consonance.url}/_sandbox/faults", json={"kind": "status", "status": 503, "share": 0.5}, timeout=5
    )

    statuses = [post(consonance, "{ work(workSearch: {idEq: 1}) { id } }").status_code for _ in range(40)]

    assert planned.status_code == 201
    assert 5 < statuses.count(503) < 35
    assert statuses.count(200) == 40 - statuses.count(503)
    assert consonance.app.total_calls("/graphql") == 40


def test_the_standard_introspection_query_of_graphql_clients_succeeds(consonance):
    schema = data(consonance, get_introspection_query(descriptions=True))["__schema"]

    assert schema["queryType"]["name"] == "Query"
    assert "ISO8601Date" in {t["name"] for t in schema["types"]}
