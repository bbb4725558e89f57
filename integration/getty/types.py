"""What Getty answers, as typed values parsed once at the boundary.

Getty's JSON is snake_case but fields come and go with `fields=`, numbers sometimes arrive as strings and
dates with or without a zone. Everything here parses defensively: a missing field becomes an empty value,
never a KeyError deep inside a view. `raw` keeps the item as Getty sent it, for what we do not map.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .parsing import as_dict, as_items, as_list, as_text, as_texts, parse_bool, parse_datetime, parse_int


@dataclass(frozen=True)
class Keyword:
    keyword_id: str
    text: str
    type: str = ""
    relevance: int | None = None

    @classmethod
    def from_api(cls, item: Any) -> "Keyword | None":
        if isinstance(item, str):
            return cls(keyword_id="", text=item)
        item = as_dict(item)
        if not item.get("text"):
            return None
        return cls(
            keyword_id=as_text(item.get("keyword_id")),
            text=as_text(item.get("text")),
            type=as_text(item.get("type")),
            relevance=parse_int(item.get("relevance")),
        )


@dataclass(frozen=True)
class AllowedUse:
    how_can_i_use_it: str = ""
    release_info: str = ""
    usage_restrictions: list[str] = field(default_factory=list)

    @classmethod
    def from_api(cls, item: Any) -> "AllowedUse":
        item = as_dict(item)
        return cls(
            how_can_i_use_it=as_text(item.get("how_can_i_use_it")),
            release_info=as_text(item.get("release_info")),
            usage_restrictions=as_texts(item.get("usage_restrictions")),
        )


@dataclass(frozen=True)
class DownloadSize:
    name: str
    media_type: str = ""
    bytes: int | None = None
    width: int | None = None
    height: int | None = None
    dpi: int | None = None

    @classmethod
    def from_api(cls, item: Any) -> "DownloadSize | None":
        item = as_dict(item)
        if not item:
            return None
        return cls(
            name=as_text(item.get("name")),
            media_type=as_text(item.get("media_type")),
            bytes=parse_int(item.get("bytes")),
            width=parse_int(item.get("width")),
            height=parse_int(item.get("height")),
            dpi=parse_int(item.get("dpi")),
        )


@dataclass(frozen=True)
class GettyImage:
    id: str
    title: str = ""
    caption: str = ""
    artist: str = ""
    copyright: str = ""
    credit_line: str = ""
    asset_family: str = ""
    license_model: str = ""
    collection_code: str = ""
    collection_id: int | None = None
    collection_name: str = ""
    date_created: dt.datetime | None = None
    display_sizes: dict[str, str] = field(default_factory=dict)  # name -> signed uri, used as given
    graphical_style: str = ""
    orientation: str = ""
    quality_rank: int | None = None
    max_width: int | None = None
    max_height: int | None = None
    keywords: list[Keyword] = field(default_factory=list)
    allowed_use: AllowedUse = field(default_factory=AllowedUse)
    product_types: list[str] = field(default_factory=list)
    editorial_segments: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    download_sizes: list[DownloadSize] = field(default_factory=list)
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_api(cls, item: Any) -> "GettyImage":
        item = as_dict(item)
        dimensions = as_dict(item.get("max_dimensions"))
        display_sizes = {}
        for size in as_list(item.get("display_sizes")):
            size = as_dict(size)
            if size.get("name") and size.get("uri"):
                display_sizes[str(size["name"])] = str(size["uri"])
        people = []
        for person in as_list(item.get("people")):
            # Seen both as plain names and as {"name": ...}.
            name = person.get("name") if isinstance(person, dict) else person
            if name:
                people.append(str(name))
        return cls(
            id=as_text(item.get("id")),
            title=as_text(item.get("title")),
            caption=as_text(item.get("caption")),
            artist=as_text(item.get("artist")),
            copyright=as_text(item.get("copyright")),
            credit_line=as_text(item.get("credit_line")),
            asset_family=as_text(item.get("asset_family")).lower(),
            license_model=as_text(item.get("license_model")).lower(),
            collection_code=as_text(item.get("collection_code")),
            collection_id=parse_int(item.get("collection_id")),
            collection_name=as_text(item.get("collection_name")),
            date_created=parse_datetime(item.get("date_created")),
            display_sizes=display_sizes,
            graphical_style=as_text(item.get("graphical_style")),
            orientation=as_text(item.get("orientation")),
            quality_rank=parse_int(item.get("quality_rank")),
            max_width=parse_int(dimensions.get("width")),
            max_height=parse_int(dimensions.get("height")),
            keywords=[k for k in (Keyword.from_api(i) for i in as_list(item.get("keywords"))) if k],
            allowed_use=AllowedUse.from_api(item.get("allowed_use")),
            product_types=as_texts(item.get("product_types")),
            editorial_segments=as_texts(item.get("editorial_segments")),
            people=people,
            download_sizes=[
                s for s in (DownloadSize.from_api(i) for i in as_list(item.get("download_sizes"))) if s
            ],
            raw=item,
        )

    @property
    def is_editorial_use_only(self) -> bool:
        if self.asset_family == "editorial":
            return True
        return any("editorial use only" in r.lower() for r in self.allowed_use.usage_restrictions)


@dataclass(frozen=True)
class SearchResult:
    result_count: int
    images: list[GettyImage] = field(default_factory=list)
    auto_corrected_phrase: str | None = None
    related_searches: list[str] = field(default_factory=list)

    @classmethod
    def from_api(cls, body: Any) -> "SearchResult":
        body = as_dict(body)
        images = [GettyImage.from_api(i) for i in as_items(body.get("images"))]
        corrections = as_dict(body.get("auto_corrections"))
        related = []
        for entry in as_list(body.get("related_searches")):
            # Getty sends {"phrase", "uri"} items; older answers plain strings.
            phrase = entry.get("phrase") if isinstance(entry, dict) else entry
            if phrase:
                related.append(str(phrase))
        count = parse_int(body.get("result_count"))
        return cls(
            result_count=len(images) if count is None else count,
            images=images,
            auto_corrected_phrase=corrections.get("phrase") or None,
            related_searches=related,
        )


@dataclass(frozen=True)
class DownloadResult:
    """A download Getty granted: the URI is opaque and valid 24 hours."""

    image_id: str
    uri: str
    product_id: str
    product_type: str
    height: int | None = None
    file_type: str = "jpg"
    requested_at: dt.datetime | None = None


@dataclass(frozen=True)
class DownloadRequirements:
    is_note_required: bool = False
    is_project_code_required: bool = False
    project_codes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class GettyProduct:
    id: str
    name: str = ""
    type: str = ""
    status: str = ""
    agreement_name: str = ""
    credits_remaining: int | None = None
    download_limit: int | None = None
    downloads_remaining: int | None = None
    download_limit_resets_at: dt.datetime | None = None
    expires_at: dt.datetime | None = None
    requirements: DownloadRequirements = field(default_factory=DownloadRequirements)
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_api(cls, item: Any) -> "GettyProduct":
        item = as_dict(item)
        needs = as_dict(item.get("download_requirements"))
        return cls(
            id=as_text(item.get("id")),
            name=as_text(item.get("name")),
            type=as_text(item.get("type")),
            status=as_text(item.get("status")).lower(),
            agreement_name=as_text(item.get("agreement_name")),
            credits_remaining=parse_int(item.get("credits_remaining")),
            download_limit=parse_int(item.get("download_limit")),
            downloads_remaining=parse_int(item.get("downloads_remaining")),
            download_limit_resets_at=parse_datetime(item.get("download_limit_reset_utc_date")),
            expires_at=parse_datetime(item.get("expiration_utc_date")),
            requirements=DownloadRequirements(
                is_note_required=parse_bool(needs.get("is_note_required", False)),
                is_project_code_required=parse_bool(needs.get("is_project_code_required", False)),
                project_codes=as_texts(needs.get("project_codes")),
            ),
            raw=item,
        )

    @property
    def is_active(self) -> bool:
        return self.status == "active"


@dataclass(frozen=True)
class DownloadRecord:
    """One line of the download history: the evidence that a licence was taken."""

    image_id: str
    downloaded_at: dt.datetime | None = None
    asset_type: str = ""
    product_type: str = ""
    product_id: str = ""
    agreement_name: str = ""
    thumb_uri: str = ""
    download_notes: str = ""
    project_code: str = ""
    download_source: str = ""
    username: str = ""
    size_name: str = ""
    width: int | None = None
    height: int | None = None
    dpi: int | None = None
    license_model: str = ""
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_api(cls, item: Any) -> "DownloadRecord":
        item = as_dict(item)
        details = as_dict(item.get("download_details"))
        dimensions = as_dict(item.get("dimensions"))
        return cls(
            image_id=as_text(item.get("id")),
            downloaded_at=parse_datetime(item.get("date_downloaded")),
            asset_type=as_text(item.get("asset_type")),
            product_type=as_text(item.get("product_type")),
            product_id=as_text(item.get("product_id")),
            agreement_name=as_text(item.get("agreement_name")),
            thumb_uri=as_text(item.get("thumb_uri")),
            download_notes=as_text(details.get("download_notes")),
            project_code=as_text(details.get("project_code")),
            download_source=as_text(item.get("download_source")),
            username=as_text(as_dict(item.get("user")).get("username")),
            size_name=as_text(item.get("size_name")),
            width=parse_int(dimensions.get("width")),
            height=parse_int(dimensions.get("height")),
            dpi=parse_int(dimensions.get("dpi")),
            license_model=as_text(item.get("license_model")).lower(),
            raw=item,
        )


@dataclass(frozen=True)
class DownloadHistory:
    result_count: int
    downloads: list[DownloadRecord] = field(default_factory=list)

    @classmethod
    def from_api(cls, body: Any) -> "DownloadHistory":
        body = as_dict(body)
        downloads = [DownloadRecord.from_api(i) for i in as_items(body.get("downloads"))]
        count = parse_int(body.get("result_count"))
        return cls(result_count=len(downloads) if count is None else count, downloads=downloads)


@dataclass(frozen=True)
class UsageReport:
    """Getty's answer to a usage batch; `already_recorded` when the batch id was stored before (409)."""

    batch_id: str
    total_asset_usages_processed: int = 0
    invalid_assets: list[str] = field(default_factory=list)
    already_recorded: bool = False


