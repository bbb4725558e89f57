"""What the sandbox remembers about licensing: downloads, usage batches and asset-change notices.

Each ledger checks its input and raises ApiError with Getty's status and ErrorCode; app.py turns that into
the response. Everything is guarded by one lock per ledger: the server is threaded.
"""

import hashlib
import hmac
import itertools
import threading
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

DELIVERY_LIFETIME = timedelta(hours=24)
NOTICE_RETENTION = timedelta(days=60)
MAX_USAGES_PER_BATCH = 1000
MAX_CHANGE_BATCH = 2200
CHANNELS = (
    {
        "channel_id": 3801,
        "asset_family": "creative",
        "asset_type": "image",
        "description": "Creative image changes",
    },
    {
        "channel_id": 3802,
        "asset_family": "editorial",
        "asset_type": "image",
        "description": "Editorial image changes",
    },
)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, **extra):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra


@dataclass
class DownloadRecord:
    id: str
    api_key: str
    asset_id: str
    asset_family: str
    license_model: str
    date_downloaded: datetime
    product: dict
    size: dict
    download_notes: str
    project_code: str
    username: str | None
    first_name: str = ""
    last_name: str = ""


class DownloadLedger:
    """Downloads made, and signed delivery links that expire DELIVERY_LIFETIME later on the sandbox clock."""

    def __init__(self, signing_key: str):
        self._key = signing_key.encode()
        self._lock = threading.Lock()
        self.records: list[DownloadRecord] = []

    def spend(self, product: dict) -> None:
        """Take one download from `product` or refuse at its limit (the lock makes check-and-spend atomic)."""
        with self._lock:
            if product["download_limit"] is not None and product["downloads_remaining"] <= 0:
                raise ApiError(
                    403, "OverageLimitReached", "The download limit for this product has been reached."
                )
            if product["downloads_remaining"] is not None:
                product["downloads_remaining"] -= 1
            if product.get("credits_remaining") is not None:
                product["credits_remaining"] = max(0, product["credits_remaining"] - 1)

    def record(self, record: DownloadRecord) -> None:
        with self._lock:
            self.records.append(record)

    def signature(self, download_id: str, expires: int) -> str:
        return hmac.new(self._key, f"{download_id}:{expires}".encode(), hashlib.sha256).hexdigest()[:32]

    def delivery_query(self, record: DownloadRecord) -> str:
        expires = int((record.date_downloaded + DELIVERY_LIFETIME).timestamp())
        return f"k={record.id}&e={expires}&s={self.signature(record.id, expires)}"

    def delivered(self, asset_id: str, query: dict[str, str], now: datetime) -> DownloadRecord:
        """The download a delivery link stands for, if its signature holds and it has not expired."""
        download_id, expires, sig = query.get("k", ""), query.get("e", ""), query.get("s", "")
        if not expires.isdigit() or not hmac.compare_digest(sig, self.signature(download_id, int(expires))):
            raise ApiError(403, "AccessDenied", "Invalid signature.")
        if now.timestamp() >= int(expires):
            raise ApiError(403, "AccessDenied", "Request has expired.")
        with self._lock:
            record = next((r for r in self.records if r.id == download_id and r.asset_id == asset_id), None)
        if record is None:
            raise ApiError(404, "NotFound", "No such download.")
        return record

    def history(
        self, api_key: str, start: datetime, end: datetime, product_type: str = ""
    ) -> list[DownloadRecord]:
        with self._lock:
            found = [
                r
                for r in self.records
                if r.api_key == api_key
                and start <= r.date_downloaded <= end
                and (not product_type or r.product["type"] == product_type)
            ]
        return sorted(found, key=lambda r: r.date_downloaded, reverse=True)

    def recent_first(self) -> list[DownloadRecord]:
        with self._lock:
            return list(reversed(self.records))

    def clear(self) -> None:
        with self._lock:
            self.records.clear()


