"""What the publisher holds after licensing: downloads, licences and their history, usages and printings."""

from .downloads import Download
from .licences import Licence, LicenceEvent
from .replacements import Replacement  # noqa: F401 - the model (rights.models.Replacement)
from .usages import Printing, Usage

__all__ = ["Download", "Licence", "LicenceEvent", "Printing", "Usage"]
from .alerts import LicenceAlert  # noqa: E402
from .clearance import ClearanceCheck, ClearanceResult, Verdict  # noqa: E402

__all__ += ["ClearanceCheck", "ClearanceResult", "LicenceAlert", "Verdict"]
