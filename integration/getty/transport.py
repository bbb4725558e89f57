"""One HTTP seam to Getty: session, timeout, shared rate limit, token, retries, answers mapped to errors.

The retry policy follows Getty's SDKs (408, 429 and 5xx, three retries) plus what a network does to us
(timeouts, resets, cut-off JSON), with exponential backoff and full jitter. The daily cap is not retried: the
caller parks the work. A download POST spends a download, so only a throttling answer (refused before Getty
did anything) is retried; any other doubt becomes GettyDownloadOutcomeUnknown.

Every call runs inside a time budget (budget.py): a web request's, or one of its own in the background.
No attempt, backoff or wait for a rate slot goes past it, each attempt's timeout is cut to what is left,
and running out is GettyDeadlineExceeded, whose message says so.
"""

import datetime as dt
import logging
import time
from collections.abc import Callable
from typing import Any

import requests
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_random_exponential

from .auth import TokenProvider
from .budget import background_budget, current_budget
from .errors import (
    GettyAccessDenied,
    GettyAuthError,
    GettyBadRequest,
    GettyDailyCapReached,
    GettyDeadlineExceeded,
    GettyDownloadOutcomeUnknown,
    GettyError,
    GettyNotFound,
    GettyOverageLimit,
    GettyRateLimited,
    GettyUnavailable,
    GettyUserTokenRequired,
)
from .ratelimit import SharedRateLimiter

log = logging.getLogger("picture_desk.getty")

QPS_DETAIL = "queries per second"
DAILY_CAP_DETAIL = "over rate limit"
# The longest single backoff wait, whatever the base step.
MAX_BACKOFF_SECONDS = 30.0
# A failure this close to the end of the budget was cut short by it (its timeout was what was left).
OUT_OF_TIME_SECONDS = 0.1


def next_utc_midnight(now: dt.datetime) -> dt.datetime:
    """Getty publishes no reset time for the daily cap; we park work until the next UTC day."""
    return dt.datetime.combine(now.astimezone(dt.UTC).date() + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)


def _error_fields(response: requests.Response) -> tuple[str, str]:
    """(code, message) from either error shape: application {ErrorCode, ErrorMessage}, gateway {message},
    OAuth {error, error_description}."""
    try:
        body = response.json()
    except ValueError:
        return "", response.text[:200]
    if not isinstance(body, dict):
        return "", str(body)[:200]
    code = body.get("ErrorCode") or body.get("error") or ""
    message = body.get("ErrorMessage") or body.get("error_description") or body.get("message") or ""
    return str(code), str(message)


def _out_of_time(exc: GettyUnavailable, budget) -> GettyDeadlineExceeded | None:
    """A failure the budget cut short (its timeout was what was left) is reported as the budget spent."""
    if isinstance(exc, GettyDeadlineExceeded) or budget.remaining() > OUT_OF_TIME_SECONDS:
        return None
    return GettyDeadlineExceeded(str(exc.detail), seconds=budget.seconds, status=exc.status)


