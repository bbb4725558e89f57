"""The sandboxes' vocabularies are data files read at start-up, from any working directory."""

import os
import string
import subprocess
import sys
from pathlib import Path

import sandboxes
from sandboxes.consonance import vocabulary as consonance
from sandboxes.data import read_data
from sandboxes.getty import vocabulary as getty

ROOT = Path(sandboxes.__file__).resolve().parent.parent


def test_data_files_are_found_from_any_working_directory(tmp_path):
    script = (
        "from sandboxes.consonance.vocabulary import GENRES; from sandboxes.getty.vocabulary import THEMES; "
        "print(len(THEMES), len(GENRES))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == [str(len(getty.THEMES)), str(len(consonance.GENRES))]


def test_read_data_reads_the_data_folder_beside_the_module(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "colours.toml").write_text('sky = "#8ecae6"\n')
    assert read_data(str(tmp_path / "module.py"), "colours.toml") == {"sky": "#8ecae6"}


def test_getty_themes_name_collections_and_colours_that_exist():
    assert len({theme.key for theme in getty.THEMES}) == len(getty.THEMES)
    for theme in getty.THEMES:
        assert set(theme.segments) <= set(getty.EDITORIAL_COLLECTIONS), theme.key
        assert all(len(colour) == 7 and colour.startswith("#") for colour in theme.palette), theme.key
        assert theme.weight > 0 and theme.subjects and theme.settings and theme.places, theme.key
    assert {event.theme for event in getty.EVENTS} <= {theme.key for theme in getty.THEMES}


def test_consonance_genres_name_imprints_and_title_words_that_exist():
    words = {"adj", "noun", "noun2", "plural", "animal", "place", "name", "surname"}
    for genre in consonance.GENRES:
        assert genre.imprint in consonance.IMPRINTS, genre.key
        assert genre.min_pages <= genre.max_pages, genre.key
        assert set(genre.formats) <= {"HB", "PB", "EBOOK", "AUDIO"}, genre.key
        for pattern in genre.title_patterns + genre.series_names:
            assert {field for _, field, _, _ in string.Formatter().parse(pattern) if field} <= words, pattern
    assert {todo.kind for todo in consonance.TODO_KINDS} <= {"MANUSCRIPT", "JACKET", "MARKETING", "OTHER"}


def test_getty_looks_name_scenes_that_exist_and_words_that_titles_use():
    from sandboxes.getty import looks
    from sandboxes.getty.catalogue import Catalogue

    assert looks.OUTDOOR_SCENES <= {theme.scene for theme in getty.THEMES}
    assert set(looks.HORIZONS) <= looks.OUTDOOR_SCENES
    title_words = set().union(*(asset.title_stems for asset in Catalogue(size=2000, seed=2026)))
    for groups in (looks.TIMES, looks.WEATHERS, looks.SEASONS, looks.LIGHTS, looks.FEATURES):
        for name, group in groups.items():
            assert group & title_words, f"no title of the catalogue says {name!r}"
