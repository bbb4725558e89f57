"""Generated pictures for the sandbox: previews (thumb, comp, preview) and the licensed download.

Each asset gets a deterministic composition painted from its theme (sky, sea, hills, trees, buildings,
figures…) in its palette, with the title small at the bottom, so a search grid looks like pictures. comp and
preview carry
a visible watermark; thumb does not, as at Getty. Encoded bytes are kept in an LRU cache: a results page asks
for 30-60 previews at once.
"""

import io
import random
import threading
from collections import OrderedDict
from functools import cache, lru_cache

from PIL import Image, ImageDraw, ImageFont, ImageOps

from .catalogue import SandboxAsset

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


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _mix(a, b, t: float):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _gradient(size: tuple[int, int], top, bottom) -> Image.Image:
    column = Image.new("RGB", (1, 256))
    for y in range(256):
        column.putpixel((0, y), _mix(top, bottom, y / 255))
    return column.resize(size, Image.Resampling.BILINEAR)


def _figure(draw: ImageDraw.ImageDraw, x: float, ground: float, h: float, colour, head=None) -> None:
    """A simple standing person: body, shoulders and head, `h` pixels tall, feet at `ground`."""
    head_r = h * 0.11
    draw.rounded_rectangle(
        (x - h * 0.16, ground - h * 0.72, x + h * 0.16, ground), radius=int(h * 0.08), fill=colour
    )
    draw.ellipse(
        (x - head_r, ground - h * 0.72 - head_r * 2.1, x + head_r, ground - h * 0.72 - 0.1 * head_r),
        fill=head or _mix(colour, (240, 200, 170), 0.7),
    )


