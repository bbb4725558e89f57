"""The base of every refusal a person should read. It says what went wrong, never how to answer it:
`config/exceptions.py` turns it into an HTTP response, a page shows `message`."""


class DomainError(Exception):
    """A refusal a person should read: services raise subclasses, views and the API show `message`."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
