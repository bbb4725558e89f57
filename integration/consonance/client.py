"""The one Consonance GraphQL client: transport, retries, and the documented operations.

Base URL, key and timeout come from settings (CONSONANCE_URL, CONSONANCE_API_KEY,
CONSONANCE_TIMEOUT_SECONDS); the client never knows whether it talks to the sandbox or to Consonance.
Retries: exponential backoff with full jitter (base step RETRY_BACKOFF_SECONDS, at most
CONSONANCE_MAX_RETRIES retries) for 429, 5xx, timeouts, dropped connections and malformed bodies;
none for a refused key or a query error. A write that is not idempotent (createSupportingResource) is
only sent again when Consonance surely did not act on it (no connection, 429, 503).
"""

import datetime as dt
import enum
import os
from collections.abc import Iterator

import requests
from django.conf import settings
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, wait_random_exponential
from urllib3.exceptions import NewConnectionError

from .errors import (
    TRANSIENT_ERRORS,
    ConsonanceAuthError,
    ConsonanceBadResponse,
    ConsonanceError,
    ConsonanceOutcomeUnknown,
    ConsonanceQueryError,
    ConsonanceUnavailable,
)
from .extension import ConsonanceExtensionMixin
from .queries import (
    CREATE_SUPPORTING_RESOURCE,
    UPDATE_SUPPORTING_RESOURCE,
    WORK_SUPPORTING_RESOURCES,
    WORKS_PAGE,
)
from .types import SupportingResource, SupportingResourceResult, Work, mutation_payload

# No single wait longer than this, whatever Retry-After says: a sync must end in minutes, not hours.
MAX_WAIT_SECONDS = 30.0

AUTH_REFUSED = "Consonance refused our API key ({status}). Check CONSONANCE_API_KEY."
UNREACHABLE = "Consonance could not be reached at {url}: {reason}"
TIMED_OUT = "Consonance did not answer within {timeout:g} s at {url}."
SERVER_ERROR = "Consonance answered HTTP {status} at {url}; it may be down or overloaded."
RATE_LIMITED = "Consonance is limiting our request rate (HTTP 429)."
NOT_JSON = "Consonance sent a reply that is not valid JSON: {start!r}"
NO_ENDPOINT = "There is no Consonance GraphQL endpoint at {url} (HTTP {status}). Check CONSONANCE_URL."
QUERY_REFUSED = "Consonance rejected our query: {messages}"


class RetryPolicy(enum.Enum):
    ALWAYS = "always"  # reads, and writes that are idempotent (update, upsert by key, attach by key)
    IF_NOT_ACTED = "if_not_acted"  # writes that would be duplicated by a second send


