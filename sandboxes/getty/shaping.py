"""The `fields` parameter: which fields of an asset a response carries, exactly as GETTY.md lists them."""

from collections.abc import Callable
from dataclasses import dataclass

from .catalogue import SandboxAsset
from .query import SearchParameterError

SUMMARY_SET = (
    "id",
    "asset_family",
    "caption",
    "collection_code",
    "collection_id",
    "collection_name",
    "display_sizes",
    "license_model",
    "max_dimensions",
    "title",
)
DETAIL_SET = SUMMARY_SET + (
    "allowed_use",
    "artist",
    "call_for_image",
    "copyright",
    "date_created",
    "editorial_segments",
    "event_ids",
    "graphical_style",
    "orientation",
    "product_types",
    "quality_rank",
    "referral_destinations",
)
# GET /v3/images adds these to detail_set.
IMAGE_DETAIL_EXTRA = ("city", "country", "credit_line", "date_submitted", "download_sizes")
DISPLAY_SIZES = ("comp", "preview", "thumb")
WATERMARKED = {"comp": True, "preview": True, "thumb": False}
SINGLE_FIELDS = {
    "id",
    "allowed_use",
    "alternative_ids",
    "artist",
    "asset_family",
    "call_for_image",
    "caption",
    "city",
    "collection_code",
    "collection_id",
    "collection_name",
    "color_type",
    "copyright",
    "country",
    "credit_line",
    "date_camera_shot",
    "date_created",
    "date_submitted",
    "download_sizes",
    "editorial_segments",
    "event_ids",
    "graphical_style",
    "keywords",
    "largest_downloads",
    "license_model",
    "max_dimensions",
    "orientation",
    "people",
    "product_types",
    "quality_rank",
    "referral_destinations",
    "title",
    "uri_oembed",
}
SETS = {"summary_set", "detail_set", "display_set"}
# Getty's download sizes, by long side in pixels, up to the asset's own size.
DOWNLOAD_STEPS = (("small", 594, 72), ("medium", 1254, 72), ("large", 2400, 300))


@dataclass(frozen=True)
class FieldSelection:
    fields: tuple[str, ...]
    display_sizes: tuple[str, ...]


def parse_fields(value: str, *, images_endpoint: bool = False) -> FieldSelection:
    """Read a comma-joined `fields` value; unknown names are a 400 InvalidParameterValue."""
    names = [n.strip().lower() for n in (value or "").split(",") if n.strip()] or ["summary_set"]
    unknown = [n for n in names if n not in SINGLE_FIELDS | SETS | set(DISPLAY_SIZES)]
    if unknown:
        raise SearchParameterError("InvalidParameterValue", f"Invalid field name(s): {', '.join(unknown)}.")
    fields: list[str] = ["id"]
    sizes: set[str] = set()

    def add(*more: str) -> None:
        fields.extend(f for f in more if f not in fields)

    for name in names:
        if name == "summary_set":
            add(*SUMMARY_SET)
            sizes.add("thumb")
        elif name == "detail_set":
            add(*DETAIL_SET)
            if images_endpoint:
                add(*IMAGE_DETAIL_EXTRA)
            sizes.update(DISPLAY_SIZES)
        elif name == "display_set":
            add("display_sizes")
            sizes.update(DISPLAY_SIZES)
        elif name in DISPLAY_SIZES:
            add("display_sizes")
            sizes.add(name)
        else:
            add(name)
    return FieldSelection(tuple(fields), tuple(s for s in DISPLAY_SIZES if s in sizes))


def iso(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def download_sizes(asset: SandboxAsset) -> list[dict]:
    """The sizes Getty offers: fixed steps below the asset's long side, then the full size."""
    long_side = max(asset.width, asset.height)
    sizes = []
    for name, side, dpi in DOWNLOAD_STEPS:
        if side < long_side:
            scale = side / long_side
            sizes.append(_size(name, round(asset.width * scale), round(asset.height * scale), dpi))
    full_name = ("small", "medium", "large", "x_large")[len(sizes)]
    sizes.append(_size(full_name, asset.width, asset.height, 300))
    if "eps" in asset.file_types:
        sizes.append(
            {
                "name": "vector",
                "media_type": "application/postscript",
                "bytes": asset.width * 40,
                "width": asset.width,
                "height": asset.height,
                "dpi": 300,
            }
        )
    return sizes


def _size(name: str, width: int, height: int, dpi: int) -> dict:
    return {
        "name": name,
        "media_type": "image/jpeg",
        "bytes": max(20_000, width * height * 3 // 10),
        "width": width,
        "height": height,
        "dpi": dpi,
    }


class AssetShaper:
    """Turn a SandboxAsset into the JSON item Getty sends, given the sandbox's URLs."""

    def __init__(self, *, preview_uri: Callable[[str, str, str], str]):
        self.preview_uri = preview_uri  # (public base, asset id, size name) -> signed URI

    def shape(
        self, asset: SandboxAsset, selection: FieldSelection, base: str, overrides: dict | None = None
    ) -> dict:
        """The item for `asset` with the selected fields; `overrides`: fields changed by an Update notice."""
        item = {name: self.value(asset, name, selection, base) for name in selection.fields}
        for name, value in (overrides or {}).items():
            if name in item:
                item[name] = value
        return item

    def value(self, a: SandboxAsset, name: str, selection: FieldSelection, base: str):  # noqa: C901 - one line per field
        editorial = a.asset_family == "editorial"
        if name == "display_sizes":
            return [
                {"is_watermarked": WATERMARKED[size], "name": size, "uri": self.preview_uri(base, a.id, size)}
                for size in selection.display_sizes
            ]
        if name == "max_dimensions":
            return {"height": a.height, "width": a.width}
        if name == "allowed_use":
            return {
                "how_can_i_use_it": a.how_can_i_use_it,
                "release_info": a.release_info,
                "usage_restrictions": list(a.usage_restrictions),
            }
        if name == "keywords":
            return [dict(k) for k in a.keywords]
        if name in ("date_created", "date_camera_shot"):
            return iso(a.date_created)
        if name == "date_submitted":
            return iso(a.date_submitted)
        if name == "referral_destinations":
            slug = "-".join(a.title.lower().split()[:6]).replace(",", "").replace(":", "")
            kind = "photo" if a.graphical_style == "photography" else "illustration"
            destinations = [
                {
                    "site_name": "gettyimages",
                    "uri": f"https://www.gettyimages.com/detail/{kind}/{slug}/{a.id}",
                }
            ]
            if not editorial and a.license_model == "royaltyfree":
                destinations.append(
                    {"site_name": "istockphoto", "uri": f"https://www.istockphoto.com/photo/{slug}-gm{a.id}"}
                )
            return destinations
        if name == "editorial_segments":
            return list(a.editorial_segments)
        if name == "event_ids":
            return list(a.event_ids)
        if name == "people":
            return list(a.people)
        if name == "product_types":
            return list(a.product_types)
        if name == "download_sizes":
            return download_sizes(a)
        if name == "largest_downloads":
            return [
                {
                    "product_id": None,
                    "product_type": None,
                    "uri": f"{base}/v3/downloads/images/{a.id}",
                    "height": a.height,
                    "width": a.width,
                    "file_type": "jpg",
                }
            ]
        if name == "alternative_ids":
            return {}
        if name == "color_type":
            return "black_and_white" if "black_and_white" in a.moods else "color"
        if name == "uri_oembed":
            return f"{base}/oembed?url=https%3A%2F%2Fwww.gettyimages.com%2Fdetail%2F{a.id}"
        return getattr(a, name)
