"""How one asset's preview looks within its subject: light, weather, features, palette and composition.

The subject (the theme's scene) says what is painted; the title's words say when and in what weather
(data/looks.toml), and the asset id varies the palette and the composition, so that a grid of one subject
is not one picture repeated. Everything is derived from the asset alone: the same asset always looks the same.
"""

import colorsys
import random
from dataclasses import dataclass

from sandboxes.data import read_data

from .catalogue import SandboxAsset
from .words import words

RGB = tuple[int, int, int]

_data = read_data(__file__, "looks.toml")
OUTDOOR_SCENES = frozenset(_data["outdoor_scenes"])
TIMES: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in _data["time"].items()}
WEATHERS: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in _data["weather"].items()}
SEASONS: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in _data["season"].items()}
LIGHTS: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in _data["light"].items()}
FEATURES: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in _data["features"].items()}

WHITE, NIGHT_SKY = (255, 255, 255), (11, 19, 43)
# Where land meets sky, as a share of the height: landscapes show more land than a seascape shows sea.
HORIZONS = {"hills": (0.4, 0.6), "animal": (0.45, 0.62), "sport": (0.45, 0.62)}


def rgb(hex_colour: str) -> RGB:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def mix(a, b, t: float) -> RGB:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _vary(colour: RGB, hue: float, saturation: float, value: float) -> RGB:
    """The colour turned round the hue circle by `hue` and scaled in saturation and value."""
    h, s, v = colorsys.rgb_to_hsv(*(c / 255 for c in colour))
    r, g, b = colorsys.hsv_to_rgb((h + hue) % 1, min(1, s * saturation), min(1, v * value))
    return round(r * 255), round(g * 255), round(b * 255)


@dataclass(frozen=True)
class Palette:
    sky_top: RGB
    sky_bottom: RGB
    ground: RGB
    built: RGB  # buildings and rock: the ground's colour before snow or season
    foliage: RGB
    accent: RGB
    water: RGB
    sun: RGB


@dataclass(frozen=True)
class Look:
    outdoor: bool
    time: str  # day | dawn | dusk | night
    weather: str  # clear | snow | storm | rain | mist
    season: str  # "" | autumn | spring | summer
    light: str  # indoors: plain | warm | dark | window | outside
    features: frozenset[str]
    palette: Palette
    mirrored: bool
    horizon: float  # share of the height where land meets sky
    sun_x: float  # share of the width


def _first(groups: dict[str, frozenset[str]], title: set[str], default: str) -> str:
    return next((name for name, group in groups.items() if group & title), default)


def _palette(asset: SandboxAsset, rng: random.Random, time: str, weather: str, season: str) -> Palette:
    hue, saturation, value = rng.uniform(-0.06, 0.06), rng.uniform(0.8, 1.2), rng.uniform(0.88, 1.08)
    sky, ground, accent = (_vary(rgb(c), hue, saturation, value) for c in asset.palette)
    sky_top, sky_bottom, sun = sky, mix(sky, WHITE, 0.5), mix(accent, (255, 236, 160), 0.6)
    if time == "dawn":
        sky_top, sky_bottom, sun = mix(sky, (109, 104, 160), 0.6), (255, 200, 178), (255, 222, 170)
        ground = mix(ground, (109, 104, 117), 0.25)
    elif time == "dusk":
        sky_top, sky_bottom, sun = mix(sky, (61, 52, 139), 0.7), (244, 140, 6), (255, 123, 0)
        ground = mix(ground, (40, 20, 40), 0.35)
    elif time == "night":
        sky_top, sky_bottom, sun = mix(NIGHT_SKY, sky, 0.12), mix((28, 37, 65), sky, 0.15), (240, 240, 225)
        ground = mix(ground, NIGHT_SKY, 0.6)
    built = foliage = ground
    if season == "autumn":
        foliage, ground = mix(foliage, (204, 102, 0), 0.7), mix(ground, (169, 132, 103), 0.45)
    elif season == "spring":
        foliage, ground = mix(foliage, (128, 185, 24), 0.5), mix(ground, (128, 185, 24), 0.4)
    elif season == "summer":
        sky_top, ground = mix(sky_top, (0, 119, 182), 0.3), mix(ground, (150, 170, 40), 0.3)
    if weather == "snow":
        ground = mix(ground, (241, 245, 249), 0.85 if time != "night" else 0.5)
        foliage = mix(foliage, (30, 50, 40), 0.4)
        if time == "day":
            sky_top, sky_bottom = mix(sky_top, (200, 210, 222), 0.6), (236, 240, 245)
    elif weather in ("storm", "rain"):
        grey = (60, 69, 83) if weather == "storm" else (141, 153, 174)
        sky_top, sky_bottom = mix(sky_top, grey, 0.7), mix(sky_bottom, grey, 0.5)
        ground = mix(ground, (40, 45, 50), 0.25)
    elif weather == "mist":
        sky_top, sky_bottom = mix(sky_top, (220, 224, 228), 0.6), mix(sky_bottom, (235, 236, 238), 0.7)
    water = mix(mix(sky_top, sky_bottom, 0.5), (2, 48, 71), 0.55)
    return Palette(sky_top, sky_bottom, ground, built, foliage, accent, water, sun)


def look_of(asset: SandboxAsset) -> Look:
    """The asset's look: its title's words pick light, weather, season and features; its id the rest."""
    title = set(words(asset.title))
    rng = random.Random(f"look:{asset.id}")
    outdoor = asset.scene in OUTDOOR_SCENES
    time = _first(TIMES, title, "day")
    weather = _first(WEATHERS, title, "clear") if outdoor else "clear"
    season = _first(SEASONS, title, "") if outdoor else ""
    features = frozenset(name for name, group in FEATURES.items() if group & title)
    overhead = "overhead" in features
    return Look(
        outdoor=outdoor,
        time=time,
        weather=weather,
        season=season,
        light="plain" if outdoor else _first(LIGHTS, title, "plain"),
        features=features,
        palette=_palette(asset, rng, time, weather, season),
        mirrored=rng.random() < 0.5,
        horizon=rng.uniform(0.22, 0.35) if overhead else rng.uniform(*HORIZONS.get(asset.scene, (0.5, 0.7))),
        sun_x=rng.uniform(0.15, 0.85),
    )
