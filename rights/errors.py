"""Refusals of the rights domain, in words a production editor or a lawyer reads. No HTTP statuses:
`config/exceptions.py` maps them."""

from config.errors import ChangedMeanwhile, DomainError, NotPermitted, NotYet

NOT_APPROVED = "Only a fully approved request can be licensed; request #{pk} is {status}."
ALREADY_LICENSED = "Request #{pk} is already licensed (licence #{licence})."
PICTURE_WITHDRAWN = "Getty withdrew this picture on {when}: it can no longer be licensed. Find a replacement."
NOT_OUR_PRODUCT = "Getty product {product} is not one of our agreements. Choose one from the list."
NO_PROJECT_CODE = (
    "{product} needs a project code and the title has no ISBN to use. Choose one of the product's codes."
)
PROJECT_CODE_NOT_OFFERED = "{product} accepts only these project codes: {codes}."
LICENSING_IN_PROGRESS = (
    "Someone else is licensing this picture right now (started {when}). Reload the page in a moment."
)
OUTCOME_PENDING = (
    "Getty did not confirm the download, and its download history does not show it yet. Nothing is "
    "downloaded again: try again in a few minutes and Picture Desk will look in Getty's history first, "
    "so the picture is never paid for twice."
)
NO_FILE_LINK = (
    "Getty's history shows the download, but its delivery link was lost, so the file cannot be fetched "
    "without spending another download."
)
LINK_EXPIRED = (
    "Getty's delivery link expired (links last 24 hours); the file cannot be fetched from it any more."
)
FINAL_LICENCE = "This licence is {status}: its terms no longer change."
LICENCE_CHANGED = (
    "Someone else changed this licence while you were editing it. Reload it and make your change again."
)
NOT_PERMITTED = "You cannot {action}."


class RightsError(DomainError):
    pass


class RightsNotPermitted(RightsError, NotPermitted):
    """The person's roles do not allow this."""


class LicenceChanged(RightsError, ChangedMeanwhile):
    """Lost a compare-and-set: someone else changed the licence first."""


class LicensingRefused(RightsError):
    """Licensing cannot go ahead (not approved, already licensed, a product that cannot pay)."""


class LicensingPending(RightsError, NotYet):
    """A download's outcome is still unknown: nothing may be downloaded until Getty's history settles it."""


class TermsInvalid(RightsError):
    """Terms that do not make sense; `field` names the form field."""

    def __init__(self, message: str, *, field: str = ""):
        super().__init__(message)
        self.field = field


class EvidencePackTooLarge(RightsError):
    """An evidence pack past its bounds (licences or bytes): the permissions log is the way instead."""
