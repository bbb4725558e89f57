"""A sandbox's data files: TOML under `data/` beside the module reading them, from any working directory."""

import tomllib
from pathlib import Path


def read_data(module_file: str, name: str) -> dict:
    """The parsed `data/<name>` next to `module_file` (pass the reading module's `__file__`)."""
    with (Path(module_file).resolve().parent / "data" / name).open("rb") as data:
        return tomllib.load(data)
