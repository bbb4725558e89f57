"""The Consonance client against the sandbox over a real socket: reads, writes, retries, errors."""

import datetime as dt
import socket
import time

import pytest

from integration.consonance.client import ConsonanceClient
from integration.consonance.errors import (
    ConsonanceAuthError,
    ConsonanceBadResponse,
    ConsonanceOutcomeUnknown,
    ConsonanceQueryError,
    ConsonanceRejected,
    ConsonanceUnavailable,
)
from integration.consonance.extension import PicturePermissionInput
from tests.fixtures.consonance import CONSONANCE_TEST_WORKS

FIRST_PAGE = "query FirstPage { works(workSearch: {after: 0}) { id title } }"


@pytest.fixture
def client(consonance):
    with ConsonanceClient(max_retries=3) as client:
        yield client


def test_client_pages_every_work_with_keyset_paging_until_an_empty_page(consonance, client):
    pages = list(client.iter_work_pages())

    ids = [work.id for page in pages for work in page]
    assert len(ids) == CONSONANCE_TEST_WORKS
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert consonance.app.total_calls() == len(pages) + 2  # the empty page that ends the loop, read twice


EMPTY_WORKS_PAGE = '{"data": {"works": []}}'


def test_one_empty_page_in_the_middle_does_not_end_the_catalogue(consonance, client):
    consonance.app.faults.add("status", status=200, body=EMPTY_WORKS_PAGE, path_prefix="/graphql", next_n=1)

    ids = [work.id for page in client.iter_work_pages() for work in page]

    assert len(ids) == CONSONANCE_TEST_WORKS
    assert not consonance.app.faults.pending()


def test_a_todo_answer_without_the_works_asked_for_is_an_error_not_empty_todos(consonance, client):
    work_ids = [w.id for w in next(client.iter_work_pages())[:3]]
    consonance.app.faults.add("status", status=200, body=EMPTY_WORKS_PAGE, path_prefix="/graphql", next_n=1)

    with pytest.raises(ConsonanceBadResponse, match="without the works asked for"):
        client.todos_for_works(work_ids)


def test_paging_starts_after_the_given_work(consonance, client):
    first_page = next(client.iter_work_pages())
    cursor = max(w.id for w in first_page)

    rest = [work.id for page in client.iter_work_pages(after=cursor) for work in page]

    assert min(rest) > cursor
    assert len(rest) == CONSONANCE_TEST_WORKS - len(first_page)


def test_client_parses_works_into_typed_records(consonance, client):
    work = next(client.iter_work_pages())[0]

    assert work.title and work.imprint_name and work.products
    assert {s.scheme for s in work.subject_codes} <= {"THEMA", "BIC", "BISAC"}
    physical = [p for p in work.products if p.kind == "PhysicalBookProduct"]
    assert physical and all(p.height_cm is not None and len(p.isbn13) == 13 for p in physical)
    assert all(p.publication_date is not None for p in work.products)


def test_client_asks_for_changes_since_a_date(consonance, client):
    work_id = consonance.app.work_ids()[7]
    later_than_the_catalogue = dt.date(2030, 6, 1)
    consonance.app.touch_work(work_id, title="A Touched Title", on=later_than_the_catalogue)

    changed = [
        work for page in client.iter_work_pages(changed_since=later_than_the_catalogue) for work in page
    ]

    assert [(w.id, w.title) for w in changed] == [(work_id, "A Touched Title")]


def test_todos_for_many_works_take_one_request(consonance, client):
    work_ids = consonance.app.work_ids()[:50]

    todos = client.todos_for_works(work_ids)

    assert consonance.app.total_calls() == 1
    assert set(todos) == set(work_ids)
    assert {t.kind for ts in todos.values() for t in ts} >= {"MANUSCRIPT", "JACKET", "MARKETING"}


FAULTS = {
    "rate limited (429)": {"kind": "status", "status": 429},
    "unavailable (503)": {"kind": "status", "status": 503},
    "bad gateway (502)": {"kind": "status", "status": 502},
    "slow past the timeout": {"kind": "slow", "delay": 2.0},
    "dropped connection": {"kind": "drop"},
    "malformed JSON": {"kind": "malformed"},
}


@pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())
def test_each_fault_is_retried_then_the_call_succeeds(consonance, fault):
    plan = dict(fault)
    consonance.app.faults.add(plan.pop("kind"), next_n=2, **plan)

    # The timeout must stay well above a normal answer's time on a busy machine.
    with ConsonanceClient(timeout=1.0, max_retries=3) as client:
        data = client.execute(FIRST_PAGE, operation_name="FirstPage")

    assert len(data["works"]) > 0
    assert consonance.app.total_calls() == 3


def test_retries_exhausted_raise_unavailable_with_a_readable_message(consonance):
    consonance.app.faults.add("status", status=503, next_n=10)

    with ConsonanceClient(max_retries=2) as client, pytest.raises(ConsonanceUnavailable) as raised:
        client.execute(FIRST_PAGE)

    assert consonance.app.total_calls() == 3
    assert "HTTP 503" in raised.value.message
    assert "gave up after 3 attempts" in raised.value.message


def test_malformed_answers_exhausted_raise_bad_response(consonance):
    consonance.app.faults.add("malformed", next_n=10)

    with ConsonanceClient(max_retries=1) as client, pytest.raises(ConsonanceBadResponse) as raised:
        client.execute(FIRST_PAGE)

    assert consonance.app.total_calls() == 2
    assert "not valid JSON" in raised.value.message


def test_retry_after_of_a_429_is_waited_for(consonance):
    consonance.app.faults.add("status", status=429, headers={"Retry-After": "0.3"}, next_n=1)

    started = time.monotonic()
    with ConsonanceClient() as client:
        client.execute(FIRST_PAGE)

    assert time.monotonic() - started >= 0.3
    assert consonance.app.total_calls() == 2


def test_a_wrong_key_is_refused_once_without_retry(consonance):
    with ConsonanceClient(api_key="x" * 32) as client, pytest.raises(ConsonanceAuthError) as raised:
        client.execute(FIRST_PAGE)

    assert consonance.app.total_calls() == 1
    assert raised.value.message == "Consonance refused our API key (401). Check CONSONANCE_API_KEY."


def test_a_query_error_is_not_retried(consonance, client):
    with pytest.raises(ConsonanceQueryError) as raised:
        client.execute("query { works { noSuchField } }")

    assert consonance.app.total_calls() == 1
    assert "noSuchField" in raised.value.message
    assert raised.value.errors[0]["message"]


def test_an_unreachable_server_says_where_it_looked():
    with socket.socket() as sock:  # a port that was free a moment ago: nobody listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"

    with (
        ConsonanceClient(base_url=url, max_retries=1) as client,
        pytest.raises(ConsonanceUnavailable) as raised,
    ):
        client.execute(FIRST_PAGE)

    assert raised.value.message.startswith(f"Consonance could not be reached at {url}/graphql")
    assert not raised.value.may_have_acted


# --- writes -------------------------------------------------------------------------------------------


def test_create_supporting_resource_lands_in_consonance_with_our_marker(consonance, client):
    work = next(client.iter_work_pages())[0]
    hardback = next(p for p in work.products if p.form_code == "BB")

    created = client.create_supporting_resource(
        work_id=work.id,
        image_remote_url="https://example.com/pictures/lighthouse.jpg",
        caption="Lighthouse at dusk",
        required_credit="Jane Doe / Getty Images",
        resource_variant="FRONT_COVER",
        product_ids=[hardback.id],
        external_ref="getty:1400000001:77",
    )

    written = consonance.app.written_supporting_resources()
    assert [(r["id"], r["workId"], r["productIds"], r["externalRef"]) for r in written] == [
        (created.supporting_resource.id, work.id, [hardback.id], "getty:1400000001:77")
    ]
    assert created.supporting_resource.resource_variant == "FRONT_COVER"
    found = client.supporting_resources_for_work(work.id)
    assert "getty:1400000001:77" in [r.external_ref for r in found]


def test_create_supporting_resource_with_a_file_name_returns_where_to_upload(consonance, client):
    work_id = consonance.app.work_ids()[0]

    created = client.create_supporting_resource(work_id=work_id, resource_file_name="cover.jpg")

    assert created.presigned_url.startswith(f"{consonance.url}/uploads/{created.supporting_resource.id}/")
    assert created.supporting_resource.is_processing


def test_create_supporting_resource_is_not_resent_when_the_outcome_is_unknown(consonance, client):
    consonance.app.faults.add("drop", next_n=1)
    work_id = consonance.app.work_ids()[0]

    with pytest.raises(ConsonanceOutcomeUnknown) as raised:
        client.create_supporting_resource(work_id=work_id, image_remote_url="https://example.com/a.jpg")

    assert consonance.app.total_calls() == 1
    assert "check before sending it again" in raised.value.message