def _paint_scene(img: Image.Image, asset: SandboxAsset, rng: random.Random) -> None:  # noqa: C901 - one scene each
    w, h = img.size
    sky, ground, accent = (_rgb(c) for c in asset.palette)
    d = ImageDraw.Draw(img, "RGBA")
    scene = asset.scene
    horizon = h * rng.uniform(0.55, 0.7)
    if scene in ("lighthouse", "sea"):
        img.paste(
            _gradient((w, h - int(horizon)), _mix(ground, (255, 255, 255), 0.15), ground), (0, int(horizon))
        )
        sun_x, sun_r = w * rng.uniform(0.2, 0.8), min(w, h) * rng.uniform(0.05, 0.1)
        d.ellipse(
            (sun_x - sun_r, horizon - sun_r * 2.5, sun_x + sun_r, horizon - sun_r * 0.5), fill=(*accent, 220)
        )
        for i in range(12):
            y = horizon + (h - horizon) * (i + 1) / 13
            x0 = rng.uniform(-w * 0.2, w)
            d.arc(
                (x0, y - 8, x0 + w * 0.3, y + 8), 200, 340, fill=(255, 255, 255, 120), width=max(2, w // 300)
            )
        if scene == "lighthouse":
            cx = w * rng.uniform(0.3, 0.7)
            d.polygon(
                [
                    (cx - w * 0.3, h),
                    (cx - w * 0.12, horizon - h * 0.04),
                    (cx + w * 0.15, horizon - h * 0.02),
                    (cx + w * 0.35, h),
                ],
                fill=_mix(ground, (0, 0, 0), 0.5),
            )
            top, base = horizon - h * 0.45, horizon - h * 0.03
            tw = w * 0.05
            d.polygon(
                [(cx - tw, base), (cx - tw * 0.7, top), (cx + tw * 0.7, top), (cx + tw, base)],
                fill=(245, 245, 240),
            )
            for i in range(4):
                y0 = top + (base - top) * (2 * i + 1) / 8
                d.rectangle((cx - tw, y0, cx + tw, y0 + (base - top) / 8), fill=(*_rgb("#d62828"), 255))
            d.rectangle((cx - tw * 0.6, top - h * 0.05, cx + tw * 0.6, top), fill=(255, 230, 120))
            d.polygon(
                [
                    (cx, top - h * 0.025),
                    (0 if rng.random() < 0.5 else w, top - h * 0.15),
                    (0 if rng.random() < 0.5 else w, top + h * 0.05),
                ],
                fill=(255, 240, 160, 90),
            )
    elif scene in ("hills", "mountains", "animal", "sport"):
        for i in range(3):
            shade = _mix(ground, (255, 255, 255), 0.35 - i * 0.15)
            top = horizon + i * (h - horizon) * 0.25
            if scene == "mountains":
                x = rng.uniform(-0.2, 0.6) * w
                peak = h * rng.uniform(0.15, 0.35) + i * h * 0.1
                d.polygon([(x - w * 0.4, h), (x + w * 0.25, peak), (x + w * 0.9, h)], fill=shade)
                d.polygon(
                    [(x + w * 0.18, peak + h * 0.06), (x + w * 0.25, peak), (x + w * 0.32, peak + h * 0.06)],
                    fill=(250, 250, 255),
                )
            else:
                d.ellipse((-w * 0.5 + rng.uniform(-w * 0.2, w * 0.2), top, w * 1.5, top + h), fill=shade)
        if scene == "animal":
            bx, by = w * rng.uniform(0.3, 0.6), h * 0.78
            d.ellipse((bx - w * 0.14, by - h * 0.12, bx + w * 0.14, by + h * 0.02), fill=accent)
            d.ellipse((bx + w * 0.08, by - h * 0.2, bx + w * 0.2, by - h * 0.08), fill=accent)
            d.polygon(
                [
                    (bx + w * 0.1, by - h * 0.18),
                    (bx + w * 0.12, by - h * 0.25),
                    (bx + w * 0.15, by - h * 0.19),
                ],
                fill=accent,
            )
        if scene == "sport":
            d.line((0, h * 0.8, w, h * 0.75), fill=(255, 255, 255, 200), width=max(2, w // 150))
            for i in range(rng.randrange(2, 5)):
                _figure(
                    d,
                    w * (0.2 + i * 0.2),
                    h * 0.9,
                    h * 0.3,
                    _rgb(rng.choice(("#d62828", "#003049", "#fcbf49"))),
                )
    elif scene == "forest":
        for _ in range(28):
            x, size = rng.uniform(0, w), h * rng.uniform(0.2, 0.6)
            base = h * rng.uniform(0.75, 1.05)
            green = _mix(ground, accent, rng.random() * 0.6)
            d.rectangle((x - size * 0.03, base - size * 0.2, x + size * 0.03, base), fill=(80, 55, 40))
            d.polygon(
                [
                    (x - size * 0.22, base - size * 0.15),
                    (x, base - size),
                    (x + size * 0.22, base - size * 0.15),
                ],
                fill=green,
            )
        for _ in range(4):
            x = rng.uniform(0, w)
            d.polygon(
                [(x, 0), (x + w * 0.08, 0), (x + w * 0.3, h), (x + w * 0.15, h)], fill=(255, 255, 220, 40)
            )
    elif scene in ("city", "archive", "crowd"):
        x = 0.0
        while x < w:
            bw, bh = w * rng.uniform(0.06, 0.14), h * rng.uniform(0.25, 0.7)
            body = _mix(ground, (0, 0, 0), rng.uniform(0, 0.4))
            d.rectangle((x, h - bh, x + bw, h), fill=body)
            for wy in range(int(h - bh + 8), int(h - 10), max(8, h // 40)):
                for wx in range(int(x + 4), int(x + bw - 6), max(8, w // 60)):
                    if rng.random() < 0.45:
                        d.rectangle(
                            (wx, wy, wx + max(3, w // 200), wy + max(4, h // 120)), fill=(*accent, 230)
                        )
            x += bw + rng.uniform(0, w * 0.02)
        if scene == "crowd":
            for _ in range(40):
                _figure(
                    d,
                    rng.uniform(0, w),
                    h * rng.uniform(0.9, 1.1),
                    h * rng.uniform(0.25, 0.4),
                    _rgb(rng.choice(("#343a40", "#6c757d", "#9d0208", "#1d3557"))),
                )
        if scene == "archive":
            for _ in range(rng.randrange(2, 6)):
                _figure(d, rng.uniform(0.1, 0.9) * w, h * 0.98, h * rng.uniform(0.25, 0.4), (60, 45, 35))
    elif scene in ("reading", "people", "portrait", "stage", "war"):
        floor = h * 0.95
        if scene == "stage":
            d.polygon([(w * 0.5, 0), (w * 0.15, h), (w * 0.85, h)], fill=(255, 250, 220, 70))
        if scene == "war":
            for _ in range(60):
                px, py = rng.uniform(0, w), rng.uniform(h * 0.75, h)
                r = rng.uniform(4, 10) * w / 1024
                d.ellipse((px - r, py - r, px + r, py + r), fill=(*accent, 230))
        count = {"portrait": 1, "reading": max(1, asset.number_of_people)}.get(
            scene, max(1, asset.number_of_people)
        )
        count = min(count, 4)
        for i in range(count):
            x = w * (i + 1) / (count + 1)
            height = h * (0.85 if scene == "portrait" else rng.uniform(0.45, 0.65))
            if scene == "portrait":
                d.ellipse((x - w * 0.3, h * 0.65, x + w * 0.3, h * 1.3), fill=accent)
                d.ellipse((x - w * 0.13, h * 0.2, x + w * 0.13, h * 0.62), fill=(232, 190, 160))
            else:
                _figure(d, x, floor, height, _mix(accent, (0, 0, 0), rng.uniform(0, 0.3)))
            if scene == "reading":
                bx, by = x, floor - height * 0.45
                d.polygon(
                    [
                        (bx - height * 0.18, by),
                        (bx, by + height * 0.05),
                        (bx, by + height * 0.2),
                        (bx - height * 0.18, by + height * 0.15),
                    ],
                    fill=(250, 250, 245),
                )
                d.polygon(
                    [
                        (bx + height * 0.18, by),
                        (bx, by + height * 0.05),
                        (bx, by + height * 0.2),
                        (bx + height * 0.18, by + height * 0.15),
                    ],
                    fill=(235, 235, 225),
                )
    elif scene == "science":
        points = [(rng.uniform(0.1, 0.9) * w, rng.uniform(0.1, 0.9) * h) for _ in range(9)]
        for a, b in zip(points, points[1:], strict=False):
            d.line((a, b), fill=(*accent, 200), width=max(2, w // 200))
        for px, py in points:
            r = rng.uniform(0.02, 0.05) * w
            d.ellipse((px - r, py - r, px + r, py + r), fill=(*_mix(accent, (255, 255, 255), 0.3), 240))
    elif scene == "food":
        d.rectangle((0, horizon, w, h), fill=ground)
        for _ in range(rng.randrange(2, 5)):
            px, py, r = rng.uniform(0.2, 0.8) * w, rng.uniform(0.65, 0.85) * h, rng.uniform(0.08, 0.15) * w
            d.ellipse((px - r, py - r * 0.45, px + r, py + r * 0.45), fill=(245, 245, 240))
            for _ in range(5):
                fx, fy, fr = px + rng.uniform(-0.5, 0.5) * r, py + rng.uniform(-0.2, 0.1) * r, r * 0.22
                d.ellipse(
                    (fx - fr, fy - fr, fx + fr, fy + fr),
                    fill=_rgb(rng.choice(("#e63946", "#f4a261", "#2a9d8f"))),
                )
    elif scene == "space":
        for _ in range(400):
            sx, sy, r = rng.uniform(0, w), rng.uniform(0, h), rng.choice((1, 1, 1, 2, 3))
            d.ellipse((sx, sy, sx + r, sy + r), fill=(255, 255, 255, rng.randrange(120, 255)))
        px, py, r = rng.uniform(0.3, 0.7) * w, rng.uniform(0.3, 0.7) * h, rng.uniform(0.1, 0.25) * min(w, h)
        d.ellipse((px - r, py - r, px + r, py + r), fill=accent)
        d.ellipse(
            (px - r * 1.8, py - r * 0.35, px + r * 1.8, py + r * 0.35),
            outline=(*sky, 255),
            width=max(2, w // 150),
        )
    elif scene == "books":
        shelf_h = h / 4
        for row in range(4):
            y = row * shelf_h
            d.rectangle((0, y + shelf_h - 10, w, y + shelf_h), fill=(90, 60, 40))
            x = 0.0
            while x < w:
                bw = w * rng.uniform(0.02, 0.05)
                colour = _rgb(rng.choice(("#6f1d1b", "#bb9457", "#432818", "#99582a", "#283618", "#1d3557")))
                d.rectangle((x, y + shelf_h * rng.uniform(0.15, 0.35), x + bw, y + shelf_h - 10), fill=colour)
                x += bw + 2


def render_scene(asset: SandboxAsset, long_side: int = BASE_LONG_SIDE) -> Image.Image:
    """The asset's picture at `long_side` pixels on its long side, before any watermark."""
    aspect = max(1 / 3, min(3, asset.width / asset.height))
    size = (long_side, round(long_side / aspect)) if aspect >= 1 else (round(long_side * aspect), long_side)
    sky, ground, accent = (_rgb(c) for c in asset.palette)
    rng = random.Random(f"preview:{asset.id}")
    img = _gradient(size, sky, _mix(sky, (255, 255, 255), 0.5))
    _paint_scene(img, asset, rng)
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
