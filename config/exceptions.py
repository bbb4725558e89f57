"""The one place where what went wrong becomes an HTTP status.

Domain and client errors say what happened (a stale decision, a picture Getty does not know, Getty
rate-limiting us); this module decides what each means to an HTTP caller. The DRF exception handler
answers `{"detail": message}` with that status; a browser view that shows the message on a page asks
`http_status_of` for the same status.
"""

import datetime as dt
import logging
import math

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from approvals.errors import NotAllowed, StaleDecision
from integration.consonance.errors import ConsonanceError, ConsonanceRejected, ConsonanceUnavailable
from integration.getty.errors import (
    GettyAccessDenied,
    GettyAuthError,
    GettyBadRequest,
    GettyDailyCapReached,
    GettyDownloadOutcomeUnknown,
    GettyError,
    GettyNotFound,
    GettyRateLimited,
    GettyUnavailable,
)
from integration.services.outbox import OutboxRefused

from .errors import ChangedMeanwhile, DomainError, NotPermitted, NotYet

security_log = logging.getLogger("picture_desk.security")

# Most specific first: the first class an error is an instance of decides. A domain error not
# listed is a refused input or transition (400).
STATUS_OF_ERROR: tuple[tuple[type[DomainError], int], ...] = (
    (StaleDecision, status.HTTP_409_CONFLICT),
    # A retry of a write that is not dead (sent, or still on its way): the row's state says no.
    (OutboxRefused, status.HTTP_409_CONFLICT),
    (NotAllowed, status.HTTP_403_FORBIDDEN),
    (ChangedMeanwhile, status.HTTP_409_CONFLICT),
    (NotPermitted, status.HTTP_403_FORBIDDEN),
    (NotYet, status.HTTP_503_SERVICE_UNAVAILABLE),
    (GettyNotFound, status.HTTP_404_NOT_FOUND),
    (GettyBadRequest, status.HTTP_400_BAD_REQUEST),
    # Our Getty agreement does not cover this: a refusal, not an outage.
    (GettyAccessDenied, status.HTTP_403_FORBIDDEN),
    (GettyRateLimited, status.HTTP_503_SERVICE_UNAVAILABLE),
    (GettyDailyCapReached, status.HTTP_503_SERVICE_UNAVAILABLE),
    (GettyUnavailable, status.HTTP_503_SERVICE_UNAVAILABLE),
    (GettyAuthError, status.HTTP_503_SERVICE_UNAVAILABLE),
    (GettyDownloadOutcomeUnknown, status.HTTP_503_SERVICE_UNAVAILABLE),
    (GettyError, status.HTTP_502_BAD_GATEWAY),
    (ConsonanceRejected, status.HTTP_400_BAD_REQUEST),
    (ConsonanceUnavailable, status.HTTP_503_SERVICE_UNAVAILABLE),
    (ConsonanceError, status.HTTP_502_BAD_GATEWAY),
)


def http_status_of(error: DomainError) -> int:
    for error_class, code in STATUS_OF_ERROR:
        if isinstance(error, error_class):
            return code
    return status.HTTP_400_BAD_REQUEST


def retry_after_of(error: DomainError, *, now: dt.datetime | None = None) -> int | None:
    """Whole seconds the caller should wait before trying again, when the error knows."""
    if isinstance(error, GettyDailyCapReached):
        seconds = (error.retry_at - (now or timezone.now())).total_seconds()
    else:
        seconds = getattr(error, "retry_after", None)
    if seconds is None:
        return None
    return max(1, math.ceil(seconds))


def _domain_error_response(error: DomainError) -> Response:
    response = Response({"detail": error.message}, status=http_status_of(error))
    retry_after = retry_after_of(error)
    if retry_after is not None and response.status_code == status.HTTP_503_SERVICE_UNAVAILABLE:
        response["Retry-After"] = str(retry_after)
    return response


def exception_handler(exc, context):
    request = context.get("request")
    if isinstance(exc, DomainError):
        return _domain_error_response(exc)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            detail=exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )
    if isinstance(exc, (PermissionDenied, exceptions.PermissionDenied)) and request is not None:
        security_log.warning(
            "permission denied: user=%s method=%s path=%s",
            getattr(request.user, "username", "anonymous") or "anonymous",
            request.method,
            request.path,
        )
    return drf_exception_handler(exc, context)
