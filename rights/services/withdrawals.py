"""What Getty withdrawing a picture means for the publisher: its licences and usages are withdrawn,
Consonance's permission says WITHDRAWN, and Rights and the title's editors are told.

`integration` polls Getty's asset-change channels and stamps the withdrawn assets
(integration/services/asset_changes.py); it knows nothing of licences. This module is its withdrawal
hook (registered in RightsConfig.ready): it runs inside the change set's transaction, so the licences,
the events, the permission writes and the notices are kept together with the set's processing, or
not at all, and the set is confirmed to Getty only after they committed.

Idempotent: a licence is withdrawn by a compare-and-set on its status (only one not withdrawn or
superseded yet), and everything else happens only for the licences that set changed. Processing the
same set twice, or two workers processing it at once, withdraws each licence once, writes one event,
one permission write and one notice.
"""

import datetime as dt

from django.db.models import F
from django.utils import formats, timezone

from integration.services.asset_changes import Withdrawal

from ..models import Licence, LicenceEvent, Usage
from .licence_ended import licence_ended
from .licence_notices import licence_withdrawn_notify
from .permission_write import permission_enqueue

Status = Licence.Status


def _when(moment: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "j M Y H:i")


def licence_withdraw(*, licence: Licence, change_set_id: str, now: dt.datetime) -> bool:
    """Mark one licence withdrawn by Getty with its usages, and queue what follows; True when it
    changed now (False: it was withdrawn or superseded already). Call inside a transaction."""
    before = licence.status
    changed = (
        Licence.objects.filter(pk=licence.pk)
        .exclude(status__in=Licence.FINAL_STATUSES)
        .update(status=Status.WITHDRAWN, updated_at=now, version=F("version") + 1)
    )
    if not changed:
        return False
    licence.refresh_from_db()
    asset = licence.asset
    withdrawn_at = asset.withdrawn_at or now
    usages = list(
        Usage.objects.filter(licence=licence, status=Usage.Status.ACTIVE).values_list("pk", flat=True)
    )
    Usage.objects.filter(pk__in=usages).update(status=Usage.Status.WITHDRAWN)
    LicenceEvent.objects.create(
        licence=licence,
        kind=LicenceEvent.Kind.STATUS_CHANGED,
        actor=None,
        reason=(
            f"Getty withdrew picture {asset.getty_id} on {_when(withdrawn_at)}: it must not be used "
            f"again. {len(usages)} usage{'s' if len(usages) != 1 else ''} marked withdrawn."
        ),
        details={
            "from": before,
            "to": Status.WITHDRAWN,
            "getty_id": asset.getty_id,
            "change_set": change_set_id,
            "usages": usages,
        },
        created_at=now,
    )
    permission_enqueue(licence, now=now)
    licence_withdrawn_notify(licence, now=now)
    licence_ended(licence, now=now)  # e.g. the supporting resource back to DRAFT (licence_ended.py)
    return True


def licences_withdraw_for_assets(withdrawal: Withdrawal) -> dict:
    """integration's withdrawal hook: withdraw every licence of the withdrawn assets not final yet."""
    licences = (
        Licence.objects.filter(asset__in=withdrawal.assets)
        .exclude(status__in=Licence.FINAL_STATUSES)
        .select_related("asset", "request__asset", "request__title")
        .order_by("pk")
    )
    withdrawn = [
        licence.pk
        for licence in licences
        if licence_withdraw(licence=licence, change_set_id=withdrawal.change_set_id, now=withdrawal.now)
    ]
    return {"licences_withdrawn": withdrawn}
