"""What can go wrong talking to Consonance, as exceptions whose message a person can act on.

ConsonanceError
├── ConsonanceUnavailable   network failure, timeout, 429 or 5xx (after retries)
│   └── ConsonanceOutcomeUnknown   a write may or may not have happened: read before writing again
├── ConsonanceAuthError     401/403: the key is wrong; retrying cannot help
├── ConsonanceQueryError    GraphQL errors: our query or its variables are wrong; retrying cannot help
├── ConsonanceBadResponse   a body that is not the JSON GraphQL promises (after retries)
└── ConsonanceRejected      a mutation answered with user errors (`errors: [{field, message}]`)
"""

from config.errors import DomainError


class ConsonanceError(DomainError):
    def __init__(self, message: str, *, retry_after: float | None = None, may_have_acted: bool = True):
        super().__init__(message)
        # Seconds Consonance asked us to wait (Retry-After), when it said so.
        self.retry_after = retry_after
        # False only when we know Consonance did not process the request (no connection, 429, 503):
        # the one case where a write that is not idempotent may be sent again.
        self.may_have_acted = may_have_acted


class ConsonanceUnavailable(ConsonanceError):
    pass


class ConsonanceOutcomeUnknown(ConsonanceUnavailable):
    pass


class ConsonanceAuthError(ConsonanceError):
    pass


class ConsonanceQueryError(ConsonanceError):
    def __init__(self, message: str, *, errors: list[dict] | None = None):
        super().__init__(message)
        self.errors = errors or []


class ConsonanceBadResponse(ConsonanceError):
    pass


class ConsonanceRejected(ConsonanceError):
    """Consonance refused a write; `errors` holds its `{field, message}` pairs."""

    def __init__(self, message: str, *, errors: list[dict] | None = None):
        super().__init__(message, may_have_acted=False)
        self.errors = errors or []


# Retrying these may succeed; the others need a person to change something first.
TRANSIENT_ERRORS = (ConsonanceUnavailable, ConsonanceBadResponse)
