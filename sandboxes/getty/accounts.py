"""Keys, tokens, products and limits of the Getty sandbox, and the clock they live by.

The sandbox clock (settable, for token and delivery-link expiry and the daily cap) is separate from the
monotonic clock of the per-second rate limit, which must measure what clients really do.
"""

import secrets
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta


class SandboxClock:
    """Real UTC time shifted by an offset tests can move: `advance(seconds)`, `set(datetime)`, `reset()`."""

    def __init__(self):
        self._offset = timedelta(0)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return datetime.now(UTC) + self._offset

    def advance(self, seconds: float) -> datetime:
        with self._lock:
            self._offset += timedelta(seconds=seconds)
        return self.now()

    def set(self, moment: datetime) -> datetime:
        if moment.tzinfo is None:
            raise ValueError("Set the sandbox clock with an aware datetime.")
        with self._lock:
            self._offset = moment - datetime.now(UTC)
        return self.now()

    def reset(self) -> None:
        with self._lock:
            self._offset = timedelta(0)


@dataclass
class Token:
    value: str
    api_key: str
    username: str | None  # None: an application (client-credentials) token
    expires_at: datetime


@dataclass
class RefreshToken:
    value: str
    api_key: str
    username: str
    expires_at: datetime


def default_products(now: datetime) -> list[dict]:
    """A publisher's agreements: one to spend, one needing note and project, a tiny pack, an expired one."""
    month_end = (now.replace(day=1) + timedelta(days=32)).replace(
        day=1, hour=0, minute=0, second=0, microsecond=0
    )
    year_on = now.replace(microsecond=0) + timedelta(days=365)

    def iso(moment: datetime) -> str:
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")

    def requirements(note=False, project=False, codes=()) -> dict:
        return {"is_note_required": note, "is_project_code_required": project, "project_codes": list(codes)}

    return [
        {
            "id": 40101,
            "name": "Premium Access - Picture Desk Publishing",
            "type": "premiumaccess",
            "status": "active",
            "agreement_name": "Picture Desk Publishing Premium Access 2026",
            "credits_remaining": None,
            "download_limit": 500,
            "downloads_remaining": 500,
            "download_limit_reset_utc_date": iso(month_end),
            "expiration_utc_date": iso(year_on),
            "download_requirements": requirements(),
        },
        {
            "id": 40102,
            "name": "Editorial Subscription - Picture Desk Publishing",
            "type": "editorialsubscription",
            "status": "active",
            "agreement_name": "Picture Desk Publishing Editorial Subscription",
            "credits_remaining": None,
            "download_limit": 100,
            "downloads_remaining": 100,
            "download_limit_reset_utc_date": iso(month_end),
            "expiration_utc_date": iso(year_on),
            "download_requirements": requirements(True, True, ("FRONTLIST-2026", "BACKLIST", "MARKETING")),
        },
        {
            "id": 40103,
            "name": "Image Pack 5",
            "type": "imagepack",
            "status": "active",
            "agreement_name": "Picture Desk Publishing Image Pack",
            "credits_remaining": 3,
            "download_limit": 3,
            "downloads_remaining": 3,
            "download_limit_reset_utc_date": None,
            "expiration_utc_date": iso(year_on),
            "download_requirements": requirements(),
        },
        {
            "id": 40104,
            "name": "Royalty-free Subscription 2024",
            "type": "royaltyfreesubscription",
            "status": "inactive",
            "agreement_name": "Picture Desk Publishing RF Subscription 2024",
            "credits_remaining": None,
            "download_limit": 750,
            "downloads_remaining": 0,
            "download_limit_reset_utc_date": None,
            "expiration_utc_date": iso(now.replace(microsecond=0) - timedelta(days=200)),
            "download_requirements": requirements(),
        },
    ]


