"""What a preview's title words add around its subject: sky and light behind it, features and weather over it.

`paint_behind` runs before the subject (sun, moon, stars, clouds; an indoor backdrop), `paint_over` after it
(water, roads, wheat, flowers, boats, bridges, sunbeams; mist, rain, snow; lamp light). Only vector shapes at
preview size: a grid asks for dozens of previews at once.
"""

import random

from PIL import Image, ImageDraw

from .looks import WHITE, Look, mix
from .scenes import gradient

# Scenes whose ground can hold a lake, a field or flowers (not the sea, not a street of buildings).
LAND_SCENES = frozenset({"hills", "mountains", "animal", "forest", "sport"})
WATER_SCENES = frozenset({"sea", "lighthouse"})
FLOWER_COLOURS = ((230, 57, 70), (255, 209, 102), (250, 250, 250), (157, 78, 221), (255, 143, 171))


def _sky(d: ImageDraw.ImageDraw, size, look: Look, rng: random.Random) -> None:
    w, h = size
    p, horizon = look.palette, h * look.horizon
    sun_x, unit = w * look.sun_x, min(w, h)
    if look.time == "night":
        for _ in range(140):
            sx, sy, r = rng.uniform(0, w), rng.uniform(0, horizon), rng.choice((1, 1, 1, 2)) * unit / 400
            d.ellipse((sx, sy, sx + r, sy + r), fill=(255, 255, 255, rng.randrange(110, 255)))
        r, y = unit * 0.07, horizon * 0.3
        d.ellipse((sun_x - r, y - r, sun_x + r, y + r), fill=p.sun)
        shadow = r * rng.uniform(0.3, 1.0)  # the moon's phase
        d.ellipse(
            (sun_x - r + shadow, y - r - shadow * 0.2, sun_x + r + shadow, y + r - shadow * 0.2),
            fill=p.sky_top,
        )
    elif look.time in ("dawn", "dusk") and look.weather in ("clear", "mist"):
        r = unit * (0.1 if look.time == "dusk" else 0.08)
        d.ellipse((sun_x - r * 2.2, horizon - r * 2.2, sun_x + r * 2.2, horizon + r * 2.2), fill=(*p.sun, 60))
        d.ellipse((sun_x - r, horizon - r * 1.4, sun_x + r, horizon + r * 0.6), fill=(*p.sun, 235))
    elif look.weather == "clear" and ("sunbeams" in look.features or rng.random() < 0.5):
        r, y = unit * rng.uniform(0.04, 0.07), horizon * rng.uniform(0.25, 0.55)
        d.ellipse((sun_x - r, y - r, sun_x + r, y + r), fill=(*p.sun, 230))
    cloudy = look.weather in ("storm", "rain", "snow") or "clouds" in look.features
    if cloudy or rng.random() < 0.3:
        grey = look.weather in ("storm", "rain")
        colour = mix(p.sky_top, (90, 95, 105) if grey else WHITE, 0.7)
        for _ in range(rng.randrange(5, 9) if cloudy else rng.randrange(1, 3)):
            cx, cy, cw = (
                rng.uniform(-0.1, 1.1) * w,
                rng.uniform(0.05, 0.75) * horizon,
                w * rng.uniform(0.12, 0.3),
            )
            for _ in range(4):
                ox, oy, r = (
                    rng.uniform(-0.5, 0.5) * cw,
                    rng.uniform(-0.15, 0.15) * cw,
                    cw * rng.uniform(0.25, 0.4),
                )
                d.ellipse(
                    (cx + ox - r, cy + oy - r * 0.6, cx + ox + r, cy + oy + r * 0.6), fill=(*colour, 200)
                )


