"""What else must happen when a licence ends by an event (Getty withdrew the picture, or a replacement
superseded it): hooks run in the transaction that ended it, once per licence.

The licensed file's supporting resource in Consonance goes back to DRAFT here: the supporting-resource
write-back registers `register_licence_ended_hook("supporting_resource_draft", ...)` (its
`licence_resource_to_draft(licence, now=now)`), so the withdrawal and the replacement need not know it.
"""

import datetime as dt
from collections.abc import Callable

from ..models import Licence

LicenceEndedHook = Callable[[Licence, dt.datetime], None]
_hooks: dict[str, LicenceEndedHook] = {}


def register_licence_ended_hook(name: str, hook: LicenceEndedHook) -> None:
    _hooks[name] = hook


def licence_ended(licence: Licence, *, now: dt.datetime) -> None:
    """Run every hook for a licence just withdrawn or superseded (call inside that transaction)."""
    for hook in _hooks.values():
        hook(licence, now)
