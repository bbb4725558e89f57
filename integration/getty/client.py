"""The Getty Images API v3 client: one method per endpoint we use, typed answers, our own errors.

Build it with `GettyClient.from_settings()`; it works the same against Getty and the sandbox, only the
settings differ. Tokens, the shared rate limit and retries live in `transport.py`.
"""

import datetime as dt
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.utils import timezone

from .auth import Credentials, TokenProvider
from .errors import GettyBadRequest, GettyDownloadOutcomeUnknown, GettyNotFound
from .ids import is_getty_id
from .ratelimit import SharedRateLimiter
from .transport import GettyTransport
from .types import (
    AssetChangeChannel,
    ChangeSet,
    DownloadHistory,
    DownloadRecord,
    DownloadResult,
    GettyImage,
    GettyProduct,
    SearchResult,
    UsageReport,
    parse_int,
)

FAMILIES = ("creative", "editorial")
# What the search grid and the asset panel show, so one search answers both without a second call.
SEARCH_FIELDS = "detail_set,comp,preview,thumb,keywords,credit_line,people"
IMAGE_FIELDS = "detail_set,comp,preview,thumb,keywords,credit_line,people,download_sizes"
MAX_IDS_PER_CALL = 100
MAX_USAGES_PER_BATCH = 1000
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class AssetUsage:
    """One line of a usage batch: `quantity` uses of `asset_id` on `usage_date`."""

    asset_id: str
    quantity: int
    usage_date: dt.date

    def to_api(self) -> dict:
        return {
            "asset_id": self.asset_id,
            "quantity": self.quantity,
            "usage_date": self.usage_date.isoformat(),
        }


