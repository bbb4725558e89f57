"""Generated pictures for the sandbox: previews (thumb, comp, preview) and the licensed download.

Each asset gets a deterministic picture: its theme's subject (scenes.py) in the light, weather and features
its title names (atmosphere.py), in a palette and composition of its own (looks.py), with the title small at
the bottom, so a search grid looks like pictures. comp and preview carry a visible watermark; thumb does not,
as at Getty. Encoded bytes are kept in an LRU cache: a results page asks
for 30-60 previews at once.
"""

import io
import random
import threading
from collections import OrderedDict
from functools import cache, lru_cache

from PIL import Image, ImageDraw, ImageFont, ImageOps

from .atmosphere import paint_behind, paint_over
from .catalogue import SandboxAsset
from .looks import look_of
from .scenes import gradient, paint_subject

PREVIEW_LONG_SIDES = {"thumb": 170, "comp": 612, "preview": 1024}
WATERMARKED = {"thumb": False, "comp": True, "preview": True}
BASE_LONG_SIDE = 1024
# Downloads are painted at the chosen size up to this long side, to bound memory (8000x12000 RGB is 288 MB).
MAX_DOWNLOAD_LONG_SIDE = 4000
FONT_PATH = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


@cache
def font(size: int):
    try:
        return ImageFont.truetype(FONT_PATH, size)
    except OSError:
        return ImageFont.load_default(size=size)


def render_scene(asset: SandboxAsset, long_side: int = BASE_LONG_SIDE) -> Image.Image:
    """The asset's picture at `long_side` pixels on its long side, before any watermark.

    The subject comes from the asset's theme, its light, weather and features from the title's words, its
    palette and composition from its id (looks.py); the same asset is always painted alike.
    """
    aspect = max(1 / 3, min(3, asset.width / asset.height))
    size = (long_side, round(long_side / aspect)) if aspect >= 1 else (round(long_side * aspect), long_side)
    look = look_of(asset)
    rng = random.Random(f"preview:{asset.id}")
    img = gradient(size, look.palette.sky_top, look.palette.sky_bottom)
    paint_behind(img, look, rng)
    paint_subject(img, asset, look, rng)
    paint_over(img, asset.scene, look, rng)
    if look.mirrored:
        img = ImageOps.mirror(img)
    if "black_and_white" in asset.moods:
        img = ImageOps.grayscale(img).convert("RGB")
        if asset.theme in ("history", "war"):
            img = ImageOps.colorize(ImageOps.grayscale(img), (40, 28, 18), (245, 230, 205))
    d = ImageDraw.Draw(img, "RGBA")
    text_size = max(12, size[0] // 60)
    band = text_size * 2
    d.rectangle((0, size[1] - band, size[0], size[1]), fill=(0, 0, 0, 110))
    d.text(
        (text_size // 2, size[1] - band + text_size // 2),
        asset.title[:120],
        font=font(text_size),
        fill=(255, 255, 255, 230),
    )
    return img


@lru_cache(maxsize=64)
def _watermark_layer(w: int, h: int) -> Image.Image:
    """The tiled diagonal mark for a w x h picture; the same for every asset of that size, so cached."""
    layer = Image.new("RGBA", (w * 2, h * 2), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    mark_font = font(max(14, w // 10))
    step_x, step_y = max(90, w * 9 // 10), max(40, h // 4)
    for y in range(0, h * 2, step_y):
        for x in range(-(y // 3) % step_x - step_x, w * 2, step_x):
            d.text(
                (x, y),
                "gettyimages",
                font=mark_font,
                fill=(255, 255, 255, 120),
                stroke_width=1,
                stroke_fill=(0, 0, 0, 60),
            )
    return layer.rotate(25, resample=Image.Resampling.BILINEAR).crop((w // 2, h // 2, w // 2 + w, h // 2 + h))


def watermark(img: Image.Image, asset: SandboxAsset) -> Image.Image:
    """Getty-like visible watermark: a large diagonal mark tiled across the picture and the credit."""
    w, h = img.size
    marked = Image.alpha_composite(img.convert("RGBA"), _watermark_layer(w, h))
    d = ImageDraw.Draw(marked)
    credit_font = font(max(9, w // 55))
    d.rectangle((0, 0, w, max(12, w // 35)), fill=(0, 0, 0, 150))
    d.text((4, 1), f"Credit: {asset.credit_line}", font=credit_font, fill=(255, 255, 255, 255))
    return marked.convert("RGB")


def encode_jpeg(img: Image.Image, quality: int = 82) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=quality, optimize=False)
    return buffer.getvalue()


class PreviewRenderer:
    """Thread-safe LRU cache of encoded previews (and of the scenes they are cut from)."""

    def __init__(self, *, max_items: int = 600, max_scenes: int = 24):
        self._bytes: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self._scenes: OrderedDict[tuple[str, int], Image.Image] = OrderedDict()
        self._lock = threading.Lock()
        self.max_items = max_items
        self.max_scenes = max_scenes

    def _remember(self, store: OrderedDict, key, value, limit: int) -> None:
        with self._lock:
            store[key] = value
            store.move_to_end(key)
            while len(store) > limit:
                store.popitem(last=False)

    def _recall(self, store: OrderedDict, key):
        with self._lock:
            value = store.get(key)
            if value is not None:
                store.move_to_end(key)
            return value

    def scene(self, asset: SandboxAsset, long_side: int = BASE_LONG_SIDE) -> Image.Image:
        key = (asset.id, long_side)
        img = self._recall(self._scenes, key)
        if img is None:
            img = render_scene(asset, long_side)
            self._remember(self._scenes, key, img, self.max_scenes)
        return img

    def preview(self, asset: SandboxAsset, size: str) -> bytes:
        """JPEG bytes of `size` (thumb | comp | preview) for `asset`."""
        key = (asset.id, size)
        data = self._recall(self._bytes, key)
        if data is None:
            # The grid asks for thumb and comp: paint those from one smaller scene, which is 3x cheaper.
            long_side = BASE_LONG_SIDE if size == "preview" else PREVIEW_LONG_SIDES["comp"]
            img = self.scene(asset, long_side).copy()
            img.thumbnail((PREVIEW_LONG_SIDES[size], PREVIEW_LONG_SIDES[size]), Image.Resampling.LANCZOS)
            if WATERMARKED[size]:
                img = watermark(img, asset)
            data = encode_jpeg(img)
            self._remember(self._bytes, key, data, self.max_items)
        return data

    def download(self, asset: SandboxAsset, width: int, height: int) -> bytes:
        """The licensed file: unwatermarked, at the chosen size up to MAX_DOWNLOAD_LONG_SIDE."""
        scale = min(1.0, MAX_DOWNLOAD_LONG_SIDE / max(width, height))
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        return encode_jpeg(self.scene(asset).resize(size, Image.Resampling.BILINEAR), quality=85)

    def clear(self) -> None:
        with self._lock:
            self._bytes.clear()
            self._scenes.clear()
