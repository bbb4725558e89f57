"""Getty OAuth2 tokens, cached in the shared Django cache so web and worker processes use one token.

Token calls count against the key's rate limit, so a token is fetched once and reused until about five
minutes before it expires. With a Getty username and password we hold a user token (password grant, then the
refresh-token grant while Getty gave us a refresh token); without them an app token (client credentials).
The cache key derives from the API key, the mode and the user, so changing the settings never reuses the
wrong token.
"""

import datetime as dt
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone

from .budget import current_budget
from .errors import GettyAuthError
from .types import parse_int

APP_TOKEN = "app"
USER_TOKEN = "user"
# Refresh this long before expiry (Getty's advice), but never more than a fifth of the lifetime, so that
# short-lived tokens (sandbox tests) are still used.
REFRESH_MARGIN = dt.timedelta(minutes=5)
DEFAULT_LIFETIME_SECONDS = 1800
# How long a refresh token is kept after its access token expired (Getty does not publish its lifetime).
REFRESH_TOKEN_GRACE = dt.timedelta(days=1)
# While one process fetches a token the others poll the cache; the lock outlives a slow token call.
LOCK_SECONDS = 30
LOCK_POLL_SECONDS = 0.05


@dataclass(frozen=True)
class Credentials:
    api_key: str
    api_secret: str
    username: str = ""
    password: str = ""

    @property
    def mode(self) -> str:
        return USER_TOKEN if self.username and self.password else APP_TOKEN


@dataclass(frozen=True)
class Token:
    access_token: str
    expires_at: dt.datetime
    refresh_at: dt.datetime
    refresh_token: str = ""

    def to_cache(self) -> dict:
        return {
            "access_token": self.access_token,
            "expires_at": self.expires_at.isoformat(),
            "refresh_at": self.refresh_at.isoformat(),
            "refresh_token": self.refresh_token,
        }

    @classmethod
    def from_cache(cls, entry) -> "Token | None":
        try:
            return cls(
                access_token=entry["access_token"],
                expires_at=dt.datetime.fromisoformat(entry["expires_at"]),
                refresh_at=dt.datetime.fromisoformat(entry["refresh_at"]),
                refresh_token=entry.get("refresh_token", ""),
            )
        except (KeyError, TypeError, ValueError):
            return None


def token_from_answer(body, *, now: dt.datetime) -> Token:
    """Parse Getty's token answer; `expires_in` arrives as 1800 or as "1800"."""
    if not isinstance(body, dict) or not body.get("access_token"):
        raise GettyAuthError("token answer without access_token")
    lifetime = parse_int(body.get("expires_in"))
    if lifetime is None or lifetime <= 0:
        lifetime = DEFAULT_LIFETIME_SECONDS
    life = dt.timedelta(seconds=lifetime)
    margin = min(REFRESH_MARGIN, life / 5)
    return Token(
        access_token=str(body["access_token"]),
        expires_at=now + life,
        refresh_at=now + life - margin,
        refresh_token=str(body.get("refresh_token") or ""),
    )


# Sends one form-encoded POST to the token URL and returns the parsed JSON; raises GettyError subclasses.
TokenPoster = Callable[[dict[str, str]], dict]


class TokenProvider:
    def __init__(
        self,
        credentials: Credentials,
        post_token: TokenPoster,
        *,
        now: Callable[[], dt.datetime] = timezone.now,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.credentials = credentials
        self._post = post_token
        self._now = now
        self._sleep = sleep
        digest = hashlib.sha256(
            f"{credentials.api_key}|{credentials.mode}|{credentials.username}".encode()
        ).hexdigest()[:24]
        self.cache_key = f"getty:token:{digest}"
        self.lock_key = f"{self.cache_key}:lock"

    @property
    def mode(self) -> str:
        return self.credentials.mode

    def access_token(self) -> str:
        """A token valid for a while yet: the cached one, or a fresh one (refreshed when we can)."""
        cached = self._usable()
        if cached is not None:
            return cached.access_token
        # One process fetches while the others wait for its result: N workers starting together would
        # otherwise spend N token calls of the rate limit. The lock expires on its own if its holder dies.
        locked = cache.add(self.lock_key, 1, timeout=LOCK_SECONDS)
        if not locked:
            # Never past the caller's time budget: a web request must not sit out another's token call.
            budget = current_budget()
            wait = LOCK_SECONDS if budget is None else max(0.0, min(LOCK_SECONDS, budget.remaining()))
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline:
                self._sleep(LOCK_POLL_SECONDS)
                cached = self._usable()
                if cached is not None:
                    return cached.access_token
                if cache.add(self.lock_key, 1, timeout=LOCK_SECONDS):
                    locked = True
                    break
        try:
            now = self._now()
            cached = Token.from_cache(cache.get(self.cache_key))
            if cached is not None and now < cached.refresh_at:
                return cached.access_token
            token = None
            if cached is not None and cached.refresh_token:
                token = self._refresh(cached.refresh_token, now=now)
            if token is None:
                token = self._grant(now=now)
            self._store(token, now=now)
            return token.access_token
        finally:
            if locked:
                cache.delete(self.lock_key)

    def _usable(self) -> "Token | None":
        cached = Token.from_cache(cache.get(self.cache_key))
        if cached is not None and self._now() < cached.refresh_at:
            return cached
        return None

    def drop(self, access_token: str | None = None) -> None:
        """Forget the cached token (after a 401), unless another process already replaced it."""
        cached = Token.from_cache(cache.get(self.cache_key))
        if cached is None:
            return
        if access_token is not None and cached.access_token != access_token:
            return
        if not cached.refresh_token:
            cache.delete(self.cache_key)
            return
        # Keep the refresh token: a 401 says the access token is dead, not the refresh token.
        stale = dt.datetime.min.replace(tzinfo=dt.UTC)
        self._store(Token(cached.access_token, stale, stale, cached.refresh_token), now=self._now())

    def _grant(self, *, now: dt.datetime) -> Token:
        creds = self.credentials
        form = {"client_id": creds.api_key, "client_secret": creds.api_secret}
        if creds.mode == USER_TOKEN:
            form.update(grant_type="password", username=creds.username, password=creds.password)
        else:
            form.update(grant_type="client_credentials")
        return token_from_answer(self._post(form), now=now)

    def _refresh(self, refresh_token: str, *, now: dt.datetime) -> Token | None:
        creds = self.credentials
        form = {
            "grant_type": "refresh_token",
            "refresh_token": refresh_token,
            "client_id": creds.api_key,
            "client_secret": creds.api_secret,
        }
        try:
            token = token_from_answer(self._post(form), now=now)
        except GettyAuthError:
            # A refused refresh token: fall back to the password grant.
            return None
        if not token.refresh_token:
            token = Token(token.access_token, token.expires_at, token.refresh_at, refresh_token)
        return token

    def _store(self, token: Token, *, now: dt.datetime) -> None:
        keep_until = max(token.expires_at, now) + (
            REFRESH_TOKEN_GRACE if token.refresh_token else dt.timedelta()
        )
        timeout = max(1, int((keep_until - now).total_seconds()))
        cache.set(self.cache_key, token.to_cache(), timeout=timeout)
