"""Garbage in any form field, query parameter or path segment is a 400 or a 404, never a 500.

Each case is one the review found ending in a 500 on SQLite, PostgreSQL or both.
"""

import pytest
from django.urls import reverse

from accounts.roles import Role
from approvals.models import ApprovalRequest
from tests.factories.approvals import submitted_request
from tests.factories.assets import ShortlistItemFactory

pytestmark = pytest.mark.django_db

SUPERSCRIPT_TWO = "\u00b2"
ABOVE_BIGINT = str(2**63)
ABOVE_INTEGER = str(2**31)
THIRTY_NINES = "9" * 30


@pytest.fixture
def people(role_user):
    class People:
        edith = role_user(Role.EDITORIAL, "edith")
        lena = role_user(Role.LEGAL, "lena")

    return People


@pytest.fixture
def request_to_edit(client, people):
    req = submitted_request(requester=people.edith)
    client.force_login(people.lena)
    client.post(
        reverse("approvals:request-act", args=[req.pk]),
        {"action": "request_changes", "version": req.version, "comment": "Crop it."},
    )
    req.refresh_from_db()
    assert req.status == ApprovalRequest.Status.CHANGES_REQUESTED
    client.force_login(people.edith)
    return req


@pytest.fixture
def world(people):
    """A request in review (Legal's turn) on a title with a shortlist item, as a dict of ids."""
    req = submitted_request(requester=people.edith)
    item = ShortlistItemFactory(title=req.title)
    return {"title": req.title_id, "req": req.pk, "item": item.pk, "asset": req.asset.getty_id}


