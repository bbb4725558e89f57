"""API plumbing shared by every app: the exception handler that maps domain errors to 400s."""

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

security_log = logging.getLogger("picture_desk.security")


class DomainError(Exception):
    """A refusal a person should read: services raise subclasses, views and the API show `message`."""

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def exception_handler(exc, context):
    request = context.get("request")
    if isinstance(exc, DomainError):
        return Response({"detail": exc.message}, status=exc.status_code)
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
