"""The sandboxes' own HTML pages, rendered from sandboxes/templates/ with Django's template engine.

The engine is the sandboxes' own, not the product's: no settings, no context processors, autoescape on,
numbers and dates shown as given (no localisation, which would read the product's settings). Pages pass
tables as rows of `Cell`s, prepared here so that templates only lay them out.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from django.template import Context, Engine

TEMPLATES = Path(__file__).resolve().parent / "templates"
ENGINE = Engine(dirs=[str(TEMPLATES)], autoescape=True, debug=False)


@dataclass(frozen=True)
class Cell:
    text: str
    href: str = ""  # set when the cell is a link a person may open
    image: str = ""  # set when the cell shows a picture; `text` is its alternative text
    items: tuple["Cell", ...] = ()  # set when the cell is a list of text or link cells


def cell(value) -> Cell:
    """A table cell: "-" when empty, lists joined with commas."""
    if value is None or value == [] or value == "":
        return Cell("-")
    if isinstance(value, list | tuple):
        return Cell(", ".join(str(item) for item in value))
    return Cell(str(value))


def link(url: str | None) -> Cell:
    """A link when `url` is http(s), else shown as text."""
    if not url or not url.startswith(("http://", "https://")):
        return cell(url)
    return Cell(url, href=url)


def listing(cells: list[Cell]) -> Cell:
    """A cell holding a list (e.g. several links); "-" when there is nothing to list."""
    return Cell("", items=tuple(cells)) if cells else cell(None)


def picture(src: str, alt: str, href: str = "") -> Cell:
    return Cell(alt, href=href, image=src)


def column_class(heading: str) -> str:
    """A heading as the class of its column's cells ("External ref" -> "external-ref"), so a person's
    style sheet or a browser test can find a column without counting."""
    return re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-")


@dataclass(frozen=True)
class Table:
    headings: tuple[str, ...]
    rows: list[list[Cell]]
    empty: str  # said instead of an empty table
    label: str = "Table"  # what the table lists, for a screen reader; its class is made from it

    @property
    def name(self) -> str:
        return column_class(self.label)

    @property
    def columns(self) -> list[tuple[str, str]]:
        """(heading, class) of each column."""
        return [(heading, column_class(heading)) for heading in self.headings]

    @property
    def body(self) -> list[list[tuple[str, Cell]]]:
        """The rows as (column class, cell) pairs."""
        classes = [column_class(heading) for heading in self.headings]
        return [list(zip(classes, row, strict=True)) for row in self.rows]


def render(template: str, context: dict) -> str:
    return ENGINE.get_template(template).render(Context(context, use_l10n=False, use_tz=False))