PROBES = [
    # (who, method, url, data, JSON body?, expected status)
    # 1. Digits that are not ASCII.
    ("edith", "get", "/approvals/titles/{title}/submit/?item=" + SUPERSCRIPT_TWO, None, False, 200),
    ("lena", "post", "/approvals/queue/approve/", {"pick": SUPERSCRIPT_TWO}, False, 400),
    ("lena", "post", "/approvals/queue/approve/", {"pick": "{req}:" + SUPERSCRIPT_TWO}, False, 400),
    ("edith", "post", "/approvals/notifications/read/", {"id": SUPERSCRIPT_TWO}, False, 302),
    ("lena", "get", "/approvals/queue/?group=" + SUPERSCRIPT_TWO, None, False, 200),
    ("edith", "get", "/titles/{title}/pictures/{asset}/?need=" + SUPERSCRIPT_TWO, None, False, 200),
    ("edith", "get", "/api/products/?title=" + SUPERSCRIPT_TWO, None, False, 400),
    # 2. Integers beyond the column.
    ("lena", "post", "/approvals/queue/approve/", {"pick": ABOVE_BIGINT + ":1"}, False, 400),
    ("lena", "post", "/approvals/queue/approve/", {"pick": "{req}:" + ABOVE_INTEGER}, False, 400),
    ("edith", "post", "/approvals/notifications/read/", {"id": ABOVE_BIGINT}, False, 302),
    ("lena", "get", "/approvals/queue/?page=" + THIRTY_NINES, None, False, 200),
    ("lena", "get", "/approvals/queue/?group=" + ABOVE_BIGINT, None, False, 200),
    ("edith", "get", "/approvals/mine/?page=" + THIRTY_NINES, None, False, 200),
    ("edith", "get", "/approvals/notifications/?page=" + THIRTY_NINES, None, False, 200),
    ("edith", "get", "/titles/?page=" + THIRTY_NINES, None, False, 200),
    ("edith", "get", "/titles/{title}/pictures/{asset}/?need=" + THIRTY_NINES, None, False, 200),
    ("edith", "get", "/approvals/requests/" + ABOVE_BIGINT + "/", None, False, 404),
    ("edith", "get", "/approvals/titles/" + ABOVE_BIGINT + "/submit/", None, False, 404),
    ("edith", "get", "/titles/" + ABOVE_BIGINT + "/", None, False, 404),
    (
        "edith",
        "post",
        "/titles/{title}/shortlist/" + ABOVE_BIGINT + "/move/",
        {"direction": "up"},
        False,
        404,
    ),
    ("edith", "post", "/titles/{title}/themes/" + ABOVE_BIGINT + "/remove/", {}, False, 404),
    ("edith", "post", "/titles/{title}/references/" + ABOVE_BIGINT + "/remove/", {}, False, 404),
    (
        "edith",
        "post",
        "/approvals/titles/{title}/submit/",
        {"items": [ABOVE_BIGINT], "placement": "interior", "territories": "GB"},
        False,
        400,
    ),
    (
        "edith",
        "post",
        "/approvals/titles/{title}/submit/",
        {"items": ["{item}"], "products": [ABOVE_BIGINT], "placement": "interior", "territories": "GB"},
        False,
        400,
    ),
    ("edith", "get", "/api/products/?title=" + ABOVE_BIGINT, None, False, 400),
    ("edith", "get", "/api/titles/?page=" + THIRTY_NINES, None, False, 404),
    ("edith", "get", "/api/titles/" + ABOVE_BIGINT + "/", None, False, 404),
    ("edith", "patch", "/api/titles/{title}/shortlist/" + ABOVE_BIGINT + "/", {"note": "x"}, True, 404),
    ("edith", "delete", "/api/titles/{title}/shortlist/" + ABOVE_BIGINT + "/", None, True, 404),
    (
        "edith",
        "post",
        "/api/titles/{title}/shortlist/" + ABOVE_BIGINT + "/move/",
        {"direction": "up"},
        True,
        404,
    ),
    ("edith", "delete", "/api/titles/{title}/themes/" + ABOVE_BIGINT + "/", None, True, 404),
    ("edith", "delete", "/api/titles/{title}/reference-images/" + ABOVE_BIGINT + "/", None, True, 404),
    (
        "edith",
        "post",
        "/api/approvals/requests/",
        {"asset": "{asset}", "title": "{title}", "placement": "interior", "print_run": 2**63},
        True,
        400,
    ),
    (
        "edith",
        "post",
        "/api/approvals/requests/",
        {"asset": "{asset}", "title": "{title}", "placement": "interior", "products": [2**63]},
        True,
        400,
    ),
    (
        "edith",
        "post",
        "/api/approvals/requests/",
        {"asset": "{asset}", "title": 2**63, "placement": "interior"},
        True,
        400,
    ),
    ("lena", "post", "/api/approvals/bulk-approve/", {"requests": [{"id": 2**63, "version": 1}]}, True, 400),
    ("lena", "get", "/api/approvals/requests/?scope=queue&page=" + THIRTY_NINES, None, True, 200),
    # 3. NUL characters.
    ("edith", "get", "/titles/{title}/pictures/%00/", None, False, 400),
    ("edith", "get", "/api/pictures/%00/", None, False, 400),
    ("edith", "get", "/api/titles/?search=%00", None, False, 400),
    ("edith", "get", "/titles/?q=%00", None, False, 400),
    ("edith", "post", "/titles/{title}/shortlist/", {"getty_id": "a\x00b"}, False, 400),
    ("edith", "post", "/titles/{title}/themes/", {"name": "a\x00b"}, False, 400),
    ("edith", "post", "/api/titles/{title}/shortlist/", {"getty_id": "a\x00b"}, True, 400),
    ("edith", "post", "/api/titles/{title}/themes/", {"name": "a\x00b"}, True, 400),
    # 4. Ids that cannot be Getty's.
    ("edith", "get", "/api/pictures/%2e%2e/", None, False, 404),
    ("edith", "get", "/titles/{title}/pictures/%2e%2e/", None, False, 404),
    ("edith", "post", "/api/titles/{title}/shortlist/", {"getty_id": ".."}, True, 400),
    ("edith", "post", "/api/titles/{title}/reference-images/", {"getty_id": "../search"}, True, 400),
    (
        "edith",
        "post",
        "/api/approvals/requests/",
        {"asset": "..", "title": "{title}", "placement": "interior"},
        True,
        400,
    ),
]


