"""A licence's status from its end date and the day it is: one rule for every place that sets it.

`valid_until` is the last day the licence covers: on that day it is still in force, the day after it
has expired. It is "expiring" from the start of the longest warning window (RIGHTS_EXPIRY_WINDOWS_DAYS)
before that day. Withdrawn and superseded are events, not dates: time never changes them.
"""

import datetime as dt

from django.conf import settings

from .models import Licence

Status = Licence.Status


def warning_days() -> int:
    return max(settings.RIGHTS_EXPIRY_WINDOWS_DAYS or [0])


def status_on(
    *,
    current: str,
    valid_until: dt.date | None,
    perpetual: bool,
    today: dt.date,
    window_days: int | None = None,
) -> str:
    if current in Licence.FINAL_STATUSES:
        return current
    if perpetual or valid_until is None:
        return Status.ACTIVE
    if today > valid_until:
        return Status.EXPIRED
    window = warning_days() if window_days is None else window_days
    if (valid_until - today).days <= window:
        return Status.EXPIRING
    return Status.ACTIVE