class UsageLedger:
    """Usage batches by id: all-or-nothing, one id once."""

    def __init__(self):
        self._lock = threading.Lock()
        self.batches: dict[str, list[dict]] = {}

    def store(self, batch_id: str, body, *, known_asset, today: date) -> int:
        if not isinstance(body, dict) or not isinstance(body.get("asset_usages"), list):
            raise ApiError(400, "InvalidRequest", 'The body must be {"asset_usages": [...]}.')
        usages = body["asset_usages"]
        if not usages:
            raise ApiError(400, "InvalidRequest", "asset_usages must not be empty.")
        if len(usages) > MAX_USAGES_PER_BATCH:
            raise ApiError(400, "InvalidRequest", f"At most {MAX_USAGES_PER_BATCH} asset usages per batch.")
        clean, invalid_assets = [], []
        for number, usage in enumerate(usages, start=1):
            if not isinstance(usage, dict):
                raise ApiError(400, "InvalidRequest", f"Usage {number} is not an object.")
            asset_id, quantity, when = usage.get("asset_id"), usage.get("quantity"), usage.get("usage_date")
            if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
                raise ApiError(400, "InvalidRequest", f"Usage {number}: quantity must be a positive integer.")
            try:
                used_on = date.fromisoformat(str(when)[:10])
            except ValueError:
                raise ApiError(400, "InvalidRequest", f"Usage {number}: usage_date must be YYYY-MM-DD.")
            if used_on > today:
                raise ApiError(
                    400, "InvalidRequest", f"Usage {number}: usage_date {used_on} is in the future."
                )
            if not known_asset(str(asset_id)):
                invalid_assets.append(str(asset_id))
            clean.append({"asset_id": str(asset_id), "quantity": quantity, "usage_date": used_on.isoformat()})
        if invalid_assets:
            raise ApiError(
                400,
                "InvalidRequest",
                f"Unknown asset id(s): {', '.join(invalid_assets)}.",
                invalid_assets=invalid_assets,
            )
        with self._lock:
            if batch_id in self.batches:
                raise ApiError(409, "TransactionIdDuplicated", f"Batch {batch_id} was already submitted.")
            self.batches[batch_id] = clean
        return len(clean)

    def recent_first(self) -> list[tuple[str, list[dict]]]:
        """(batch id, usages) of every batch, the last submitted first."""
        with self._lock:
            return [(batch_id, list(usages)) for batch_id, usages in reversed(self.batches.items())]

    def clear(self) -> None:
        with self._lock:
            self.batches.clear()


@dataclass
class ChangeSet:
    id: str
    channel_id: int
    notices: list[dict] = field(default_factory=list)


class ChangeFeed:
    """Pending asset-change notices per channel; a set is handed out until it is confirmed."""

    def __init__(self):
        self._lock = threading.Lock()
        self._pending: dict[int, list[dict]] = {c["channel_id"]: [] for c in CHANNELS}
        self._open: dict[int, ChangeSet] = {}
        self._ids = itertools.count(1)
        self.confirmed: list[ChangeSet] = []  # kept for the sandbox page

    @staticmethod
    def channel_for(asset_family: str) -> int:
        return next(c["channel_id"] for c in CHANNELS if c["asset_family"] == asset_family)

    def announce(self, *, asset_id: str, asset_family: str, lifecycle: str, uri: str, now: datetime) -> dict:
        if lifecycle not in ("New", "Update", "Delete"):
            raise ApiError(400, "InvalidParameterValue", "lifecycle must be New, Update or Delete.")
        notice = {
            "id": asset_id,
            "uri": uri,
            "asset_type": "image",
            "asset_lifecycle": lifecycle,
            "asset_changed_utc_datetime": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "_at": now,
        }
        with self._lock:
            self._pending[self.channel_for(asset_family)].append(notice)
        return notice

    def next_set(self, channel_id: int, batch_size: int, now: datetime) -> ChangeSet | None:
        with self._lock:
            if channel_id not in self._pending:
                raise ApiError(
                    404, "ChannelNotFound", f"Channel {channel_id} is not one of this key's channels."
                )
            if channel_id in self._open:
                return self._open[channel_id]  # not confirmed yet: the same set again
            pending = [n for n in self._pending[channel_id] if now - n["_at"] <= NOTICE_RETENTION]
            if not pending:
                self._pending[channel_id] = []
                return None
            taken, self._pending[channel_id] = pending[:batch_size], pending[batch_size:]
            change_set = ChangeSet(f"{next(self._ids)}{uuid.uuid4().hex[:8]}", channel_id, taken)
            self._open[channel_id] = change_set
            return change_set

    def confirm(self, change_set_id: str) -> None:
        with self._lock:
            for channel_id, change_set in list(self._open.items()):
                if change_set.id == change_set_id:
                    del self._open[channel_id]
                    self.confirmed.append(change_set)
                    return
        raise ApiError(404, "ChangeSetNotFound", f"Change set {change_set_id} is not open.")

    def pending(self) -> list[tuple[int, dict, str | None]]:
        """(channel, notice, change set it was handed out in or None) of every unconfirmed notice."""
        with self._lock:
            handed_out = [(s.channel_id, n, s.id) for s in self._open.values() for n in s.notices]
            waiting = [(channel, n, None) for channel, notices in self._pending.items() for n in notices]
        return handed_out + waiting

    def confirmed_recent_first(self) -> list[ChangeSet]:
        with self._lock:
            return list(reversed(self.confirmed))

    def pending_count(self) -> int:
        with self._lock:
            return sum(len(v) for v in self._pending.values()) + sum(
                len(s.notices) for s in self._open.values()
            )

    def clear(self) -> None:
        with self._lock:
            for channel_id in self._pending:
                self._pending[channel_id] = []
            self._open.clear()
            self.confirmed.clear()
