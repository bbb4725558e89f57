"""Getty's asset changes: poll the channels, mark the pictures Getty withdrew, let others act, confirm.

Getty hands out one change set per channel and hands out the same set again until it is confirmed;
the next set comes only after the confirmation, and notices are kept 60 days
(shared/contracts/GETTY.md "Asset changes"). So a set is processed in one transaction and confirmed
only after that transaction committed:
- a failure half way rolls everything back and leaves the set unconfirmed: the next poll receives the
  same set and processes it again;
- a confirmation that fails after the commit leaves the set processed: the next poll receives it again,
  finds it processed (`AssetChangeSet.processed_at`) and only confirms it;
- processing the same set twice changes nothing: the set is claimed by compare-and-set on its row, an
  asset's `withdrawn_at` is set only when empty, and the hooks act only on what is not withdrawn yet.

`integration` knows pictures, not licences. What a withdrawal means for licences, usages and
Consonance is the rights domain's: it registers a hook (`register_withdrawal_hook`, from its
AppConfig.ready) that runs inside the set's transaction with every asset we hold that the set
withdraws. A hook that raises fails the set, which stays unconfirmed.
`New` and `Update` notices are recorded with the set and otherwise left alone: the asset cache
refreshes a picture from Getty once it is stale (GETTY_ASSET_STALE_HOURS).
"""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..getty.client import GettyClient
from ..getty.errors import GettyError, GettyNotFound
from ..getty.types import ChangeSet
from ..models import Asset, AssetChangeSet

log = logging.getLogger(__name__)
ERROR_MAX = 2000


@dataclass(frozen=True)
class Withdrawal:
    """What a hook is told: the set, and every asset we hold that it withdraws (marked already or now)."""

    change_set_id: str
    assets: list[Asset]
    now: dt.datetime


WithdrawalHook = Callable[[Withdrawal], dict]
_hooks: dict[str, WithdrawalHook] = {}


def register_withdrawal_hook(name: str, hook: WithdrawalHook) -> None:
    """Run `hook` inside every change set's transaction; it returns a short summary of what it did."""
    _hooks[name] = hook


@dataclass
class PollSummary:
    sets_received: int = 0
    sets_processed: int = 0
    sets_confirmed: int = 0
    sets_failed: int = 0
    assets_withdrawn: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "sets_received": self.sets_received,
            "sets_processed": self.sets_processed,
            "sets_confirmed": self.sets_confirmed,
            "sets_failed": self.sets_failed,
            "assets_withdrawn": self.assets_withdrawn,
            "errors": self.errors,
        }


def _notices(change_set: ChangeSet) -> list[dict]:
    return [
        {
            "id": change.asset_id,
            "lifecycle": change.lifecycle,
            "asset_type": change.asset_type,
            "changed_at": change.changed_at.isoformat() if change.changed_at else None,
        }
        for change in change_set.changes
    ]


def change_set_receive(*, channel_id: str, change_set: ChangeSet, now: dt.datetime) -> AssetChangeSet:
    """The set's row: made when it first arrives, counted each time Getty hands it out again."""
    record, created = AssetChangeSet.objects.get_or_create(
        change_set_id=change_set.change_set_id,
        defaults={"channel_id": str(channel_id), "notices": _notices(change_set), "received_at": now},
    )
    if not created:
        AssetChangeSet.objects.filter(pk=record.pk).update(times_received=F("times_received") + 1)
        record.refresh_from_db()
    return record


def _mark_withdrawn(change_set: ChangeSet, now: dt.datetime) -> tuple[list[Asset], int]:
    """Stamp every asset we hold that the set withdraws; (those assets, how many were stamped now)."""
    when = {c.asset_id: c.changed_at or now for c in change_set.changes if c.is_withdrawal and c.asset_id}
    if not when:
        return [], 0
    stamped = 0
    held = Asset.objects.filter(getty_id__in=list(when)).only("pk", "getty_id", "withdrawn_at")
    for asset in held:
        if asset.withdrawn_at is None:
            stamped += Asset.objects.filter(pk=asset.pk, withdrawn_at__isnull=True).update(
                withdrawn_at=when[asset.getty_id]
            )
    return list(Asset.objects.filter(getty_id__in=list(when)).order_by("getty_id")), stamped


