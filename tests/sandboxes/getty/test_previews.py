"""Getty sandbox previews: one subject's pictures differ by title words and id, and stay the same."""

import hashlib
import io
import itertools
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

import sandboxes
from sandboxes.getty.catalogue import Catalogue
from sandboxes.getty.previews import PreviewRenderer, render_scene

ROOT = Path(sandboxes.__file__).resolve().parent.parent
LANDSCAPE_TITLES = ("Snowy valley at dawn", "Field of wheat in spring", "Wildflower meadow", "Rolling hills")


@pytest.fixture(scope="module")
def catalogue():
    return Catalogue(size=600, seed=2026)


def landscapes(catalogue, count: int):
    return [a for a in catalogue if a.scene == "hills" and a.orientation == "Horizontal"][:count]


def picture(asset, size: str = "thumb") -> Image.Image:
    """The preview as a fresh renderer draws it (the renderer caches by asset id), title band cut off."""
    image = Image.open(io.BytesIO(PreviewRenderer().preview(asset, size))).convert("RGB")
    return image.crop((0, 0, image.width, round(image.height * 0.85)))


def share_changed(a: Image.Image, b: Image.Image) -> float:
    """Share of pixels that differ visibly (by more than 30 of 255 in grey)."""
    changed = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v > 30 else 0)
    return ImageStat.Stat(changed).mean[0] / 255


def test_title_words_vary_pictures_of_one_subject(catalogue):
    asset = landscapes(catalogue, 1)[0]
    pictures = {title: picture(replace(asset, title=title)) for title in LANDSCAPE_TITLES}

    for (one, first), (other, second) in itertools.combinations(pictures.items(), 2):
        assert share_changed(first, second) > 0.05, f"{one!r} and {other!r} look alike"


def test_a_grid_of_one_subject_is_not_one_picture_repeated(catalogue):
    grid = [picture(asset) for asset in landscapes(catalogue, 12)]

    for first, second in itertools.combinations(grid, 2):
        assert share_changed(first, second) > 0.03


def test_ids_vary_palette_and_composition_of_one_title(catalogue):
    same_title = [picture(replace(asset, title="Rolling hills")) for asset in landscapes(catalogue, 6)]

    for first, second in itertools.combinations(same_title, 2):
        assert share_changed(first, second) > 0.02
        assert sum(ImageStat.Stat(ImageChops.difference(first, second)).mean) / 3 > 4


def test_the_same_asset_always_gives_the_same_bytes(catalogue):
    asset = landscapes(catalogue, 1)[0]
    for size in ("thumb", "comp", "preview"):
        assert PreviewRenderer().preview(asset, size) == PreviewRenderer().preview(asset, size)

    # Another process (another hash seed) paints the same picture.
    script = (
        "import hashlib; from sandboxes.getty.catalogue import Catalogue; "
        "from sandboxes.getty.previews import PreviewRenderer; "
        f"asset = Catalogue(size=600, seed=2026).get({asset.id!r}); "
        "print(hashlib.sha256(PreviewRenderer().preview(asset, 'comp')).hexdigest())"
    )
    other = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert other.stdout.strip() == hashlib.sha256(PreviewRenderer().preview(asset, "comp")).hexdigest()


@pytest.mark.parametrize("title", LANDSCAPE_TITLES)
def test_varied_previews_are_still_watermarked(catalogue, title):
    asset = replace(landscapes(catalogue, 1)[0], title=title)
    comp = Image.open(io.BytesIO(PreviewRenderer().preview(asset, "comp"))).convert("RGB")
    unmarked = render_scene(asset, 612)
    unmarked.thumbnail(comp.size)

    assert comp.size == unmarked.size
    assert sum(ImageStat.Stat(ImageChops.difference(comp, unmarked)).mean) / 3 > 4