def _fill(value, ids):
    if isinstance(value, str):
        return value.format(**ids) if "{" in value else value
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


@pytest.mark.parametrize("who,method,url,data,as_json,expected", PROBES)
def test_bad_input_is_a_400_or_404_never_a_500(
    client, people, world, getty, who, method, url, data, as_json, expected
):
    client.force_login(getattr(people, who))
    kwargs = {"content_type": "application/json"} if as_json else {}
    response = getattr(client, method)(_fill(url, world), _fill(data, world), **kwargs)
    assert response.status_code == expected, response.content[:300]


def test_print_run_past_a_32_bit_integer_is_a_field_error_on_api_submit_and_edit_pages(
    client, people, world, request_to_edit
):
    api = client.post(
        "/api/approvals/requests/",
        {"asset": world["asset"], "title": world["title"], "placement": "interior", "print_run": 2**31},
        content_type="application/json",
    )
    assert api.status_code == 400 and "print_run" in api.json()
    page = client.post(
        f"/approvals/titles/{world['title']}/submit/",
        {"items": [world["item"]], "placement": "interior", "territories": "GB", "print_run": ABOVE_INTEGER},
    )
    assert page.status_code == 400 and "less than or equal to 2147483647" in page.content.decode()
    edit = client.post(
        f"/approvals/requests/{request_to_edit.pk}/edit/",
        {
            "placement": "interior",
            "territories": "GB",
            "print_run": ABOVE_INTEGER,
            "version": request_to_edit.version,
        },
    )
    assert edit.status_code == 400 and "less than or equal to 2147483647" in edit.content.decode()


def test_versions_in_other_digits_are_refused_on_the_edit_page_and_the_resubmit_api(client, request_to_edit):
    edit = client.post(
        f"/approvals/requests/{request_to_edit.pk}/edit/",
        {"placement": "interior", "territories": "GB", "version": SUPERSCRIPT_TWO},
    )
    assert edit.status_code == 400
    api = client.put(
        f"/api/approvals/requests/{request_to_edit.pk}/resubmit/",
        {"placement": "interior", "version": SUPERSCRIPT_TWO},
        content_type="application/json",
    )
    assert api.status_code == 400 and "version" in api.json()


def test_an_id_that_is_not_getty_s_never_reaches_getty(client, people, world, getty):
    client.force_login(people.edith)
    before = getty.app.total_calls()
    assert client.get("/api/pictures/%2e%2e/").status_code == 404
    assert client.get("/api/pictures/a%2Fb/").status_code == 404
    assert getty.app.total_calls() == before


def test_long_lists_are_refused_with_a_message_before_any_query(client, people, world):
    client.force_login(people.lena)
    picks = [f"{n}:1" for n in range(1, 102)]
    page = client.post("/approvals/queue/approve/", {"pick": picks})
    assert page.status_code == 400 and "At most 100 requests in one go" in page.content.decode()
    api = client.post(
        "/api/approvals/bulk-approve/",
        {"requests": [{"id": n, "version": 1} for n in range(1, 102)]},
        content_type="application/json",
    )
    assert api.status_code == 400 and "requests" in api.json()
    client.force_login(people.edith)
    many = [str(n) for n in range(1, 102)]
    submit = client.post(
        f"/approvals/titles/{world['title']}/submit/",
        {"items": many, "products": many, "placement": "interior", "territories": "GB"},
    )
    assert submit.status_code == 400 and "At most 100 pictures in one go" in submit.content.decode()
    api = client.post(
        "/api/approvals/requests/",
        {
            "asset": world["asset"],
            "title": world["title"],
            "placement": "interior",
            "products": list(range(1, 102)),
            "territories": ["GB"] * 301,
        },
        content_type="application/json",
    )
    assert api.status_code == 400 and {"products", "territories"} <= set(api.json())