class GettyClient:
    def __init__(
        self,
        *,
        api_url: str,
        auth_url: str,
        credentials: Credentials,
        timeout: float,
        max_retries: int,
        backoff_seconds: float,
        queries_per_second: float,
        now: Callable[[], dt.datetime] = timezone.now,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.now = now
        self.credentials = credentials
        self.transport = GettyTransport(
            api_url=api_url,
            auth_url=auth_url,
            api_key=credentials.api_key,
            tokens_factory=lambda transport: TokenProvider(credentials, transport.post_token, now=now),
            limiter=SharedRateLimiter(key=credentials.api_key, queries_per_second=queries_per_second),
            timeout=timeout,
            max_retries=max_retries,
            backoff_seconds=backoff_seconds,
            now=now,
            sleep=sleep,
        )

    @classmethod
    def from_settings(cls, **overrides) -> "GettyClient":
        """A client configured from settings, read now (never at import time)."""
        options = {
            "api_url": settings.GETTY_API_URL,
            "auth_url": settings.GETTY_AUTH_URL,
            "credentials": Credentials(
                api_key=settings.GETTY_API_KEY,
                api_secret=settings.GETTY_API_SECRET,
                username=settings.GETTY_USERNAME,
                password=settings.GETTY_PASSWORD,
            ),
            "timeout": settings.GETTY_TIMEOUT_SECONDS,
            "max_retries": settings.GETTY_MAX_RETRIES,
            "backoff_seconds": settings.RETRY_BACKOFF_SECONDS,
            "queries_per_second": settings.GETTY_QUERIES_PER_SECOND,
        }
        options.update(overrides)
        return cls(**options)

    @property
    def tokens(self) -> TokenProvider:
        return self.transport.tokens

    def close(self) -> None:
        self.transport.close()

    def __enter__(self) -> "GettyClient":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # --- search and metadata --------------------------------------------------------------------------

    def search_images(self, *, family: str, params: dict[str, str]) -> SearchResult:
        """Search one family; `params` are Getty's query parameters, already named and comma-joined."""
        if family not in FAMILIES:
            raise GettyBadRequest(
                error_code="InvalidParameterValue", message=f"Unknown image family {family!r}", status=None
            )
        query = {"fields": SEARCH_FIELDS, **params}
        return SearchResult.from_api(self.transport.call("GET", f"search/images/{family}", params=query))

    def get_image(self, image_id: str, *, fields: str = IMAGE_FIELDS) -> GettyImage:
        body = self.transport.call("GET", f"images/{_image_segment(image_id)}", params={"fields": fields})
        # Getty answers a single id with the list shape; accept a bare item too.
        items = body.get("images") if isinstance(body, dict) and "images" in body else [body]
        items = [i for i in items or [] if isinstance(i, dict)]
        if not items:
            raise GettyNotFound(f"image {image_id} missing from Getty's answer")
        return GettyImage.from_api(items[0])

    def get_images(
        self, ids: Iterable[str], *, fields: str = IMAGE_FIELDS
    ) -> tuple[list[GettyImage], list[str]]:
        """Metadata for many ids, 100 per call; returns (images found, ids Getty does not know)."""
        unique = list(dict.fromkeys(str(i) for i in ids))
        found: list[GettyImage] = []
        missing: list[str] = [i for i in unique if not is_getty_id(i)]
        unique = [i for i in unique if is_getty_id(i)]
        for start in range(0, len(unique), MAX_IDS_PER_CALL):
            chunk = unique[start : start + MAX_IDS_PER_CALL]
            body = (
                self.transport.call("GET", "images", params={"ids": ",".join(chunk), "fields": fields}) or {}
            )
            found.extend(GettyImage.from_api(i) for i in body.get("images") or [] if isinstance(i, dict))
            missing.extend(str(i) for i in body.get("images_not_found") or [])
        return found, missing

    def similar_images(
        self, image_id: str, *, page: int = 1, page_size: int = 30, fields: str = SEARCH_FIELDS
    ) -> SearchResult:
        params = {"page": str(page), "page_size": str(min(page_size, MAX_PAGE_SIZE)), "fields": fields}
        path = f"images/{_image_segment(image_id)}/similar"
        return SearchResult.from_api(self.transport.call("GET", path, params=params))

    # --- licensing --------------------------------------------------------------------------------------

    def download_image(
        self,
        image_id: str,
        *,
        product_id: str,
        product_type: str,
        height: int | None = None,
        file_type: str = "jpg",
        notes: str | None = None,
        project_code: str | None = None,
    ) -> DownloadResult:
        """License and get a download URI. Spends one download: never retried blindly.

        Raises GettyDownloadOutcomeUnknown when the answer was lost; call `find_download_in_history`
        before trying again.
        """
        params = {
            "auto_download": "false",
            "product_id": str(product_id),
            "product_type": product_type,
            "file_type": file_type,
        }
        if height is not None:
            params["height"] = str(height)
        body = {}
        if notes:
            body["download_notes"] = notes
        if project_code:
            body["project_code"] = project_code
        requested_at = self.now()
        path = f"downloads/images/{_image_segment(image_id)}"
        answer = self.transport.call("POST", path, params=params, body=body or None, spends_download=True)
        uri = answer.get("uri") if isinstance(answer, dict) else None
        if not uri:
            raise GettyDownloadOutcomeUnknown(
                "download answer without uri", image_id=str(image_id), sent_at=requested_at
            )
        return DownloadResult(
            image_id=str(image_id),
            uri=str(uri),
            product_id=str(product_id),
            product_type=product_type,
            height=height,
            file_type=file_type,
            requested_at=requested_at,
        )

    def download_history(
        self,
        *,
        date_from: dt.datetime | None = None,
        date_to: dt.datetime | None = None,
        page: int = 1,
        page_size: int = 30,
        product_type: str | None = None,
    ) -> DownloadHistory:
        params = {"page": str(page), "page_size": str(min(page_size, MAX_PAGE_SIZE))}
        if date_from is not None:
            params["date_from"] = _iso(date_from)
        if date_to is not None:
            params["date_to"] = _iso(date_to)
        if product_type:
            params["product_type"] = product_type
        return DownloadHistory.from_api(self.transport.call("GET", "downloads", params=params))

    def find_download_in_history(self, image_id: str, since: dt.datetime) -> DownloadRecord | None:
        """The download of `image_id` Getty recorded at or after `since` (to settle an unknown outcome)."""
        # Getty's history has whole-second dates; look a little earlier than the request was sent.
        since = since - dt.timedelta(seconds=5)
        page = 1
        while True:
            history = self.download_history(date_from=since, page=page, page_size=MAX_PAGE_SIZE)
            for record in history.downloads:
                if record.image_id == str(image_id) and (
                    record.downloaded_at is None or record.downloaded_at >= since
                ):
                    return record
            if not history.downloads or page * MAX_PAGE_SIZE >= history.result_count:
                return None
            page += 1

    def products(self) -> list[GettyProduct]:
        body = self.transport.call("GET", "products", params={"fields": "download_requirements"}) or {}
        return [GettyProduct.from_api(i) for i in body.get("products") or [] if isinstance(i, dict)]

    # --- usage and asset changes ------------------------------------------------------------------------

    def report_usage(self, batch_id: str, usages: Sequence[AssetUsage | dict]) -> UsageReport:
        """Report a usage batch (all-or-nothing). A reused id means Getty stored it already: safe to retry."""
        entries = [u.to_api() if isinstance(u, AssetUsage) else dict(u) for u in usages]
        if not entries or len(entries) > MAX_USAGES_PER_BATCH:
            raise GettyBadRequest(
                error_code="InvalidRequest",
                message=f"A usage batch holds 1 to {MAX_USAGES_PER_BATCH} entries, not {len(entries)}.",
                status=None,
            )
        try:
            path = f"usage-batches/{_segment(batch_id)}"
            body = self.transport.call("PUT", path, body={"asset_usages": entries}) or {}
        except GettyBadRequest as exc:
            if exc.status == 409 or exc.error_code == "TransactionIdDuplicated":
                return UsageReport(batch_id=str(batch_id), already_recorded=True)
            raise
        return UsageReport(
            batch_id=str(batch_id),
            total_asset_usages_processed=parse_int(body.get("total_asset_usages_processed")) or 0,
            invalid_assets=[str(a) for a in body.get("invalid_assets") or []],
        )

    def asset_change_channels(self) -> list[AssetChangeChannel]:
        body = self.transport.call("GET", "asset-changes/channels")
        items = body if isinstance(body, list) else (body or {}).get("channels") or []
        return [AssetChangeChannel.from_api(i) for i in items if isinstance(i, dict)]

    def next_change_set(self, channel_id: str, *, batch_size: int = 100) -> ChangeSet | None:
        """The next unconfirmed change set of a channel, or None when nothing is pending."""
        params = {"channel_id": str(channel_id), "batch_size": str(batch_size)}
        return ChangeSet.from_api(self.transport.call("PUT", "asset-changes/change-sets", params=params))

    def confirm_change_set(self, change_set_id: str) -> None:
        """Confirm a processed change set; Getty sends the next one only after this."""
        self.transport.call("DELETE", f"asset-changes/change-sets/{_segment(change_set_id)}")


def _image_segment(image_id) -> str:
    """An image id for a URL path; one that cannot be a Getty id is unknown without asking Getty."""
    if not is_getty_id(image_id):
        raise GettyNotFound(f"{image_id!r} is not a Getty image id")
    return _segment(image_id)


def _segment(value) -> str:
    """An id as one URL path segment: an id with a slash must not reach another endpoint."""
    return quote(str(value), safe="")


def _iso(value: dt.datetime) -> str:
    if timezone.is_naive(value):
        raise ValueError("Getty dates must be aware datetimes")
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