@dataclass
class KeyAccount:
    """One API key (client id) with its secret, user, products and limits."""

    api_key: str
    api_secret: str
    username: str
    password: str
    require_user_token: bool
    qps_limit: float | None
    daily_cap: int | None
    products: list[dict] = field(default_factory=list)
    throttle_status: int = 429  # older Getty keys answer 403 (same X-Error-Detail) when over the QPS limit
    first_name: str = "Demo"
    last_name: str = "Editor"

    def __post_init__(self):
        self._lock = threading.Lock()
        self._arrivals: deque[float] = deque()  # every call, accepted or not, last second
        self._accepted: deque[float] = deque()  # calls let through, last window
        self._max_in_second = 0
        self._daily: Counter[str] = Counter()

    def roll_over(self, now: datetime) -> None:
        """Give monthly products their downloads back once their reset date has passed (sandbox clock)."""
        with self._lock:
            for product in self.products:
                reset = product.get("download_limit_reset_utc_date")
                if not reset or product["download_limit"] is None:
                    continue
                moment = datetime.fromisoformat(reset.replace("Z", "+00:00"))
                if now >= moment:
                    while now >= moment:
                        moment = (moment + timedelta(days=32)).replace(day=1)
                    product["downloads_remaining"] = product["download_limit"]
                    product["download_limit_reset_utc_date"] = moment.strftime("%Y-%m-%dT%H:%M:%SZ")

    def product(self, product_id) -> dict | None:
        return next((p for p in self.products if str(p["id"]) == str(product_id)), None)

    def admit(self, today: str) -> str | None:
        """Count one call; return None, "qps" (over the per-second limit) or "daily" (over the daily cap)."""
        now = time.monotonic()
        with self._lock:
            while self._arrivals and self._arrivals[0] <= now - 1.0:
                self._arrivals.popleft()
            self._arrivals.append(now)
            self._max_in_second = max(self._max_in_second, len(self._arrivals))
            if self.qps_limit:
                # A sliding window; below one call a second it widens so that 0.5 means one call per 2 s.
                window = max(1.0, 1.0 / self.qps_limit)
                allowed = max(1, int(self.qps_limit * window + 1e-9))
                while self._accepted and self._accepted[0] <= now - window:
                    self._accepted.popleft()
                if len(self._accepted) >= allowed:
                    return "qps"
            if self.daily_cap is not None and self._daily[today] >= self.daily_cap:
                return "daily"
            self._accepted.append(now)
            self._daily[today] += 1
            return None

    def max_calls_in_any_second(self) -> int:
        with self._lock:
            return self._max_in_second

    def reset_limits(self) -> None:
        with self._lock:
            self._arrivals.clear()
            self._accepted.clear()
            self._max_in_second = 0
            self._daily.clear()


class TokenStore:
    """Access and refresh tokens issued by the sandbox, checked against the sandbox clock."""

    def __init__(self, clock: SandboxClock):
        self.clock = clock
        self._lock = threading.Lock()
        self._tokens: dict[str, Token] = {}
        self._refresh: dict[str, RefreshToken] = {}
        self.issued = 0

    def issue(self, api_key: str, username: str | None, lifetime: int) -> Token:
        token = Token(
            secrets.token_urlsafe(32), api_key, username, self.clock.now() + timedelta(seconds=lifetime)
        )
        with self._lock:
            self._tokens[token.value] = token
            self.issued += 1
        return token

    def issue_refresh(self, api_key: str, username: str) -> RefreshToken:
        refresh = RefreshToken(
            secrets.token_urlsafe(32), api_key, username, self.clock.now() + timedelta(days=14)
        )
        with self._lock:
            self._refresh[refresh.value] = refresh
        return refresh

    def valid(self, value: str) -> Token | None:
        with self._lock:
            token = self._tokens.get(value)
        if token is None or self.clock.now() >= token.expires_at:
            return None
        return token

    def valid_refresh(self, value: str) -> RefreshToken | None:
        with self._lock:
            refresh = self._refresh.get(value)
        if refresh is None or self.clock.now() >= refresh.expires_at:
            return None
        return refresh

    def expire_all(self) -> None:
        """Make every issued access token invalid at once (as after a key rotation)."""
        with self._lock:
            self._tokens.clear()

    def clear(self) -> None:
        with self._lock:
            self._tokens.clear()
            self._refresh.clear()
            self.issued = 0