def test_create_supporting_resource_is_resent_after_a_503_and_made_once(consonance, client):
    consonance.app.faults.add("status", status=503, next_n=1)
    work_id = consonance.app.work_ids()[0]

    client.create_supporting_resource(work_id=work_id, image_remote_url="https://example.com/a.jpg")

    assert consonance.app.total_calls() == 2
    assert len(consonance.app.written_supporting_resources()) == 1


def test_update_supporting_resource_changes_only_what_is_given(consonance, client):
    work_id = consonance.app.work_ids()[0]
    created = client.create_supporting_resource(
        work_id=work_id, image_remote_url="https://example.com/a.jpg", caption="Before", copyright="Getty"
    )

    updated = client.update_supporting_resource(
        id=created.supporting_resource.id, caption="After", status="APPROVED"
    )

    assert (updated.caption, updated.copyright, updated.status) == ("After", "Getty", "APPROVED")


def test_a_refused_write_raises_with_consonance_field_errors(consonance, client):
    with pytest.raises(ConsonanceRejected) as raised:
        client.create_supporting_resource(work_id=999_999, image_remote_url="https://example.com/a.jpg")

    assert raised.value.errors[0]["field"] == "workId"
    assert "Work 999999 does not exist" in raised.value.message


def test_upsert_picture_permission_twice_keeps_one_record(consonance, client):
    work_id = consonance.app.work_ids()[3]
    permission = PicturePermissionInput(
        work_id=work_id,
        external_ref="getty:1400000001:77",
        rights_holder="Getty Images",
        licence_type="ROYALTY_FREE",
        status="GRANTED",
        channels=["PRINT", "EBOOK"],
        territory_included="WORLD",
        fee_amount=250,
        fee_currency="GBP",
    )

    first = client.upsert_picture_permission(permission)
    second = client.upsert_picture_permission(permission)

    assert first.id == second.id
    assert len(consonance.app.picture_permissions()) == 1
    assert (second.fee_amount, second.fee_currency, second.channels) == (250, "GBP", ["PRINT", "EBOOK"])
    assert [p.id for p in client.picture_permissions(external_ref="getty:1400000001:77")] == [first.id]


def test_upsert_picture_permission_with_a_bad_territory_is_refused(consonance, client):
    permission = PicturePermissionInput(
        work_id=consonance.app.work_ids()[3],
        external_ref="getty:1:2",
        rights_holder="Getty Images",
        licence_type="RIGHTS_MANAGED",
        status="REQUESTED",
        territory_included="Europe",
    )

    with pytest.raises(ConsonanceRejected) as raised:
        client.upsert_picture_permission(permission)

    assert raised.value.errors[0]["field"] == "territoryIncluded"
    assert consonance.app.picture_permissions() == []


def test_attach_to_todo_is_idempotent_on_the_reference(consonance, client):
    work_id = consonance.app.work_ids()[0]
    jacket = next(t for t in client.todos_for_works([work_id])[work_id] if t.kind == "JACKET")

    for label in ("Cover picture", "Cover picture (approved)"):
        todo = client.attach_to_todo(
            todo_id=jacket.id,
            external_ref="getty:1400000001:77",
            url="https://example.com/a.jpg",
            label=label,
        )

    assert [(a.external_ref, a.label) for a in todo.attachments] == [
        ("getty:1400000001:77", "Cover picture (approved)")
    ]
    assert len(consonance.app.todo_attachments()) == 1


def test_a_proxy_named_in_the_environment_is_used_unless_no_proxy_names_consonance(consonance, monkeypatch):
    """The environment is read once, when the client is made, not scanned again on every call."""
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        proxy = f"http://127.0.0.1:{closed.getsockname()[1]}"
    monkeypatch.setenv("HTTP_PROXY", proxy)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    through_proxy = ConsonanceClient(max_retries=0)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    direct = ConsonanceClient(max_retries=0)
    monkeypatch.delenv("NO_PROXY")

    with pytest.raises(ConsonanceUnavailable, match="could not be reached"):
        through_proxy.picture_permissions(external_ref="getty:1:1")
    assert direct.picture_permissions(external_ref="getty:1:1") == []
