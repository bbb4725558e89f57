"""Simultaneous decisions on one step, with real threads and real connections: exactly one wins.

Runs on whichever database the suite runs on (SQLite by default, PostgreSQL via DATABASE_URL).
"""

import threading

import pytest
from django.db import connection

from approvals import errors
from approvals.models import ApprovalEvent, ApprovalRequest
from approvals.services import step_approve, step_reject, step_request_changes
from tests.factories.approvals import submitted_request

# The flush that ends each of these tests empties the data migrations' rows; approvals' post_migrate
# receiver (approvals.defaults) puts roles, default workflow and digest schedule back.
pytestmark = pytest.mark.django_db(transaction=True)


def decide_together(request_id, deciders):
    """Each decider loads the request as their page did, then all decide at the same moment."""
    barrier = threading.Barrier(len(deciders))
    outcomes = [None] * len(deciders)

    def decide(index, service, actor, comment):
        try:
            mine = ApprovalRequest.objects.select_related("current_step__group").get(pk=request_id)
            barrier.wait(timeout=10)
            service(approval_request=mine, actor=actor, comment=comment)
            outcomes[index] = ("won", actor.username)
        except errors.StaleDecision as error:
            outcomes[index] = ("lost", error.message)
        except Exception as error:  # noqa: BLE001 - reported by the assertions below
            outcomes[index] = ("error", repr(error))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(i, service, actor, comment))
        for i, (service, actor, comment) in enumerate(deciders)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_legal_reviewers_approving_at_once_yield_one_decision(people):
    req = submitted_request(requester=people.edith)
    outcomes = decide_together(req.pk, [(step_approve, people.lena, ""), (step_approve, people.luke, "")])
    won = [o for o in outcomes if o[0] == "won"]
    lost = [o for o in outcomes if o[0] == "lost"]
    assert len(won) == 1 and len(lost) == 1, outcomes
    winner = won[0][1]
    assert lost[0][1].startswith(f"This step was already decided by {winner} at ")
    assert "The request is now: In review." in lost[0][1]
    req.refresh_from_db()
    assert req.current_step.name == "Production" and req.version == 2
    assert ApprovalEvent.objects.filter(request=req, kind="approved").count() == 1


def test_approve_against_reject_against_request_changes_one_wins_and_the_state_is_its(people, role_user):
    from accounts.roles import Role

    more = [role_user(Role.LEGAL, f"legal-extra-{i}") for i in range(3)]
    req = submitted_request(requester=people.edith)
    deciders = [
        (step_approve, people.lena, ""),
        (step_reject, people.luke, "Not for us."),
        (step_request_changes, more[0], "Crop it."),
        (step_approve, more[1], "Fine."),
        (step_reject, more[2], "No."),
    ]
    outcomes = decide_together(req.pk, deciders)
    assert [o[0] for o in outcomes].count("won") == 1, outcomes
    assert [o[0] for o in outcomes].count("lost") == 4, outcomes
    req.refresh_from_db()
    decided = ApprovalEvent.objects.filter(
        request=req, kind__in=["approved", "rejected", "changes_requested"]
    )
    assert decided.count() == 1
    expected = {"approved": "in_review", "rejected": "rejected", "changes_requested": "changes_requested"}
    assert req.status == expected[decided.get().kind]
    assert req.version == 2
