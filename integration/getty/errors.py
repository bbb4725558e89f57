"""What can go wrong talking to Getty, in words a picture editor understands.

Every error is a `config.errors.DomainError`, so a view shows `user_message`; `config/exceptions.py`
decides what each means to an API caller. `detail` keeps the technical reason (Getty's ErrorCode and
message) for logs and admins; `status` is the HTTP status Getty answered, for the client's own
decisions, never the status we answer with.
`retryable` marks what the client's retry policy may try again; callers never need to look at it.
"""

import datetime as dt

from config.errors import DomainError


class GettyError(DomainError):
    user_message = "Something went wrong talking to Getty Images. Please try again."
    retryable = False

    def __init__(self, detail: str = "", *, status: int | None = None, user_message: str | None = None):
        if user_message is not None:
            self.user_message = user_message
        super().__init__(self.user_message)
        self.detail = detail
        self.status = status

    def __str__(self):
        return f"{self.user_message} ({self.detail})" if self.detail else self.user_message


class GettyUnavailable(GettyError):
    """Network failure, timeout, 5xx or an unreadable answer, after the retries ran out."""

    user_message = "Getty could not be reached. Please try again in a minute."
    retryable = True


class GettyDeadlineExceeded(GettyUnavailable):
    """The Getty calls of one request (or one background call) used up their time budget, retries included."""

    retryable = False

    def __init__(self, detail: str = "", *, seconds: float, status: int | None = None):
        super().__init__(
            detail,
            status=status,
            user_message=f"Getty did not answer within {seconds:g} seconds. Please try again in a minute.",
        )


class GettyRateLimited(GettyError):
    """Getty refused for queries per second (429, or 403 with the QPS detail), after the retries ran out."""

    # Said after our retries ran out: nothing tries again on its own after this.
    user_message = (
        "Getty is limiting how often we may ask, and refused again when we retried. "
        "Please try again in a minute."
    )
    retryable = True


class GettyNoSlot(GettyRateLimited):
    """No slot of our own share of the rate limit came in time: many calls are waiting for Getty."""

    user_message = (
        "Picture Desk is already asking Getty as fast as our key allows. Please try again in a few seconds."
    )
    retryable = False


class GettyDailyCapReached(GettyError):
    """The key's daily cap is spent: park the work until `retry_at`, it is not a failure."""

    user_message = "We have used today's Getty allowance. The work waits until it resets."

    def __init__(self, detail: str = "", *, retry_at: dt.datetime, status: int | None = None):
        super().__init__(detail, status=status)
        self.retry_at = retry_at


class GettyBadRequest(GettyError):
    user_message = "Getty did not accept the request."

    def __init__(
        self, detail: str = "", *, error_code: str = "", message: str = "", status: int | None = 400
    ):
        super().__init__(
            detail or f"{error_code}: {message}",
            status=status,
            user_message=f"Getty did not accept the request: {message}" if message else None,
        )
        self.error_code = error_code
        self.message_from_getty = message


class GettyNotFound(GettyError):
    user_message = "Getty does not know this picture (it may have been withdrawn)."


class GettyAuthError(GettyError):
    """Our key, secret or user credentials were refused: an administrator has to fix the settings."""

    user_message = "Getty refused our credentials. An administrator needs to check the Getty settings."


class GettyUserTokenRequired(GettyAuthError):
    user_message = (
        "Getty needs a named Getty user for this (downloads, products, history). "
        "An administrator needs to set GETTY_USERNAME and GETTY_PASSWORD."
    )


class GettyAccessDenied(GettyError):
    """403 from the application (e.g. NoAccessToProductType): our agreement does not cover this."""

    user_message = "Our Getty agreement does not allow this."


class GettyOverageLimit(GettyAccessDenied):
    user_message = "The Getty product has no downloads left. Ask for the agreement to be topped up."


class GettyDownloadOutcomeUnknown(GettyError):
    """The download POST got no clear answer: it may have spent a download. Check history before retrying."""

    user_message = (
        "Getty did not confirm the download in time. We are checking Getty's download history "
        "before trying again, so the picture is not paid for twice."
    )

    def __init__(self, detail: str = "", *, image_id: str, sent_at: dt.datetime, status: int | None = None):
        super().__init__(detail, status=status)
        self.image_id = image_id
        self.sent_at = sent_at


class GettyDeliveryRefused(GettyError):
    """The delivery link or what it served is not something we fetch or keep (host, address, size, type)."""

    user_message = "The licensed file was not fetched."

    def __init__(self, detail: str):
        super().__init__(detail, user_message=f"The licensed file was not fetched: {detail}")


class GettyDeliveryUnavailable(GettyUnavailable):
    """The delivery host could not be reached, or stopped answering, within the limits."""

    user_message = "Getty's delivery link did not answer. Please try fetching the file again in a minute."