@dataclass(frozen=True)
class AssetChangeChannel:
    channel_id: str
    asset_family: str = ""
    notification_type: str = ""
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_api(cls, item: Any) -> "AssetChangeChannel":
        item = as_dict(item)

        # Getty's own answers here have been seen in PascalCase as well as snake_case.
        def pick(*names):
            return next((item[n] for n in names if item.get(n) is not None), "")

        return cls(
            channel_id=as_text(pick("channel_id", "ChannelId", "id")),
            asset_family=as_text(pick("asset_family", "AssetFamily")),
            notification_type=as_text(pick("notification_type", "NotificationType")),
            raw=item,
        )


@dataclass(frozen=True)
class AssetChange:
    asset_id: str
    lifecycle: str  # New | Update | Delete
    asset_type: str = ""
    uri: str = ""
    changed_at: dt.datetime | None = None

    @classmethod
    def from_api(cls, item: Any) -> "AssetChange":
        item = as_dict(item)
        return cls(
            asset_id=as_text(item.get("id")),
            lifecycle=as_text(item.get("asset_lifecycle")),
            asset_type=as_text(item.get("asset_type")),
            uri=as_text(item.get("uri")),
            changed_at=parse_datetime(item.get("asset_changed_utc_datetime")),
        )

    @property
    def is_withdrawal(self) -> bool:
        return self.lifecycle.lower() == "delete"


@dataclass(frozen=True)
class ChangeSet:
    change_set_id: str
    changes: list[AssetChange] = field(default_factory=list)

    @classmethod
    def from_api(cls, body: Any) -> "ChangeSet | None":
        """None when Getty has nothing pending (an empty body or no id)."""
        body = as_dict(body)
        change_set_id = body.get("change_set_id")
        if change_set_id in (None, ""):
            return None
        changes = [AssetChange.from_api(i) for i in as_items(body.get("changed_assets"))]
        return cls(change_set_id=str(change_set_id), changes=changes)