def change_set_process(
    *, channel_id: str, change_set: ChangeSet, now: dt.datetime | None = None
) -> AssetChangeSet:
    """Process one change set in one transaction (see the module docstring); safe to call twice.

    Raises what a hook raised, after recording it on the set's row: nothing of the set is kept.
    """
    now = now or timezone.now()
    record = change_set_receive(channel_id=channel_id, change_set=change_set, now=now)
    if record.processed_at is not None:
        return record
    try:
        with transaction.atomic():
            # The claim comes first: a second processor of the same set waits here and then finds it done.
            claimed = AssetChangeSet.objects.filter(pk=record.pk, processed_at__isnull=True).update(
                processed_at=now, error=""
            )
            if not claimed:
                record.refresh_from_db()
                return record
            assets, stamped = _mark_withdrawn(change_set, now)
            outcome = {"assets_withdrawn": stamped}
            if assets:
                withdrawal = Withdrawal(change_set_id=change_set.change_set_id, assets=assets, now=now)
                for name, hook in _hooks.items():
                    outcome[name] = hook(withdrawal)
            AssetChangeSet.objects.filter(pk=record.pk).update(
                withdrawn_getty_ids=[a.getty_id for a in assets], outcome=outcome
            )
    except Exception as exc:
        AssetChangeSet.objects.filter(pk=record.pk, processed_at__isnull=True).update(
            error=f"Processing failed: {exc!r}"[:ERROR_MAX]
        )
        raise
    record.refresh_from_db()
    return record


def _confirm_after_commit(
    record: AssetChangeSet, client_of: Callable[[], GettyClient | None], summary: PollSummary
) -> bool:
    """Confirm the set once the transaction that processed it has committed; True when that happened now.

    Outside any transaction (the worker) the confirmation runs at once. Inside one (a caller's atomic
    block) it waits for the commit, and the caller must not ask for the channel's next set before then;
    `summary` counts the confirmation whenever it happens.
    """
    confirmed: list[bool] = []

    def confirm() -> None:
        client = client_of()
        try:
            if client is None:
                with GettyClient.from_settings() as made:
                    made.confirm_change_set(record.change_set_id)
            else:
                client.confirm_change_set(record.change_set_id)
        except GettyNotFound:
            pass  # no longer open: a confirmation whose answer we lost, or another worker's
        except GettyError as exc:
            log.warning("Change set %s processed but not confirmed: %s", record.change_set_id, exc)
            AssetChangeSet.objects.filter(pk=record.pk).update(
                error=f"Processed; the confirmation failed: {exc}"[:ERROR_MAX]
            )
            return
        AssetChangeSet.objects.filter(pk=record.pk).update(confirmed_at=timezone.now(), error="")
        summary.sets_confirmed += 1
        confirmed.append(True)

    transaction.on_commit(confirm)
    return bool(confirmed)


def asset_changes_poll(
    *,
    client: GettyClient | None = None,
    now: dt.datetime | None = None,
    batch_size: int | None = None,
    max_sets_per_channel: int | None = None,
) -> PollSummary:
    """Receive, process and confirm every pending change set of every channel (the schedule's work).

    A set that fails stops its channel for this run (Getty would hand out the same set again); the
    other channels go on. Getty being unreachable ends the run: the next one starts where this stopped.
    """
    batch_size = batch_size or settings.GETTY_ASSET_CHANGES_BATCH_SIZE
    max_sets = max_sets_per_channel or settings.GETTY_ASSET_CHANGES_MAX_SETS
    summary = PollSummary()
    owned = client is None
    holder = {"client": client or GettyClient.from_settings()}
    poller = holder["client"]
    try:
        for channel in poller.asset_change_channels():
            for _ in range(max_sets):
                change_set = poller.next_change_set(channel.channel_id, batch_size=batch_size)
                if change_set is None:
                    break
                summary.sets_received += 1
                moment = now or timezone.now()
                try:
                    record = change_set_process(
                        channel_id=channel.channel_id, change_set=change_set, now=moment
                    )
                except Exception as exc:  # noqa: BLE001 - recorded on the set; the next poll tries again
                    log.exception("Change set %s failed", change_set.change_set_id)
                    summary.sets_failed += 1
                    summary.errors.append(f"{change_set.change_set_id}: {exc!r}"[:ERROR_MAX])
                    break
                if record.processed_at == moment:  # processed now, not by an earlier poll
                    summary.sets_processed += 1
                    summary.assets_withdrawn += int(record.outcome.get("assets_withdrawn", 0))
                if not _confirm_after_commit(record, lambda: holder["client"], summary):
                    break
    finally:
        if owned:
            poller.close()
            holder["client"] = None
    return summary
