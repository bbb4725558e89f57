"""Refusals of clearance checks, in words Rights reads. No HTTP statuses: `config/exceptions.py` maps them."""

from .errors import RightsError


class ClearanceInvalid(RightsError):
    """A planned event that makes no sense; `field` names the form or API field."""

    def __init__(self, message: str, *, field: str = ""):
        super().__init__(message)
        self.field = field


class ClearanceRefused(RightsError):
    """The check's printing cannot be recorded (not a cleared reprint, already recorded, no longer clear)."""
