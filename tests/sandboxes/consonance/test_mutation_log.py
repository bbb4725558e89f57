"""The sandbox's own record of mutations: the ground truth for "every write arrives, none twice"."""

from datetime import datetime

import requests

from .graphql import data
from .test_picture_brief import UPDATE_BRIEF, brief_input
from .test_writes import ATTACH, CREATE, UPDATE, UPSERT, a_work, permission_input


def jacket_todo(consonance, work: dict) -> dict:
    todos = data(consonance, "query($w: Int!) { todos(workId: $w) { id kind } }", {"w": work["id"]})["todos"]
    return next(todo for todo in todos if todo["kind"] == "JACKET")


def test_every_mutation_that_took_effect_is_logged_in_order_with_its_key(consonance):
    work = a_work(consonance)
    todo = jacket_todo(consonance, work)
    attachment = {"todoId": todo["id"], "externalRef": "getty:1:2", "url": "https://example.com/r/2"}

    data(consonance, UPSERT, {"input": permission_input(work)})
    data(consonance, UPSERT, {"input": permission_input(work)})  # the same content again
    data(consonance, ATTACH, {"input": attachment})
    data(consonance, UPDATE_BRIEF, {"input": brief_input(work["id"])})
    resource = data(
        consonance,
        CREATE,
        {
            "input": {
                "workId": work["id"],
                "imageRemoteUrl": "https://media.example.com/1.jpg",
                "externalRef": "getty:1:2",
            }
        },
    )["createSupportingResource"]["supportingResource"]
    data(consonance, UPDATE, {"input": {"id": resource["id"], "status": "APPROVED"}})

    log = consonance.app.mutation_log()

    assert [(m["operation"], m["key"], m["created"]) for m in log] == [
        ("upsertPicturePermission", "getty:1234567:lic-88", True),
        ("upsertPicturePermission", "getty:1234567:lic-88", False),
        ("attachToTodo", f"{todo['id']}:getty:1:2", True),
        ("updatePictureBrief", str(work["id"]), True),
        ("createSupportingResource", str(resource["id"]), True),
        ("updateSupportingResource", str(resource["id"]), False),
    ]
    assert [m["seq"] for m in log] == [1, 2, 3, 4, 5, 6]
    assert {m["workId"] for m in log} == {work["id"]}
    assert log[2]["externalRef"] == "getty:1:2" and log[3]["externalRef"] is None
    assert all(isinstance(m["at"], datetime) for m in log)


def test_refused_mutations_and_reads_are_not_logged(consonance):
    work = a_work(consonance)

    data(consonance, UPSERT, {"input": permission_input(work, territoryIncluded="Narnia")})
    data(consonance, UPDATE_BRIEF, {"input": brief_input(1)})
    data(consonance, "{ picturePermissions { id } }")

    assert consonance.app.mutation_log() == []


def test_records_per_key_counts_what_is_stored_and_finds_a_duplicate_resource(consonance):
    work = a_work(consonance)
    todo = jacket_todo(consonance, work)
    create = {
        "workId": work["id"],
        "imageRemoteUrl": "https://media.example.com/1.jpg",
        "externalRef": "getty:5:6",
    }
    for _ in range(2):
        data(consonance, UPSERT, {"input": permission_input(work)})
        data(
            consonance,
            ATTACH,
            {"input": {"todoId": todo["id"], "externalRef": "getty:5:6", "url": "https://e.com"}},
        )
        data(consonance, UPDATE_BRIEF, {"input": brief_input(work["id"])})
        # Not idempotent in Consonance: a second create makes a second resource with the same marker.
        data(consonance, CREATE, {"input": create})

    assert consonance.app.records_per_key() == {
        "picturePermission": {"getty:1234567:lic-88": 1},
        "todoAttachment": {f"{todo['id']}:getty:5:6": 1},
        "pictureBrief": {str(work["id"]): 1},
        "supportingResource": {"getty:5:6": 2},
    }


def test_the_log_is_read_over_http_and_reset_clears_it(consonance):
    work = a_work(consonance)
    data(consonance, UPSERT, {"input": permission_input(work)})

    answer = requests.get(f"{consonance.url}/_sandbox/mutations", timeout=5).json()
    requests.post(f"{consonance.url}/_sandbox/reset", timeout=5)
    after_reset = requests.get(f"{consonance.url}/_sandbox/mutations", timeout=5).json()

    [entry] = answer["mutations"]
    assert {k: v for k, v in entry.items() if k != "at"} == {
        "seq": 1,
        "operation": "upsertPicturePermission",
        "key": "getty:1234567:lic-88",
        "created": True,
        "workId": work["id"],
        "externalRef": "getty:1234567:lic-88",
    }
    assert datetime.fromisoformat(entry["at"]).tzinfo is not None
    assert answer["recordsPerKey"]["picturePermission"] == {"getty:1234567:lic-88": 1}
    assert after_reset["mutations"] == []
    assert after_reset["recordsPerKey"]["picturePermission"] == {}


def test_a_kept_copy_of_the_log_does_not_change_the_sandbox(consonance):
    work = a_work(consonance)
    data(consonance, UPSERT, {"input": permission_input(work)})

    consonance.app.mutation_log()[0]["created"] = False
    consonance.app.mutation_log().clear()

    assert [m["created"] for m in consonance.app.mutation_log()] == [True]
