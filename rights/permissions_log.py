"""The permissions log: one line per licence, with the columns a publisher's permissions log has.

Rights keeps this log for every book (and the whole list): what each picture is, where it came from,
who holds the rights, the credit to print, the fee, territory, term, print run, placement, formats,
restrictions, releases and status. It is read here once and written as CSV for a spreadsheet, as a
stream: the whole list may hold hundreds of thousands of licences, and neither the page nor the API
builds it in memory. Licences are read in chunks, each with its products and usages (a fixed number of
queries per chunk).

A spreadsheet runs a cell that starts with =, +, - or @ as a formula (and some take a tab or a carriage
return the same way). Any cell may hold text from Getty or from a person (a caption, a credit line, a
note), so such cells get a leading apostrophe: the spreadsheet shows the text and runs nothing.
"""

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from approvals.services.write_back import required_credit, rights_holder
from integration.models import Title
from integration.placements import Placement
from integration.territories import WORLD

from .models import Licence, Printing, Usage

CHUNK_SIZE = 500
# Spreadsheets read the byte-order mark as "this is UTF-8" (names with accents stay readable).
BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    header: str
    value: object  # (licence) -> str | int | None


def _term(licence: Licence) -> str:
    if licence.perpetual:
        return "Perpetual"
    start = licence.valid_from.isoformat() if licence.valid_from else ""
    end = licence.valid_until.isoformat() if licence.valid_until else ""
    if start and end:
        return f"{start} to {end}"
    if end:
        return f"Until {end}"
    if start:
        return f"From {start}, no end date"
    return "No end date"


def _territory(licence: Licence) -> str:
    codes = list(licence.territories)
    return "World" if WORLD in codes else ", ".join(codes)


def _placements(licence: Licence) -> str:
    labels = dict(Placement.choices)
    seen: list[str] = []
    for usage in licence.usages.all():
        label = labels.get(usage.placement, usage.placement)
        if label not in seen:
            seen.append(label)
    return "; ".join(seen)


def _formats(licence: Licence) -> str:
    return "; ".join(
        " ".join(part for part in (p.format_name or p.onix_form_code, p.isbn13) if part)
        for p in licence.products.all()
    )


def _confirmed(licence: Licence) -> str:
    if licence.legal_confirmed_at is None:
        return "Waiting for Legal"
    who = licence.legal_confirmed_by
    name = (who.get_full_name() or who.username) if who is not None else ""
    day = licence.legal_confirmed_at.date().isoformat()
    return f"{day} by {name}" if name else day


COLUMNS: tuple[Column, ...] = (
    Column("Licence", lambda lic: lic.pk),
    Column("Title", lambda lic: lic.title.full_title),
    Column("Item", lambda lic: f"GettyImages-{lic.asset.getty_id} {lic.asset.title}".strip()),
    Column(
        "Source",
        lambda lic: ", ".join(p for p in ("Getty Images", lic.asset.collection_name) if p),
    ),
    Column("Licence model", lambda lic: lic.get_license_model_display()),
    Column("Getty product", lambda lic: lic.getty_product_name or lic.getty_product_id),
    Column("Rights holder", lambda lic: rights_holder(lic.asset)),
    Column("Credit line", lambda lic: lic.credit_line or required_credit(lic.asset)),
    Column("Fee", lambda lic: "" if lic.fee is None else f"{lic.fee:.2f}"),
    Column("Currency", lambda lic: "" if lic.fee is None else lic.fee_currency),
    Column("Territory", _territory),
    Column("Term", _term),
    Column("Print run", lambda lic: "No cap" if lic.print_run_cap is None else lic.print_run_cap),
    Column("Printed", lambda lic: lic.printed),
    Column("Placement", _placements),
    Column("Formats", _formats),
    Column("Channels", lambda lic: ", ".join(lic.channel_labels)),
    Column("Restrictions", lambda lic: "; ".join(r for r in lic.restrictions if r)),
    Column("Releases", lambda lic: lic.release_info),
    Column("Licence reference", lambda lic: lic.licence_reference),
    Column("Status", lambda lic: lic.get_status_display()),
    Column("Terms confirmed", _confirmed),
)
HEADERS = tuple(column.header for column in COLUMNS)


def safe_cell(value) -> str:
    """The cell as text a spreadsheet shows and never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def log_licences(*, title: Title | None = None) -> QuerySet[Licence]:
    """The licences of the log (one title's, or all), in the log's order, with what each line needs."""
    printed = (
        Printing.objects.filter(usage__licence=OuterRef("pk"))
        .values("usage__licence")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    licences = (
        Licence.objects.select_related("asset", "title", "legal_confirmed_by")
        .prefetch_related(
            "products", Prefetch("usages", queryset=Usage.objects.only("id", "licence_id", "placement"))
        )
        .annotate(printed=Coalesce(Subquery(printed, output_field=IntegerField()), Value(0)))
        .order_by("title__title", "title_id", "id")
    )
    return licences.filter(title=title) if title is not None else licences


def log_rows(licences: Iterable[Licence]) -> Iterator[list[str]]:
    """The header, then one line per licence, every cell safe for a spreadsheet."""
    yield list(HEADERS)
    for licence in licences:
        yield [safe_cell(column.value(licence)) for column in COLUMNS]


class _Line:
    """csv.writer's file: hands back each line instead of keeping it."""

    def write(self, text: str) -> str:
        return text


def log_csv_lines(*, title: Title | None = None) -> Iterator[str]:
    """The log as CSV text, line by line, reading the licences CHUNK_SIZE at a time."""
    writer = csv.writer(_Line())
    licences = log_licences(title=title).iterator(chunk_size=CHUNK_SIZE)
    yield BOM
    for row in log_rows(licences):
        yield writer.writerow(row)


def log_filename(*, title: Title | None = None, today) -> str:
    scope = f"title-{title.pk}" if title is not None else "all-titles"
    return f"permissions-log-{scope}-{today.isoformat()}.csv"
