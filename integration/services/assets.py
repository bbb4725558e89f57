"""Keep our Asset rows in step with what Getty says about each picture we touched.

Getty is the source of truth; an Asset row is a cache with a timestamp (`fetched_at`). Answers shaped by a
narrower `fields=` carry fewer fields, so an upsert only overwrites what Getty actually sent: a search result
never wipes the keywords a detail fetch stored. `withdrawn_at` belongs to the withdrawal monitor and is never
touched here.
"""

import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from integration.getty.client import GettyClient
from integration.getty.errors import GettyDailyCapReached, GettyRateLimited, GettyUnavailable
from integration.getty.types import GettyImage
from integration.models import Asset

log = logging.getLogger("picture_desk.getty")

# Getty item key -> the Asset fields it fills, so a missing key leaves those fields alone.
_SCALAR_KEYS = (
    "title",
    "caption",
    "artist",
    "copyright",
    "credit_line",
    "asset_family",
    "license_model",
    "collection_code",
    "collection_id",
    "collection_name",
    "date_created",
    "graphical_style",
    "orientation",
    "quality_rank",
    "editorial_segments",
    "people",
    "product_types",
)
_DISPLAY_SIZE_FIELDS = {"thumb": "thumb_url", "comp": "comp_url", "preview": "preview_url"}
_ALL_KEYS = frozenset({*_SCALAR_KEYS, "max_dimensions", "allowed_use", "keywords"})
UPDATABLE_FIELDS = [
    *_SCALAR_KEYS,
    "max_width",
    "max_height",
    "how_can_i_use_it",
    "release_info",
    "usage_restrictions",
    "keywords",
    *_DISPLAY_SIZE_FIELDS.values(),
    "raw",
    "fetched_at",
]


def _fit(field_name: str, value):
    """Cut text to the column's length (PostgreSQL refuses longer text); a cut URL is useless, so drop it."""
    field = Asset._meta.get_field(field_name)
    limit = getattr(field, "max_length", None)
    if not isinstance(value, str) or not limit or len(value) <= limit:
        return value
    return "" if isinstance(field, models.URLField) else value[:limit]


def _values_from_image(image: GettyImage) -> dict:
    """The Asset fields this answer from Getty speaks about, and only those."""
    # An image built by hand (no raw answer) speaks about everything it holds.
    sent = image.raw.keys() if image.raw else _ALL_KEYS
    values = {key: getattr(image, key) for key in _SCALAR_KEYS if key in sent}
    if "max_dimensions" in sent:
        values["max_width"] = image.max_width
        values["max_height"] = image.max_height
    if "allowed_use" in sent:
        values["how_can_i_use_it"] = image.allowed_use.how_can_i_use_it
        values["release_info"] = image.allowed_use.release_info
        values["usage_restrictions"] = list(image.allowed_use.usage_restrictions)
    if "keywords" in sent:
        values["keywords"] = [
            {"keyword_id": k.keyword_id, "text": k.text, "type": k.type, "relevance": k.relevance}
            for k in image.keywords
        ]
    for size_name, field_name in _DISPLAY_SIZE_FIELDS.items():
        if size_name in image.display_sizes:
            values[field_name] = image.display_sizes[size_name]
    return {name: _fit(name, value) for name, value in values.items()}


def assets_upsert_many(*, images: Iterable[GettyImage], now: dt.datetime | None = None) -> list[Asset]:
    """Create or update the Asset of each image in a fixed number of queries; returns them in input order."""
    now = now or timezone.now()
    latest: dict[str, GettyImage] = {}
    for image in images:
        if image.id:
            latest[image.id] = image  # the last answer about an id wins
    if not latest:
        return []
    with transaction.atomic():
        existing = Asset.objects.in_bulk(list(latest), field_name="getty_id")
        to_update, to_create = [], []
        for getty_id, image in latest.items():
            values = _values_from_image(image)
            asset = existing.get(getty_id)
            if asset is None:
                asset = Asset(getty_id=getty_id, raw=image.raw, fetched_at=now, **values)
                to_create.append(asset)
            else:
                for name, value in values.items():
                    setattr(asset, name, value)
                asset.raw = {**(asset.raw or {}), **image.raw}
                asset.fetched_at = now
                to_update.append(asset)
        if to_update:
            Asset.objects.bulk_update(to_update, UPDATABLE_FIELDS)
        if to_create:
            # Another process may create the same picture meanwhile: the later write wins, with no error.
            Asset.objects.bulk_create(
                to_create,
                update_conflicts=True,
                unique_fields=["getty_id"],
                update_fields=UPDATABLE_FIELDS,
            )
            if any(asset.pk is None for asset in to_create):
                by_id = Asset.objects.in_bulk([a.getty_id for a in to_create], field_name="getty_id")
                to_create = [by_id[a.getty_id] for a in to_create]
    assets = {a.getty_id: a for a in [*to_update, *to_create]}
    return [assets[getty_id] for getty_id in latest]


def asset_upsert_from_getty(*, image: GettyImage, now: dt.datetime | None = None) -> Asset:
    return assets_upsert_many(images=[image], now=now)[0]


def asset_is_stale(asset: Asset, *, now: dt.datetime) -> bool:
    """Stale once older than GETTY_ASSET_STALE_HOURS (exactly that old is still fresh)."""
    return now - asset.fetched_at > dt.timedelta(hours=settings.GETTY_ASSET_STALE_HOURS)


def asset_get_fresh(
    *, getty_id: str, client: GettyClient | None = None, now: dt.datetime | None = None
) -> Asset:
    """The Asset for `getty_id`, refreshed from Getty when missing or stale.

    When Getty cannot answer right now and we hold a row, the stale row is returned (its `fetched_at` says
    how old it is) rather than failing the page; without a row the Getty error is raised. GettyNotFound is
    always raised: the monitor of withdrawals decides what a vanished picture means.
    """
    now = now or timezone.now()
    getty_id = str(getty_id)
    asset = Asset.objects.filter(getty_id=getty_id).first()
    if asset is not None and not asset_is_stale(asset, now=now):
        return asset
    client = client or GettyClient.from_settings()
    try:
        image = client.get_image(getty_id)
    except (GettyUnavailable, GettyRateLimited, GettyDailyCapReached) as exc:
        if asset is None:
            raise
        log.warning("Getty refresh of asset %s failed, serving the cached row: %s", getty_id, exc)
        return asset
    return asset_upsert_from_getty(image=image, now=now)


def assets_keep_searched(*, images: list[GettyImage], now: dt.datetime) -> None:
    """Keep Asset rows of the pictures a search showed, so the asset panel and the shortlist work from our
    own rows.

    Rows still fresh (younger than GETTY_ASSET_STALE_HOURS, the Asset cache's own rule) are left alone:
    rewriting thirty wide rows on every search would cost more than the search itself.
    """
    ids = [image.id for image in images if image.id]
    if not ids:
        return
    fresh_since = now - dt.timedelta(hours=settings.GETTY_ASSET_STALE_HOURS)
    fresh = set(
        Asset.objects.filter(getty_id__in=ids, fetched_at__gte=fresh_since).values_list("getty_id", flat=True)
    )
    wanted = [image for image in images if image.id and image.id not in fresh]
    if wanted:
        assets_upsert_many(images=wanted, now=now)