class GettyTransport:
    def __init__(
        self,
        *,
        api_url: str,
        auth_url: str,
        api_key: str,
        tokens_factory: Callable[["GettyTransport"], TokenProvider],
        limiter: SharedRateLimiter,
        timeout: float,
        max_retries: int,
        backoff_seconds: float,
        now: Callable[[], dt.datetime],
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.api_url = api_url.rstrip("/")
        self.auth_url = auth_url
        self.api_key = api_key
        self.limiter = limiter
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff_seconds = backoff_seconds
        self.now = now
        self._sleep = sleep
        self.session = requests.Session()
        self.session.headers.update({"Api-Key": api_key, "Accept": "application/json"})
        self.tokens = tokens_factory(self)

    def close(self) -> None:
        self.session.close()

    # --- the retry loop -------------------------------------------------------------------------------

    def _retrying(self, *, retryable: Callable[[BaseException], bool]) -> Retrying:
        return Retrying(
            stop=stop_after_attempt(self.max_retries + 1),
            wait=wait_random_exponential(multiplier=self.backoff_seconds, max=MAX_BACKOFF_SECONDS),
            retry=retry_if_exception(retryable),
            reraise=True,
            sleep=self._sleep_within_budget,
            before_sleep=lambda state: log.warning(
                "Getty call failed (attempt %s): %s", state.attempt_number, state.outcome.exception()
            ),
        )

    def call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        body: Any = None,
        spends_download: bool = False,
    ) -> Any:
        """One /v3 call with token, rate limit and retries; the JSON answer (None for an empty body)."""
        url = f"{self.api_url}/{path.lstrip('/')}"
        with background_budget() as budget:
            try:
                # The token call has its own retries; fetching it here keeps them out of this call's retry
                # loop (the attempts below then find it in the cache).
                self.tokens.access_token()
                if spends_download:
                    retrying = self._retrying(
                        retryable=lambda e: isinstance(e, GettyRateLimited) and e.retryable
                    )
                else:
                    retrying = self._retrying(retryable=lambda e: isinstance(e, GettyError) and e.retryable)
                return retrying(self._attempt, method, url, params, body, spends_download)
            except GettyUnavailable as exc:
                if (late := _out_of_time(exc, budget)) is None:
                    raise
                raise late from exc

    def post_token(self, form: dict[str, str]) -> dict:
        """The token endpoint, under the same rate limit and retries as /v3 (token calls count)."""
        with background_budget() as budget:
            retrying = self._retrying(retryable=lambda e: isinstance(e, GettyError) and e.retryable)
            try:
                return retrying(self._token_attempt, form)
            except GettyUnavailable as exc:
                if (late := _out_of_time(exc, budget)) is None:
                    raise
                raise late from exc

    def _sleep_within_budget(self, seconds: float) -> None:
        budget = current_budget()
        if budget is not None and seconds >= budget.remaining():
            raise GettyDeadlineExceeded(
                f"no time left for another try after a {seconds:.1f}s backoff", seconds=budget.seconds
            )
        self._sleep(seconds)

    # --- one attempt ----------------------------------------------------------------------------------

    def _attempt(self, method, url, params, body, spends_download):
        # Fetched before anything is sent: a token failure never leaves a download in doubt.
        token = self.tokens.access_token()
        response = self._send_once(method, url, params, body, token, spends_download)
        if response.status_code == 401:
            code, message = _error_fields(response)
            if code == "UserTokenRequired":
                raise GettyUserTokenRequired(f"{code}: {message}", status=401)
            # The token died early (revoked, Getty's clock ahead of ours): drop it, try once more.
            # A 401 means Getty did nothing, so this is safe for a download too.
            self.tokens.drop(token)
            token = self.tokens.access_token()
            response = self._send_once(method, url, params, body, token, spends_download)
        try:
            return self._interpret(response)
        except GettyUnavailable as exc:
            if not spends_download:
                raise
            raise self._in_doubt(url, exc, sent_at=response.sent_at) from exc

    def _send_once(self, method, url, params, body, token, spends_download) -> requests.Response:
        sent_at = self.now()
        try:
            response = self._send(method, url, params=params, body=body, token=token)
        except GettyDeadlineExceeded:
            raise  # raised before anything was sent: no download is in doubt
        except GettyUnavailable as exc:
            if not spends_download:
                raise
            raise self._in_doubt(url, exc, sent_at=sent_at) from exc
        response.sent_at = sent_at
        return response

    @staticmethod
    def _in_doubt(url, exc: GettyUnavailable, *, sent_at) -> GettyDownloadOutcomeUnknown:
        return GettyDownloadOutcomeUnknown(
            str(exc.detail), image_id=url.rsplit("/", 1)[-1], sent_at=sent_at, status=exc.status
        )

    def _token_attempt(self, form):
        response = self._send("POST", self.auth_url, form=form)
        if response.status_code in (400, 401, 403) and not self._is_throttled(response):
            code, message = _error_fields(response)
            raise GettyAuthError(f"token refused ({response.status_code}): {code} {message}".strip())
        answer = self._interpret(response)
        if not isinstance(answer, dict):
            raise GettyUnavailable("token endpoint answered without JSON", status=response.status_code)
        return answer

    def _send(self, method, url, *, params=None, body=None, form=None, token=None) -> requests.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        with background_budget() as budget:
            self._check_time_left(budget)
            self.limiter.acquire(max_wait=min(budget.slot_wait, budget.remaining()), party=budget.party())
            timeout = min(self.timeout, self._check_time_left(budget))
        try:
            return self.session.request(
                method,
                url,
                params=params,
                json=body,
                data=form,
                headers=headers,
                timeout=timeout,
                allow_redirects=False,
            )
        except requests.Timeout as exc:
            raise GettyUnavailable(f"{method} {url}: timed out after {timeout:.1f}s") from exc
        except requests.RequestException as exc:
            # Resets, refused connections, bodies cut off mid-way.
            raise GettyUnavailable(f"{method} {url}: {type(exc).__name__}: {exc}") from exc

    @staticmethod
    def _check_time_left(budget) -> float:
        remaining = budget.remaining()
        if remaining <= 0:
            raise GettyDeadlineExceeded("the time budget was spent before the call", seconds=budget.seconds)
        return remaining

    # --- answers to results or errors -----------------------------------------------------------------

    @staticmethod
    def _is_throttled(response: requests.Response) -> bool:
        detail = response.headers.get("X-Error-Detail", "").lower()
        return response.status_code == 429 or QPS_DETAIL in detail or DAILY_CAP_DETAIL in detail

    def _interpret(self, response: requests.Response) -> Any:
        status = response.status_code
        if 200 <= status < 300:
            if not response.content.strip():
                return None
            try:
                return response.json()
            except ValueError as exc:
                raise GettyUnavailable(f"unreadable JSON from Getty ({status})", status=status) from exc
        if status == 303 and response.headers.get("Location"):
            return {"uri": response.headers["Location"]}
        code, message = _error_fields(response)
        detail = f"{status} {code}: {message}".strip()
        throttle = f"{response.headers.get('X-Error-Detail', '')} {message}".lower()
        if status in (403, 429) and DAILY_CAP_DETAIL in throttle and QPS_DETAIL not in throttle:
            raise GettyDailyCapReached(detail, retry_at=next_utc_midnight(self.now()), status=status)
        if status == 429 or (status == 403 and QPS_DETAIL in throttle):
            raise GettyRateLimited(detail, status=status)
        if status == 400 or status == 409:
            raise GettyBadRequest(detail, error_code=code, message=message, status=status)
        if status == 401:
            if code == "UserTokenRequired":
                raise GettyUserTokenRequired(detail, status=status)
            raise GettyAuthError(detail, status=status)
        if status == 403:
            if code == "OverageLimitReached":
                raise GettyOverageLimit(detail, status=status)
            if code == "UserTokenRequired":
                raise GettyUserTokenRequired(detail, status=status)
            raise GettyAccessDenied(detail, status=status)
        if status == 404:
            raise GettyNotFound(detail, status=status)
        if status == 408 or status >= 500:
            raise GettyUnavailable(detail, status=status)
        raise GettyError(detail, status=status)
