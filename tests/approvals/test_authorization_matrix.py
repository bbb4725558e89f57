"""Who may do what, as a table: every action × every role, the assignee and the requester.

The same table is checked three ways: the service, the browser page and the API. Allowed means the
request moved (its version went up); refused means nothing changed and nobody saw a 500.
"""

import pytest
from django.urls import reverse

from approvals import errors
from approvals.services import (
    IntendedUse,
    request_resubmit,
    request_withdraw,
    step_approve,
    step_reassign,
    step_reject,
    step_request_changes,
)
from tests.factories.approvals import submitted_request

pytestmark = pytest.mark.django_db

# The request: submitted by edith (Editorial), now at the Legal step. "assigned" scenarios have the
# step reassigned to luke (Legal); "changes" scenarios are back with edith after Legal asked for changes.
ACTORS = ["requester", "editorial", "legal", "assignee", "production", "marketing", "rights", "no role"]
WHO = {
    "requester": "edith", "editorial": "evan", "legal": "lena", "assignee": "luke", "production": "pat",
    "marketing": "mary", "rights": "rita", "no role": "nobody",
}  # fmt: skip
Y, N = True, False
MATRIX = {
    #                              requester editorial legal assignee production marketing rights no-role
    ("approve", "open"):          (N,        N,        Y,    Y,       N,         N,        N,     N),
    ("approve", "assigned"):      (N,        N,        N,    Y,       N,         N,        N,     N),
    ("request_changes", "open"):  (N,        N,        Y,    Y,       N,         N,        N,     N),
    ("request_changes", "assigned"): (N,     N,        N,    Y,       N,         N,        N,     N),
    ("reject", "open"):           (N,        N,        Y,    Y,       N,         N,        N,     N),
    ("reject", "assigned"):       (N,        N,        N,    Y,       N,         N,        N,     N),
    ("reassign", "assigned"):     (N,        N,        Y,    Y,       N,         N,        N,     N),
    ("withdraw", "open"):         (Y,        N,        N,    N,       N,         N,        N,     N),
    ("withdraw", "changes"):      (Y,        N,        N,    N,       N,         N,        N,     N),
    ("resubmit", "changes"):      (Y,        N,        N,    N,       N,         N,        N,     N),
}  # fmt: skip
CASES = [
    pytest.param(action, scenario, actor, allowed, id=f"{action}-{scenario}-{actor}")
    for (action, scenario), row in MATRIX.items()
    for actor, allowed in zip(ACTORS, row, strict=True)
]


def arrange(people, scenario):
    req = submitted_request(requester=people.edith)
    if scenario == "assigned":
        step_reassign(approval_request=req, actor=people.lena, assignee=people.luke)
    if scenario == "changes":
        step_request_changes(approval_request=req, actor=people.lena, comment="Crop it.")
    req.refresh_from_db()
    return req


def by_service(people, req, action, actor):
    common = {"approval_request": req, "actor": actor, "expected_version": req.version}
    match action:
        case "approve":
            step_approve(**common)
        case "request_changes":
            step_request_changes(**common, comment="Because.")
        case "reject":
            step_reject(**common, comment="Because.")
        case "reassign":
            step_reassign(**common, assignee=people.lena if actor.username == "luke" else people.luke)
        case "withdraw":
            request_withdraw(**common)
        case "resubmit":
            request_resubmit(
                **common, use=IntendedUse(title=req.title, placement="interior", territories=("GB",))
            )


@pytest.mark.parametrize(("action", "scenario", "actor", "allowed"), CASES)
def test_services(people, action, scenario, actor, allowed):
    req = arrange(people, scenario)
    user = getattr(people, WHO[actor])
    try:
        by_service(people, req, action, user)
    except errors.NotAllowed:
        assert not allowed
    else:
        assert allowed
    req.refresh_from_db()
    assert (req.version > 1 + (scenario != "open")) == allowed


@pytest.mark.parametrize(("action", "scenario", "actor", "allowed"), CASES)
def test_pages(client, people, action, scenario, actor, allowed):
    req = arrange(people, scenario)
    before = req.version
    user = getattr(people, WHO[actor])
    client.force_login(user)
    if action == "resubmit":
        response = client.post(
            reverse("approvals:request-edit", args=[req.pk]),
            {"placement": "interior", "territories": "GB", "version": req.version},
        )
    else:
        data = {"action": action, "version": req.version, "comment": "Because."}
        if action == "reassign":
            data["assignee"] = (people.lena if user.username == "luke" else people.luke).pk
        response = client.post(reverse("approvals:request-act", args=[req.pk]), data)
        # A refusal goes back to the request page (303), which then says why; someone who may not
        # see approvals at all gets 403.
        if allowed:
            assert response.status_code == 302
        elif user.has_perm("approvals.view_approvalrequest"):
            assert response.status_code == 303
            assert 'role="alert"' in client.get(response["Location"]).content.decode()
        else:
            assert response.status_code == 403
    assert response.status_code < 500
    req.refresh_from_db()
    assert (req.version > before) == allowed


@pytest.mark.parametrize(("action", "scenario", "actor", "allowed"), CASES)
def test_api(client, people, action, scenario, actor, allowed):
    req = arrange(people, scenario)
    before = req.version
    user = getattr(people, WHO[actor])
    client.force_login(user)
    if action == "resubmit":
        response = client.put(
            reverse("approvals-api:request-resubmit", args=[req.pk]),
            {"placement": "interior", "territories": ["GB"], "version": req.version},
            content_type="application/json",
        )
    else:
        data = {"version": req.version, "comment": "Because."}
        if action == "reassign":
            data["assignee"] = "lena" if user.username == "luke" else "luke"
        response = client.post(
            reverse("approvals-api:request-action", args=[req.pk, action]),
            data,
            content_type="application/json",
        )
    expected = 200 if allowed else 403
    assert response.status_code == expected, response.content
    req.refresh_from_db()
    assert (req.version > before) == allowed
