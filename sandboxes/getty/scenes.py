"""The subject of a preview: what each theme's scene paints (sea, hills, forest, city, people, food…).

Painted over the sky or backdrop (atmosphere.py) in the look's palette and at its horizon (looks.py); the
look's features and weather go over it afterwards.
"""

import random

from PIL import Image, ImageDraw

from .catalogue import SandboxAsset
from .looks import WHITE, Look, mix, rgb


def gradient(size: tuple[int, int], top, bottom) -> Image.Image:
    """Top to bottom; stretched from one column, as a bilinear resize to full width costs milliseconds."""
    w, h = size
    column = Image.frombytes("RGB", (1, 256), bytes(c for y in range(256) for c in mix(top, bottom, y / 255)))
    return column.resize((1, h), Image.Resampling.BILINEAR).resize((w, h), Image.Resampling.NEAREST)


def figure(draw: ImageDraw.ImageDraw, x: float, ground: float, h: float, colour, head=None) -> None:
    """A simple standing person: body, shoulders and head, `h` pixels tall, feet at `ground`."""
    head_r = h * 0.11
    draw.rounded_rectangle(
        (x - h * 0.16, ground - h * 0.72, x + h * 0.16, ground), radius=int(h * 0.08), fill=colour
    )
    draw.ellipse(
        (x - head_r, ground - h * 0.72 - head_r * 2.1, x + head_r, ground - h * 0.72 - 0.1 * head_r),
        fill=head or mix(colour, (240, 200, 170), 0.7),
    )


