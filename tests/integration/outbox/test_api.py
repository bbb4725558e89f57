"""The outbox API: writes of a request or a title, and retrying a dead one, with the pages' permissions."""

import pytest
from django.contrib.auth.models import Permission
from rest_framework.test import APIClient

from integration.models import OutboxMessage
from tests.factories.outbox import outbox_row
from tests.factories.titles import TitleFactory

pytestmark = pytest.mark.django_db

Status = OutboxMessage.Status


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def retry(pk: int) -> str:
    return f"/api/outbox/{pk}/retry/"


@pytest.fixture
def writes():
    title = TitleFactory()
    older = outbox_row(status=Status.SENT, source_id=7, title=title, label="Permission REQUESTED")
    newer = outbox_row(
        status=Status.DEAD, source_id=7, title=title, label="Permission GRANTED", last_error="No"
    )
    outbox_row(status=Status.SENT, source_id=8, label="Another request")
    return title, older, newer


def test_the_writes_of_a_request_newest_first(people, writes):
    _, older, newer = writes
    response = api(people.edith).get("/api/outbox/", {"source_type": "approval_request", "source_id": "7"})
    assert response.status_code == 200
    assert [row["id"] for row in response.json()] == [newer.pk, older.pk]
    first = response.json()[0]
    assert (
        first["status"] == "dead" and first["label"] == "Permission GRANTED" and first["last_error"] == "No"
    )
    assert (
        first["kind"] == "picture_permission"
        and first["payload"]["externalRef"] == newer.payload["externalRef"]
    )
    assert (first["source_type"], first["source_id"], first["sent_at"]) == ("approval_request", 7, None)


@pytest.mark.parametrize(
    "query, field",
    [
        ({}, "source_type"),
        ({"source_type": "approval_request"}, "source_id"),
        ({"source_type": "approval_request", "source_id": "seven"}, "source_id"),
        ({"source_type": "approval_request", "source_id": "٣"}, "source_id"),
        ({"source_type": "Approval Request!", "source_id": "7"}, "source_type"),
        ({"source_type": "x" * 41, "source_id": "7"}, "source_type"),
    ],
)
def test_a_bad_query_is_refused_with_the_field_named(people, query, field):
    response = api(people.edith).get("/api/outbox/", query)
    assert response.status_code == 400 and field in response.json()


def test_the_writes_about_a_title(people, writes):
    title, older, newer = writes
    response = api(people.lena).get(f"/api/titles/{title.pk}/outbox/")
    assert [row["id"] for row in response.json()] == [newer.pk, older.pk]
    assert response.json()[0]["title"] == title.pk
    assert api(people.lena).get(f"/api/titles/{title.pk + 1}/outbox/").status_code == 404


def test_reading_writes_needs_sign_in_and_the_permission(role_user, writes):
    title = writes[0]
    assert api().get(f"/api/titles/{title.pk}/outbox/").status_code == 401
    outsider = role_user(None, "outsider")
    outsider.user_permissions.add(Permission.objects.get(codename="view_title"))
    response = api(outsider).get("/api/outbox/", {"source_type": "approval_request", "source_id": "7"})
    assert (
        response.status_code == 403
        and response.json()["detail"] == "You cannot see the writes to Consonance."
    )


@pytest.mark.parametrize("who", ["pat", "rita", "ada"])
def test_production_rights_and_admins_retry_a_dead_write(people, writes, who):
    dead = writes[2]
    response = api(getattr(people, who)).post(retry(dead.pk))
    assert response.status_code == 200
    assert (response.json()["id"], response.json()["status"], response.json()["attempts"]) == (
        dead.pk,
        "pending",
        0,
    )
    dead.refresh_from_db()
    assert dead.status == Status.PENDING and dead.last_error.startswith(f"Retried by {who} at ")


@pytest.mark.parametrize("who", ["edith", "lena", "mary", "stan"])
def test_others_may_not_retry(people, writes, who):
    dead = writes[2]
    response = api(getattr(people, who)).post(retry(dead.pk))
    assert response.status_code == 403
    assert response.json()["detail"] == "Only Production, Rights and admins can retry a write to Consonance."
    dead.refresh_from_db()
    assert dead.status == Status.DEAD


def test_retrying_a_sent_write_is_a_conflict_that_says_why(people, writes):
    sent = writes[1]
    response = api(people.pat).post(retry(sent.pk))
    assert response.status_code == 409
    assert response.json()["detail"].startswith(
        "This write was already delivered; sending it again is refused."
    )
    sent.refresh_from_db()
    assert sent.status == Status.SENT


def test_retrying_a_waiting_write_is_a_conflict_too(people):
    waiting = outbox_row(status=Status.RETRYING)
    response = api(people.rita).post(retry(waiting.pk))
    assert response.status_code == 409
    assert (
        response.json()["detail"] == "Only a write that gave up (dead) can be retried; this one is retrying."
    )


def test_retrying_a_write_that_does_not_exist_is_not_found(people):
    assert api(people.pat).post(retry(999999)).status_code == 404
    assert api().post(retry(1)).status_code == 401


def test_the_schema_documents_the_endpoints_and_the_conflict(people):
    schema = api(people.edith).get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert {"/api/outbox/", "/api/titles/{id}/outbox/", "/api/outbox/{id}/retry/"} <= set(schema["paths"])
    responses = schema["paths"]["/api/outbox/{id}/retry/"]["post"]["responses"]
    assert {"200", "403", "404", "409"} <= set(responses)
    parameters = {p["name"] for p in schema["paths"]["/api/outbox/"]["get"]["parameters"]}
    assert {"source_type", "source_id"} <= parameters