class ConsonanceClient(ConsonanceExtensionMixin):
    def __init__(
        self,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        backoff: float | None = None,
        retry_policy: RetryPolicy = RetryPolicy.ALWAYS,
    ):
        # How calls that name no policy are retried. The outbox asks for IF_NOT_ACTED on every call:
        # a write resent at once after a timeout can succeed while the first send, still under way
        # in Consonance, lands later; the outbox waits for it to settle before sending again.
        self.retry_policy = retry_policy
        self.base_url = (base_url or settings.CONSONANCE_URL).rstrip("/")
        self.endpoint = f"{self.base_url}/graphql"
        self.timeout = settings.CONSONANCE_TIMEOUT_SECONDS if timeout is None else timeout
        self.max_retries = settings.CONSONANCE_MAX_RETRIES if max_retries is None else max_retries
        self.backoff = settings.RETRY_BACKOFF_SECONDS if backoff is None else backoff
        self.session = requests.Session()
        self.session.headers.update(
            {
                "Authorization": f"Bearer {api_key or settings.CONSONANCE_API_KEY}",
                "Accept": "application/json",
                "User-Agent": "PictureDesk (Consonance client)",
            }
        )
        # requests reads proxies, a CA bundle and .netrc from the environment on every call, scanning
        # os.environ each time (a quarter of a call's own cost against a nearby Consonance): read once,
        # here. (A .netrc entry would also have replaced our Bearer key with its password.)
        self.session.trust_env = False
        self.session.proxies.update(requests.utils.get_environ_proxies(self.endpoint))
        ca_bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
        if ca_bundle:
            self.session.verify = ca_bundle

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> "ConsonanceClient":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # --- documented reads ------------------------------------------------------------------------
    def iter_work_pages(
        self, *, changed_since: dt.date | None = None, after: int | None = None
    ) -> Iterator[list[Work]]:
        """Yield works page by page (keyset paging on id, from `after`) until the end of the catalogue.

        The end is an empty page read twice: one empty answer in the middle of the catalogue (seen
        from a proxy or an overloaded Consonance) must not end a full sync that then deactivates
        everything after it.
        """
        while True:
            works = self._work_page(after, changed_since) or self._work_page(after, changed_since)
            if not works:
                return
            last_id = max(w.id for w in works)
            if after is not None and last_id <= after:
                # Keyset paging must move forward; a server that repeats a page would loop us forever.
                raise ConsonanceBadResponse(
                    f"Consonance sent works up to id {last_id} when asked for ids after {after}."
                )
            yield works
            after = last_id

    def _work_page(self, after: int | None, changed_since: dt.date | None) -> list[Work]:
        variables = {"after": after, "since": changed_since.isoformat() if changed_since else None}
        data = self.execute(WORKS_PAGE, variables, operation_name="TitleSyncWorks")
        raw = data.get("works")
        if not isinstance(raw, list):
            raise ConsonanceBadResponse("Consonance answered the works query without a list of works.")
        return [Work.from_graphql(w) for w in raw]

    def supporting_resources_for_work(self, work_id: int) -> list[SupportingResource]:
        """What a work holds now: read this after an unknown outcome before creating again."""
        data = self.execute(
            WORK_SUPPORTING_RESOURCES, {"workId": work_id}, operation_name="WorkSupportingResources"
        )
        work = data.get("work") or {}
        return [SupportingResource.from_graphql(r) for r in work.get("supportingResources") or []]

    # --- documented writes -----------------------------------------------------------------------
    def create_supporting_resource(
        self,
        *,
        work_id: int,
        caption: str | None = None,
        copyright: str | None = None,  # noqa: A002 - Consonance's field name
        required_credit: str | None = None,
        image_remote_url: str | None = None,
        resource_file_name: str | None = None,
        status: str | None = None,
        resource_variant: str | None = None,
        onix_content_audience_code: str | None = None,
        product_ids: list[int] | None = None,
        link_to_all_products: bool | None = None,
        unlink_previous: bool | None = None,
        external_ref: str | None = None,
        client_mutation_id: str | None = None,
    ) -> SupportingResourceResult:
        """Create a supporting resource (a picture) on a work; not idempotent, so never blindly resent.

        Give `image_remote_url` (a JPG Consonance fetches) or `resource_file_name` (Consonance answers a
        presigned URL to PUT the file to). Raises ConsonanceOutcomeUnknown when the request may have
        been processed: look with `supporting_resources_for_work` (for `external_ref`, our [extension]
        marker) before creating again.
        """
        if bool(image_remote_url) == bool(resource_file_name):
            raise ValueError("Give exactly one of image_remote_url and resource_file_name.")
        values = {
            "clientMutationId": client_mutation_id,
            "workId": work_id,
            "caption": caption,
            "copyright": copyright,
            "requiredCredit": required_credit,
            "imageRemoteUrl": image_remote_url,
            "resourceFileName": resource_file_name,
            "status": status,
            "resourceVariant": resource_variant,
            "onixContentAudienceCode": onix_content_audience_code,
            "productIds": product_ids,
            "linkToAllProducts": link_to_all_products,
            "unlinkPrevious": unlink_previous,
            "externalRef": external_ref,  # [extension]
        }
        data = self.execute(
            CREATE_SUPPORTING_RESOURCE,
            {"input": _without_none(values)},
            operation_name="CreateSupportingResource",
            policy=RetryPolicy.IF_NOT_ACTED,
        )
        payload = mutation_payload(data, "createSupportingResource")
        return SupportingResourceResult(
            supporting_resource=SupportingResource.from_graphql(payload.get("supportingResource") or {}),
            presigned_url=payload.get("presignedUrl") or "",
        )

    def update_supporting_resource(
        self,
        *,
        id: int,  # noqa: A002 - Consonance's field name
        caption: str | None = None,
        copyright: str | None = None,  # noqa: A002
        required_credit: str | None = None,
        status: str | None = None,
        product_ids: list[int] | None = None,
    ) -> SupportingResource:
        """Change fields of a supporting resource; fields left None are not sent. Safe to retry."""
        values = {
            "id": id,
            "caption": caption,
            "copyright": copyright,
            "requiredCredit": required_credit,
            "status": status,
            "productIds": product_ids,
        }
        data = self.execute(
            UPDATE_SUPPORTING_RESOURCE,
            {"input": _without_none(values)},
            operation_name="UpdateSupportingResource",
        )
        payload = mutation_payload(data, "updateSupportingResource")
        return SupportingResource.from_graphql(payload.get("supportingResource") or {})

    # --- transport -------------------------------------------------------------------------------
    def execute(
        self,
        query: str,
        variables: dict | None = None,
        *,
        operation_name: str | None = None,
        policy: RetryPolicy | None = None,
    ) -> dict:
        """POST one GraphQL operation with retries (by `policy`, or the client's); return its `data`."""
        policy = policy or self.retry_policy
        body = {"query": query, "variables": variables or {}, "operationName": operation_name}

        def worth_retrying(exc: BaseException) -> bool:
            if not isinstance(exc, TRANSIENT_ERRORS):
                return False
            return policy is RetryPolicy.ALWAYS or not exc.may_have_acted

        retrying = Retrying(
            stop=stop_after_attempt(self.max_retries + 1),
            wait=self._wait,
            retry=retry_if_exception(worth_retrying),
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    return self._post_once(body)
        except TRANSIENT_ERRORS as exc:
            raise _gave_up(exc, retrying.statistics.get("attempt_number", 1), policy) from exc
        raise AssertionError("unreachable: tenacity either returns or raises")  # pragma: no cover

    def _wait(self, state: RetryCallState) -> float:
        """Full jitter on an exponential step, but never shorter than a Retry-After Consonance sent."""
        jitter = wait_random_exponential(multiplier=self.backoff, max=MAX_WAIT_SECONDS)(state)
        exc = state.outcome.exception() if state.outcome else None
        retry_after = getattr(exc, "retry_after", None)
        return max(jitter, min(retry_after, MAX_WAIT_SECONDS)) if retry_after else jitter

    def _post_once(self, body: dict) -> dict:
        try:
            response = self.session.post(self.endpoint, json=body, timeout=(self.timeout, self.timeout))
        except requests.Timeout as exc:
            raise ConsonanceUnavailable(
                TIMED_OUT.format(timeout=self.timeout, url=self.endpoint),
                may_have_acted=not isinstance(exc, requests.ConnectTimeout),
            ) from exc
        except requests.ConnectionError as exc:
            never_connected = _never_connected(exc)
            raise ConsonanceUnavailable(
                UNREACHABLE.format(url=self.endpoint, reason=_connection_reason(exc, never_connected)),
                may_have_acted=not never_connected,
            ) from exc
        except requests.RequestException as exc:
            raise ConsonanceUnavailable(UNREACHABLE.format(url=self.endpoint, reason=exc)) from exc
        return self._data_from(response)

    def _data_from(self, response: requests.Response) -> dict:
        status = response.status_code
        if status in (401, 403):
            raise ConsonanceAuthError(AUTH_REFUSED.format(status=status), may_have_acted=False)
        if status == 429:
            raise ConsonanceUnavailable(
                RATE_LIMITED, retry_after=_seconds(response.headers.get("Retry-After")), may_have_acted=False
            )
        if status >= 500:
            # 503 means "not now": the request was not processed. A 500/502/504 may have been.
            raise ConsonanceUnavailable(
                SERVER_ERROR.format(status=status, url=self.endpoint),
                retry_after=_seconds(response.headers.get("Retry-After")),
                may_have_acted=status != 503,
            )
        if status in (404, 405):
            raise ConsonanceError(NO_ENDPOINT.format(url=self.endpoint, status=status), may_have_acted=False)
        try:
            document = response.json()
        except ValueError as exc:
            raise ConsonanceBadResponse(NOT_JSON.format(start=response.text[:60])) from exc
        if not isinstance(document, dict):
            raise ConsonanceBadResponse(NOT_JSON.format(start=response.text[:60]))
        errors = document.get("errors")
        if errors:
            if any((e.get("extensions") or {}).get("code") == "UNAUTHENTICATED" for e in errors):
                raise ConsonanceAuthError(AUTH_REFUSED.format(status=status), may_have_acted=False)
            messages = "; ".join(str(e.get("message", e)) for e in errors[:5])
            raise ConsonanceQueryError(QUERY_REFUSED.format(messages=messages), errors=errors)
        if status != 200 or not isinstance(document.get("data"), dict):
            raise ConsonanceBadResponse(
                f"Consonance answered HTTP {status} without data: {response.text[:120]!r}",
                may_have_acted=False,
            )
        return document["data"]


def _without_none(values: dict) -> dict:
    return {k: v for k, v in values.items() if v is not None}


def _seconds(header: str | None) -> float | None:
    """Retry-After in seconds; the HTTP-date form is rare enough to ignore (backoff still applies)."""
    try:
        return max(0.0, float(header)) if header else None
    except ValueError:
        return None


def _never_connected(exc: requests.ConnectionError) -> bool:
    """True when the TCP connection was never made, so Consonance cannot have seen the request."""
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(reason, NewConnectionError)


def _connection_reason(exc: requests.ConnectionError, never_connected: bool) -> str:
    if never_connected:
        reason = str(exc.args[0].reason)
        return reason.split(": ", 1)[-1] if ": " in reason else reason
    return "the connection closed before Consonance answered"


def _gave_up(exc: ConsonanceError, attempts: int, policy: RetryPolicy) -> ConsonanceError:
    """The error once retrying stopped: how often we tried, and whether a write may have landed."""
    message = exc.message if attempts <= 1 else f"{exc.message} (gave up after {attempts} attempts)"
    if policy is RetryPolicy.IF_NOT_ACTED and exc.may_have_acted:
        return ConsonanceOutcomeUnknown(
            f"{message} Consonance may have saved the change: check before sending it again.",
            retry_after=exc.retry_after,
        )
    return type(exc)(message, retry_after=exc.retry_after, may_have_acted=exc.may_have_acted)
