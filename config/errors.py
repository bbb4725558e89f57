"""The base of every refusal a person should read. It says what went wrong, never how to answer it:
`config/exceptions.py` turns it into an HTTP response, a page shows `message`."""


class DomainError(Exception):
    """A refusal a person should read: services raise subclasses, views and the API show `message`."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# Kinds of refusal any app may raise (subclass them); config/exceptions.py says what each means to HTTP.
class NotPermitted(DomainError):
    """The person's roles do not allow this."""


class ChangedMeanwhile(DomainError):
    """Someone else changed the record first (a lost compare-and-set): reload and try again."""


class NotYet(DomainError):
    """Cannot be done now, and the same request a little later may succeed."""