def _coast(
    img: Image.Image, d: ImageDraw.ImageDraw, look: Look, rng: random.Random, lighthouse: bool
) -> None:
    w, h = img.size
    p, horizon = look.palette, h * look.horizon
    img.paste(gradient((w, h - int(horizon)), mix(p.water, WHITE, 0.15), p.water), (0, int(horizon)))
    for i in range(12):
        y = horizon + (h - horizon) * (i + 1) / 13
        x0 = rng.uniform(-w * 0.2, w)
        d.arc((x0, y - 8, x0 + w * 0.3, y + 8), 200, 340, fill=(255, 255, 255, 120), width=max(2, w // 300))
    if not lighthouse:
        return
    cx = w * rng.uniform(0.3, 0.7)
    d.polygon(
        [
            (cx - w * 0.3, h),
            (cx - w * 0.12, horizon - h * 0.04),
            (cx + w * 0.15, horizon - h * 0.02),
            (cx + w * 0.35, h),
        ],
        fill=mix(p.built, (0, 0, 0), 0.5),
    )
    top, base = horizon - h * 0.45, horizon - h * 0.03
    tw = w * 0.05
    d.polygon(
        [(cx - tw, base), (cx - tw * 0.7, top), (cx + tw * 0.7, top), (cx + tw, base)], fill=(245, 245, 240)
    )
    for i in range(4):
        y0 = top + (base - top) * (2 * i + 1) / 8
        d.rectangle((cx - tw, y0, cx + tw, y0 + (base - top) / 8), fill=(*rgb("#d62828"), 255))
    d.rectangle((cx - tw * 0.6, top - h * 0.05, cx + tw * 0.6, top), fill=(255, 230, 120))
    beam = (255, 240, 160, 150 if look.time in ("night", "dusk") or look.weather != "clear" else 90)
    side = w if rng.random() < 0.5 else 0
    d.polygon([(cx, top - h * 0.025), (side, top - h * 0.15), (side, top + h * 0.05)], fill=beam)


def _land(
    img: Image.Image, d: ImageDraw.ImageDraw, asset: SandboxAsset, look: Look, rng: random.Random
) -> None:
    w, h = img.size
    p, horizon, scene = look.palette, h * look.horizon, asset.scene
    for i in range(3):
        shade = mix(p.ground, WHITE, 0.35 - i * 0.15)
        top = horizon + i * (h - horizon) * 0.25
        if scene == "mountains":
            x = rng.uniform(-0.2, 0.6) * w
            peak = h * rng.uniform(0.15, 0.35) + i * h * 0.1
            d.polygon(
                [(x - w * 0.4, h), (x + w * 0.25, peak), (x + w * 0.9, h)],
                fill=mix(p.built, WHITE, 0.3 - i * 0.12),
            )
            d.polygon(
                [(x + w * 0.18, peak + h * 0.06), (x + w * 0.25, peak), (x + w * 0.32, peak + h * 0.06)],
                fill=(250, 250, 255),
            )
        else:
            # Each ridge its own width and lean, so that no two valleys have one outline.
            centre, half = rng.uniform(-0.1, 1.1) * w, w * rng.uniform(0.5, 1.1)
            rise = h * rng.uniform(-0.08, 0.06)
            d.ellipse((centre - half, top + rise, centre + half, top + rise + h * 1.2), fill=shade)
            d.ellipse((-w * 0.6, top + h * 0.06, w * 1.6, top + h * 1.2), fill=shade)
    if scene == "mountains":
        d.rectangle((0, h * 0.9, w, h), fill=p.ground)
    if scene == "animal":
        bx, by = w * rng.uniform(0.3, 0.6), h * 0.78
        d.ellipse((bx - w * 0.14, by - h * 0.12, bx + w * 0.14, by + h * 0.02), fill=p.accent)
        d.ellipse((bx + w * 0.08, by - h * 0.2, bx + w * 0.2, by - h * 0.08), fill=p.accent)
        d.polygon(
            [(bx + w * 0.1, by - h * 0.18), (bx + w * 0.12, by - h * 0.25), (bx + w * 0.15, by - h * 0.19)],
            fill=p.accent,
        )
    if scene == "sport":
        d.line((0, h * 0.8, w, h * 0.75), fill=(255, 255, 255, 200), width=max(2, w // 150))
        for i in range(rng.randrange(2, 5)):
            figure(
                d, w * (0.2 + i * 0.2), h * 0.9, h * 0.3, rgb(rng.choice(("#d62828", "#003049", "#fcbf49")))
            )


def _forest(d: ImageDraw.ImageDraw, size, look: Look, rng: random.Random) -> None:
    w, h = size
    p = look.palette
    d.rectangle((0, h * 0.8, w, h), fill=p.ground)
    for _ in range(28):
        x, tree = rng.uniform(0, w), h * rng.uniform(0.2, 0.6)
        base = h * rng.uniform(0.75, 1.05)
        green = mix(p.foliage, p.accent, rng.random() * 0.6)
        d.rectangle((x - tree * 0.03, base - tree * 0.2, x + tree * 0.03, base), fill=(80, 55, 40))
        d.polygon(
            [(x - tree * 0.22, base - tree * 0.15), (x, base - tree), (x + tree * 0.22, base - tree * 0.15)],
            fill=green,
        )
    if look.time != "night":
        for _ in range(4):
            x = rng.uniform(0, w)
            d.polygon(
                [(x, 0), (x + w * 0.08, 0), (x + w * 0.3, h), (x + w * 0.15, h)], fill=(255, 255, 220, 40)
            )


def _town(d: ImageDraw.ImageDraw, size, asset: SandboxAsset, look: Look, rng: random.Random) -> None:
    w, h = size
    p, scene = look.palette, asset.scene
    lit = 0.7 if look.time in ("night", "dusk") else 0.45
    x = 0.0
    while x < w:
        bw, bh = w * rng.uniform(0.06, 0.14), h * rng.uniform(0.25, 0.7)
        d.rectangle((x, h - bh, x + bw, h), fill=mix(p.built, (0, 0, 0), rng.uniform(0, 0.4)))
        for wy in range(int(h - bh + 8), int(h - 10), max(8, h // 40)):
            for wx in range(int(x + 4), int(x + bw - 6), max(8, w // 60)):
                if rng.random() < lit:
                    d.rectangle((wx, wy, wx + max(3, w // 200), wy + max(4, h // 120)), fill=(*p.accent, 230))
        x += bw + rng.uniform(0, w * 0.02)
    if look.weather == "snow":
        d.rectangle((0, h * 0.93, w, h), fill=p.ground)
    if scene == "crowd":
        for _ in range(40):
            colour = rgb(rng.choice(("#343a40", "#6c757d", "#9d0208", "#1d3557")))
            figure(d, rng.uniform(0, w), h * rng.uniform(0.9, 1.1), h * rng.uniform(0.25, 0.4), colour)
    if scene == "archive":
        for _ in range(rng.randrange(2, 6)):
            figure(d, rng.uniform(0.1, 0.9) * w, h * 0.98, h * rng.uniform(0.25, 0.4), (60, 45, 35))


def _book(d: ImageDraw.ImageDraw, x: float, y: float, size: float) -> None:
    for side, shade in ((-1, (250, 250, 245)), (1, (235, 235, 225))):
        d.polygon(
            [
                (x + side * size * 0.18, y),
                (x, y + size * 0.05),
                (x, y + size * 0.2),
                (x + side * size * 0.18, y + size * 0.15),
            ],
            fill=shade,
        )


def _people(d: ImageDraw.ImageDraw, size, asset: SandboxAsset, look: Look, rng: random.Random) -> None:
    w, h = size
    p, scene = look.palette, asset.scene
    floor = h * 0.95
    if scene == "stage":
        d.polygon([(w * 0.5, 0), (w * 0.15, h), (w * 0.85, h)], fill=(255, 250, 220, 70))
    if scene == "war":
        for _ in range(60):
            px, py = rng.uniform(0, w), rng.uniform(h * 0.75, h)
            r = rng.uniform(4, 10) * w / 1024
            d.ellipse((px - r, py - r, px + r, py + r), fill=(*p.accent, 230))
    count = 1 if scene == "portrait" else min(4, max(1, asset.number_of_people))
    for i in range(count):
        x = w * (i + 1) / (count + 1)
        height = h * (0.85 if scene == "portrait" else rng.uniform(0.45, 0.65))
        if scene == "portrait":
            shoulders = rng.uniform(0.25, 0.34)
            d.ellipse((x - w * shoulders, h * 0.65, x + w * shoulders, h * 1.3), fill=p.accent)
            d.ellipse((x - w * 0.13, h * 0.2, x + w * 0.13, h * 0.62), fill=rgb(rng.choice(SKIN)))
            d.chord((x - w * 0.14, h * 0.16, x + w * 0.14, h * 0.5), 180, 360, fill=rgb(rng.choice(HAIR)))
        else:
            figure(d, x, floor, height, mix(p.accent, (0, 0, 0), rng.uniform(0, 0.3)))
        if scene == "reading":
            _book(d, x, floor - height * 0.45, height)


SKIN = ("#e8bea0", "#c68642", "#8d5524", "#f1c27d", "#ffdbac")
HAIR = ("#2b1d0e", "#4a3728", "#b55239", "#e6c35c", "#8a8a8a", "#0f0f0f")


def _still(d: ImageDraw.ImageDraw, size, asset: SandboxAsset, look: Look, rng: random.Random) -> None:
    """Science, food, space and books: things rather than places or people."""
    w, h = size
    p, scene, horizon = look.palette, asset.scene, h * look.horizon
    if scene == "science":
        points = [(rng.uniform(0.1, 0.9) * w, rng.uniform(0.1, 0.9) * h) for _ in range(9)]
        for a, b in zip(points, points[1:], strict=False):
            d.line((a, b), fill=(*p.accent, 200), width=max(2, w // 200))
        for px, py in points:
            r = rng.uniform(0.02, 0.05) * w
            d.ellipse((px - r, py - r, px + r, py + r), fill=(*mix(p.accent, WHITE, 0.3), 240))
    elif scene == "food":
        d.rectangle((0, horizon, w, h), fill=p.ground)
        for i in range(1, 6):
            y = horizon + (h - horizon) * i / 6
            d.line((0, y, w, y + rng.uniform(-4, 4)), fill=(*mix(p.ground, (0, 0, 0), 0.25), 120), width=2)
        for _ in range(rng.randrange(2, 5)):
            px, py, r = rng.uniform(0.2, 0.8) * w, rng.uniform(0.65, 0.85) * h, rng.uniform(0.08, 0.15) * w
            d.ellipse((px - r, py - r * 0.45, px + r, py + r * 0.45), fill=(245, 245, 240))
            for _ in range(5):
                fx, fy, fr = px + rng.uniform(-0.5, 0.5) * r, py + rng.uniform(-0.2, 0.1) * r, r * 0.22
                d.ellipse(
                    (fx - fr, fy - fr, fx + fr, fy + fr),
                    fill=rgb(rng.choice(("#e63946", "#f4a261", "#2a9d8f"))),
                )
    elif scene == "space":
        for _ in range(400):
            sx, sy, r = rng.uniform(0, w), rng.uniform(0, h), rng.choice((1, 1, 1, 2, 3))
            d.ellipse((sx, sy, sx + r, sy + r), fill=(255, 255, 255, rng.randrange(120, 255)))
        px, py, r = rng.uniform(0.3, 0.7) * w, rng.uniform(0.3, 0.7) * h, rng.uniform(0.1, 0.25) * min(w, h)
        d.ellipse((px - r, py - r, px + r, py + r), fill=p.accent)
        d.ellipse(
            (px - r * 1.8, py - r * 0.35, px + r * 1.8, py + r * 0.35),
            outline=(*p.sky_top, 255),
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
                colour = rgb(rng.choice(("#6f1d1b", "#bb9457", "#432818", "#99582a", "#283618", "#1d3557")))
                d.rectangle((x, y + shelf_h * rng.uniform(0.15, 0.35), x + bw, y + shelf_h - 10), fill=colour)
                x += bw + 2


def paint_subject(img: Image.Image, asset: SandboxAsset, look: Look, rng: random.Random) -> None:
    d = ImageDraw.Draw(img, "RGBA")
    scene = asset.scene
    if scene in ("lighthouse", "sea"):
        _coast(img, d, look, rng, lighthouse=scene == "lighthouse")
    elif scene in ("hills", "mountains", "animal", "sport"):
        _land(img, d, asset, look, rng)
    elif scene == "forest":
        _forest(d, img.size, look, rng)
    elif scene in ("city", "archive", "crowd"):
        _town(d, img.size, asset, look, rng)
    elif scene in ("reading", "people", "portrait", "stage", "war"):
        _people(d, img.size, asset, look, rng)
    else:
        _still(d, img.size, asset, look, rng)
