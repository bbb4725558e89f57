"""Faults planned `after`: the sandbox applies the call, then misbehaves; the client cannot know the outcome.

Shown on the Consonance sandbox, whose record of mutations tells whether a write landed.
"""

import pytest
import requests

from sandboxes.faults import FaultInjector, FaultPlanError

from .consonance.graphql import post
from .consonance.test_writes import UPSERT, a_work, permission_input


@pytest.fixture
def work(consonance):
    return a_work(consonance)


def upsert(consonance, work: dict, *, timeout: float = 5):
    return post(consonance, UPSERT, {"input": permission_input(work)}, timeout=timeout)


def test_drop_after_applies_the_write_then_closes_the_connection(consonance, work):
    consonance.app.faults.add("drop", path_prefix="/graphql", after=True)

    with pytest.raises(requests.ConnectionError):
        upsert(consonance, work)

    assert [m["created"] for m in consonance.app.mutation_log()] == [True]
    assert len(consonance.app.picture_permissions()) == 1


@pytest.mark.parametrize("status", [500, 502, 504])
def test_a_server_error_after_the_write_hides_that_it_landed(consonance, work, status):
    consonance.app.faults.add("status", status=status, path_prefix="/graphql", after=True)

    answer = upsert(consonance, work)

    assert answer.status_code == status
    assert len(consonance.app.picture_permissions()) == 1


def test_a_malformed_answer_after_the_write(consonance, work):
    consonance.app.faults.add("malformed", path_prefix="/graphql", after=True)

    answer = upsert(consonance, work)

    with pytest.raises(ValueError):
        answer.json()
    assert len(consonance.app.picture_permissions()) == 1


def test_slow_after_the_write_outlasts_the_client_but_the_write_landed(consonance, work):
    consonance.app.faults.add("slow", delay=0.6, path_prefix="/graphql", after=True)

    with pytest.raises(requests.ReadTimeout):
        upsert(consonance, work, timeout=0.2)

    assert len(consonance.app.mutation_log()) == 1


def test_the_same_fault_without_after_applies_nothing(consonance, work):
    consonance.app.faults.add("status", status=500, path_prefix="/graphql")

    assert upsert(consonance, work).status_code == 500
    assert consonance.app.mutation_log() == []


def test_a_resend_after_an_unknown_outcome_is_logged_but_creates_nothing_new(consonance, work):
    consonance.app.faults.add("drop", path_prefix="/graphql", after=True)
    with pytest.raises(requests.ConnectionError):
        upsert(consonance, work)

    again = upsert(consonance, work).json()["data"]["upsertPicturePermission"]

    assert again["created"] is False
    assert [m["created"] for m in consonance.app.mutation_log()] == [True, False]
    assert consonance.app.records_per_key()["picturePermission"] == {"getty:1234567:lic-88": 1}


def test_after_faults_are_planned_listed_and_refused_over_http(consonance, work):
    planned = requests.post(
        f"{consonance.url}/_sandbox/faults",
        json=[{"kind": "status", "status": 502, "after": True, "path": "/graphql", "next": 2}],
        timeout=5,
    )
    listed = requests.get(f"{consonance.url}/_sandbox/faults", timeout=5).json()
    not_a_bool = requests.post(
        f"{consonance.url}/_sandbox/faults", json={"kind": "drop", "after": "yes"}, timeout=5
    )
    one_bad = requests.post(
        f"{consonance.url}/_sandbox/faults", json=[{"kind": "drop"}, {"kind": "explode"}], timeout=5
    )

    statuses = [upsert(consonance, work).status_code for _ in range(3)]

    assert planned.status_code == 201
    assert listed["pending"] == [
        {
            "kind": "status",
            "status": 502,
            "delay": 0.0,
            "headers": {},
            "body": "",
            "path": "/graphql",
            "next": 2,
            "share": 1.0,
            "after": True,
        }
    ]
    assert not_a_bool.status_code == 400 and "after must be true or false" in not_a_bool.json()["error"]
    assert one_bad.status_code == 400 and "explode" in one_bad.json()["error"]
    assert statuses == [502, 502, 200]  # the bad list added nothing, not even its good plan
    assert [m["created"] for m in consonance.app.mutation_log()] == [True, False, False]
    assert requests.get(f"{consonance.url}/_sandbox/faults", timeout=5).json()["pending"] == []


@pytest.mark.parametrize(
    "plan",
    [
        "drop",
        {"kind": "drop", "share": 2},
        {"kind": "drop", "next": 0},
        {"kind": "slow", "delay": -1},
        {"kind": "status", "status": "teapot"},
        {"kind": "drop", "headers": ["X"]},
    ],
)
def test_bad_plans_are_refused_with_a_reason(plan):
    faults = FaultInjector()

    with pytest.raises(FaultPlanError):
        faults.add_from_json(plan)

    assert faults.pending() == []