def _backdrop(img: Image.Image, d: ImageDraw.ImageDraw, look: Look, rng: random.Random) -> None:
    """The room (or park) behind the people, food or books of an indoor scene."""
    w, h = img.size
    p = look.palette
    if look.light == "dark":
        img.paste(gradient((w, h), (18, 18, 26), mix(p.accent, (0, 0, 0), 0.75)))
    elif look.light == "warm":
        img.paste(gradient((w, h), mix(p.sky_top, (70, 40, 25), 0.6), mix(p.sky_bottom, (150, 90, 50), 0.5)))
    elif look.light == "window":
        x0, y0 = w * rng.uniform(0.05, 0.55), h * rng.uniform(0.08, 0.2)
        x1, y1 = x0 + w * rng.uniform(0.25, 0.4), y0 + h * rng.uniform(0.35, 0.5)
        d.rectangle(
            (x0, y0, x1, y1),
            fill=mix(p.sky_top, WHITE, 0.55),
            outline=(250, 250, 245),
            width=max(3, w // 120),
        )
        d.line(((x0 + x1) / 2, y0, (x0 + x1) / 2, y1), fill=(250, 250, 245), width=max(3, w // 150))
        d.line((x0, (y0 + y1) / 2, x1, (y0 + y1) / 2), fill=(250, 250, 245), width=max(3, w // 150))
        d.polygon([(x0, y1), (x1, y1), (x1 + w * 0.2, h), (x0 + w * 0.05, h)], fill=(255, 250, 225, 60))
    elif look.light == "outside":
        ground = h * rng.uniform(0.55, 0.7)
        d.rectangle((0, ground, w, h), fill=mix(p.ground, (106, 153, 78), 0.6))
        for _ in range(rng.randrange(2, 5)):
            tx, r = rng.uniform(0, w), h * rng.uniform(0.08, 0.14)
            d.rectangle((tx - r * 0.1, ground - r, tx + r * 0.1, ground + r * 0.2), fill=(90, 60, 40))
            d.ellipse(
                (tx - r, ground - r * 2.6, tx + r, ground - r * 0.6), fill=mix(p.ground, (56, 102, 65), 0.7)
            )


def paint_behind(img: Image.Image, look: Look, rng: random.Random) -> None:
    d = ImageDraw.Draw(img, "RGBA")
    if look.outdoor:
        _sky(d, img.size, look, rng)
    else:
        _backdrop(img, d, look, rng)


def _water(d: ImageDraw.ImageDraw, size, look: Look, rng: random.Random) -> None:
    w, h = size
    top = h * look.horizon + h * 0.02
    bottom = top + h * rng.uniform(0.12, 0.22)
    left = w * rng.uniform(-0.4, 0.1)
    d.ellipse((left, top, left + w * rng.uniform(1.1, 1.5), bottom), fill=look.palette.water)
    for _ in range(8):
        y, x = rng.uniform(top + 4, bottom - 4), rng.uniform(0.1, 0.8) * w
        d.line((x, y, x + w * rng.uniform(0.05, 0.15), y), fill=(255, 255, 255, 110), width=max(1, w // 400))


def _road(d: ImageDraw.ImageDraw, size, look: Look, rng: random.Random, paved: bool) -> None:
    w, h = size
    # A street runs in front of the buildings, which stand on the bottom edge.
    horizon = h * (0.82 if paved else look.horizon + 0.03)
    apex = w * rng.uniform(0.35, 0.65)
    base = w * rng.uniform(0.25, 0.6)
    colour = (70, 70, 76) if paved else mix(look.palette.ground, (194, 178, 128), 0.65)
    if look.weather == "snow":
        colour = mix(colour, WHITE, 0.5)
    d.polygon(
        [(apex - w * 0.01, horizon), (apex + w * 0.01, horizon), (base + w * 0.22, h), (base - w * 0.22, h)],
        fill=colour,
    )
    if paved:
        for i in range(6):
            t0, t1 = i / 6 + 0.03, i / 6 + 0.1
            d.line(
                (
                    apex + (base - apex) * t0,
                    horizon + (h - horizon) * t0,
                    apex + (base - apex) * t1,
                    horizon + (h - horizon) * t1,
                ),
                fill=(240, 200, 60),
                width=max(2, round(w * 0.006 * (1 + 2 * t1))),
            )


def _wheat(d: ImageDraw.ImageDraw, size, look: Look, rng: random.Random) -> None:
    w, h = size
    top = h * look.horizon + h * rng.uniform(0.04, 0.12)
    gold = mix((222, 184, 65), look.palette.ground, 0.25 if look.time == "day" else 0.5)
    d.rectangle((0, top, w, h), fill=gold)
    for _ in range(160):
        x, y = rng.uniform(0, w), rng.uniform(top, h)
        length = (y - top) / (h - top + 1) * h * 0.06 + 2
        d.line(
            (x, y, x + rng.uniform(-2, 2), y - length),
            fill=(*mix(gold, (120, 80, 20), rng.uniform(0.1, 0.5)), 220),
            width=max(1, w // 300),
        )


def _flowers(d: ImageDraw.ImageDraw, size, look: Look, rng: random.Random, poppies: bool) -> None:
    w, h = size
    top = h * look.horizon + h * 0.03
    for _ in range(500):
        y = rng.uniform(top, h)
        r = w * (0.004 + (y - top) / (h - top + 1) * 0.014)
        x = rng.uniform(0, w)
        colour = FLOWER_COLOURS[0] if poppies else rng.choice(FLOWER_COLOURS)
        d.ellipse((x - r, y - r, x + r, y + r), fill=(*colour, 235))


def _boat(d: ImageDraw.ImageDraw, size, look: Look, rng: random.Random) -> None:
    w, h = size
    x, y, s = (
        w * rng.uniform(0.15, 0.85),
        h * look.horizon + h * rng.uniform(0.04, 0.15),
        w * rng.uniform(0.04, 0.08),
    )
    d.polygon(
        [(x - s, y), (x + s, y), (x + s * 0.7, y + s * 0.35), (x - s * 0.7, y + s * 0.35)], fill=(60, 40, 30)
    )
    d.polygon([(x, y - s * 1.6), (x, y - s * 0.1), (x + s * 0.9, y - s * 0.1)], fill=(250, 250, 245))


def _bridge(d: ImageDraw.ImageDraw, size, look: Look, rng: random.Random) -> None:
    w, h = size
    deck = h * rng.uniform(0.6, 0.75)
    colour = mix(look.palette.built, (0, 0, 0), 0.5)
    thick = max(3, h // 40)
    d.rectangle((0, deck, w, deck + thick), fill=colour)
    spans = rng.randrange(2, 5)
    for i in range(spans):
        x0, x1 = w * i / spans, w * (i + 1) / spans
        d.arc((x0, deck, x1, deck + (x1 - x0) * 0.6), 180, 360, fill=colour, width=thick)


def _weather(d: ImageDraw.ImageDraw, size, look: Look, rng: random.Random) -> None:
    w, h = size
    if look.weather == "mist":
        d.rectangle((0, 0, w, h), fill=(235, 236, 240, 50))
        for _ in range(5):
            y = rng.uniform(h * look.horizon - h * 0.15, h)
            d.ellipse((-w * 0.3, y - h * 0.06, w * 1.3, y + h * 0.06), fill=(238, 240, 244, 110))
    elif look.weather in ("rain", "storm"):
        slant, length = rng.uniform(-0.3, 0.3) * h * 0.05, h * 0.05
        for _ in range(170 if look.weather == "storm" else 120):
            x, y = rng.uniform(0, w), rng.uniform(0, h)
            d.line((x, y, x + slant, y + length), fill=(210, 220, 235, 120), width=1)
        if look.weather == "storm" and rng.random() < 0.6:
            x, y, points = rng.uniform(0.2, 0.8) * w, 0.0, []
            while y < h * look.horizon:
                points.append((x, y))
                x, y = x + rng.uniform(-0.04, 0.04) * w, y + h * 0.06
            d.line(points, fill=(255, 255, 230, 230), width=max(2, w // 250))
    elif look.weather == "snow":
        for _ in range(200):
            x, y, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.8, 2.2) * w / 612
            d.ellipse((x - r, y - r, x + r, y + r), fill=(255, 255, 255, 220))


def paint_over(img: Image.Image, asset_scene: str, look: Look, rng: random.Random) -> None:
    d = ImageDraw.Draw(img, "RGBA")
    size, features = img.size, look.features
    if not look.outdoor:
        if look.light == "warm":
            w, h = size
            lx = w * rng.uniform(0.1, 0.9)
            d.ellipse((lx - w * 0.5, -h * 0.3, lx + w * 0.5, h * 0.7), fill=(255, 190, 110, 45))
        return
    land = asset_scene in LAND_SCENES
    if "water" in features and asset_scene not in WATER_SCENES:
        _water(d, size, look, rng)
    if "wheat" in features and land and look.weather != "snow":
        _wheat(d, size, look, rng)
    if features & {"flowers", "poppies"} and land and look.weather != "snow":
        _flowers(d, size, look, rng, poppies="poppies" in features)
    if "road" in features and asset_scene not in WATER_SCENES:
        _road(d, size, look, rng, paved=asset_scene in ("city", "crowd", "archive"))
    if "boat" in features and (asset_scene in WATER_SCENES or "water" in features):
        _boat(d, size, look, rng)
    if "bridge" in features:
        _bridge(d, size, look, rng)
    if "sunbeams" in features and look.time != "night":
        w, h = size
        for _ in range(4):
            x = rng.uniform(0, w)
            d.polygon(
                [(x, 0), (x + w * 0.06, 0), (x + w * 0.25, h), (x + w * 0.12, h)], fill=(255, 255, 220, 45)
            )
    _weather(d, size, look, rng)
