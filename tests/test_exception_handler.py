"""Domain and client errors say what went wrong; one handler decides what each means over HTTP."""

import datetime as dt

import pytest
from rest_framework.test import APIRequestFactory

from approvals.errors import ApprovalError, NotAllowed, StaleDecision
from config.errors import DomainError
from config.exceptions import exception_handler
from integration.consonance.errors import ConsonanceRejected, ConsonanceUnavailable
from integration.getty.errors import (
    GettyAccessDenied,
    GettyBadRequest,
    GettyDailyCapReached,
    GettyError,
    GettyNotFound,
    GettyRateLimited,
    GettyUnavailable,
)


def answer(error):
    request = APIRequestFactory().get("/api/anything/")
    return exception_handler(error, {"request": request})


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (ApprovalError("A comment is required to reject."), 400),
        (NotAllowed("You cannot approve this request now."), 403),
        (StaleDecision("This step was already decided.", current_status="approved"), 409),
        (GettyNotFound("ImageNotFound"), 404),
        (GettyBadRequest(error_code="InvalidParameterValue", message="bad sort"), 400),
        (GettyAccessDenied("NoAccessToProductType"), 403),
        (GettyRateLimited("qps"), 503),
        (GettyUnavailable("timeout"), 503),
        (GettyError("odd"), 502),
        (ConsonanceRejected("ISBN taken"), 400),
        (ConsonanceUnavailable("down"), 503),
        (DomainError("plain refusal"), 400),
    ],
)
def test_each_error_has_one_status_and_its_sentence(error, status):
    response = answer(error)
    assert response.status_code == status
    assert response.data == {"detail": error.message}


def test_errors_carry_no_http_status_of_their_own():
    for error_class in (DomainError, ApprovalError, NotAllowed, StaleDecision, GettyError, GettyNotFound):
        assert not hasattr(error_class, "status_code")


def test_a_known_wait_is_sent_as_retry_after():
    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)
    capped = answer(GettyDailyCapReached("cap", retry_at=tomorrow))
    assert capped.status_code == 503 and 7190 <= int(capped["Retry-After"]) <= 7200
    busy = answer(ConsonanceUnavailable("busy", retry_after=2.5))
    assert busy["Retry-After"] == "3"
    assert "Retry-After" not in answer(GettyUnavailable("timeout"))
