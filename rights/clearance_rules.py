"""The rules of a clearance check: what stands in the way of a planned event for one licensed picture.

Pure functions over plain facts: the licence's terms as they are now (`LicenceFacts`), the planned
event (`PlannedEvent`) and where the picture sits in the book. Every finding carries a code that
programs read, the sentence people read, whether it blocks, and what fixes it: the licence's terms
(renew or extend them on the licence page) or a replacement picture. Rules, one per reason:

- withdrawn by Getty: the picture may not be printed or published again;
- the term: ended before today, ends before the planned date, starts after it, or no end date known.
  `valid_until` is the last day covered: an event on that day is covered, the day after is not;
- territory: WORLD in the licence covers every country; an event for WORLD needs a WORLD licence;
- channel: every channel of the event must be licensed;
- product or format: every product of the event must be one the licence covers;
- print run: copies printed so far plus the planned quantity may reach the cap, not pass it;
- editorial use only: never on a cover, never in advertising;
- terms Legal has not confirmed: noted, not blocking (the answer rests on prefilled terms).
"""

import datetime as dt
from dataclasses import asdict, dataclass, field
from enum import StrEnum

from django.utils import formats

from approvals.models.requests import Channel
from integration.placements import COVER_PLACEMENTS, Placement
from integration.territories import WORLD, territory_name


class Code(StrEnum):
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"
    ENDS_BEFORE_DATE = "ends_before_date"
    NOT_YET_VALID = "not_yet_valid"
    NO_END_DATE = "no_end_date"
    TERRITORY = "territory_not_covered"
    CHANNEL = "channel_not_covered"
    PRODUCT = "product_not_covered"
    PRINT_RUN = "print_run_over_cap"
    EDITORIAL_COVER = "editorial_use_on_cover"
    EDITORIAL_ADVERTISING = "editorial_use_in_advertising"
    TERMS_UNCONFIRMED = "terms_unconfirmed"


class Fix(StrEnum):
    TERMS = "terms"  # renew or extend the terms on the licence page
    REPLACE = "replace"  # find a replacement picture


@dataclass(frozen=True)
class Finding:
    code: str
    blocking: bool
    message: str
    fix: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class ProductRef:
    """A product as checks name it."""

    id: int
    isbn13: str = ""
    format_name: str = ""

    @property
    def label(self) -> str:
        return " ".join(part for part in (self.format_name, self.isbn13) if part) or f"product {self.id}"

    @classmethod
    def of(cls, product) -> "ProductRef":
        return cls(id=product.pk, isbn13=product.isbn13, format_name=product.format_name)


@dataclass(frozen=True)
class PlannedEvent:
    """What is planned, normalised (see services/clearance.py): the territories and channels to check."""

    kind: str  # ClearanceCheck.Kind
    kind_label: str
    planned_on: dt.date
    products: tuple[ProductRef, ...] = ()
    quantity: int | None = None
    territories: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()


@dataclass(frozen=True)
class LicenceFacts:
    """A licence's terms as a check judges them; saved with each result as the evidence."""

    status: str
    withdrawn_on: dt.date | None
    valid_from: dt.date | None
    valid_until: dt.date | None
    perpetual: bool
    territories: tuple[str, ...]
    channels: tuple[str, ...]
    products: tuple[ProductRef, ...]
    print_run_cap: int | None
    printed: int
    editorial_use_only: bool
    confirmed: bool
    placements: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "withdrawn_on": _iso(self.withdrawn_on),
            "valid_from": _iso(self.valid_from),
            "valid_until": _iso(self.valid_until),
            "perpetual": self.perpetual,
            "territories": list(self.territories),
            "channels": list(self.channels),
            "products": [p.label for p in self.products],
            "print_run_cap": self.print_run_cap,
            "printed": self.printed,
            "editorial_use_only": self.editorial_use_only,
            "confirmed": self.confirmed,
            "placements": list(self.placements),
        }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _day(day: dt.date) -> str:
    return formats.date_format(day, "j M Y")


def _territories(codes) -> str:
    return ", ".join(
        (territory_name(code) or code) if code == WORLD else f"{territory_name(code) or code} ({code})"
        for code in codes
    )


def _channels(values) -> str:
    labels = dict(Channel.choices)
    return ", ".join(labels.get(value, value) for value in values)


def _placements(values) -> str:
    labels = dict(Placement.choices)
    return ", ".join(labels.get(value, value).lower() for value in values)


def _copies(number: int) -> str:
    return f"{number:,} cop{'y' if number == 1 else 'ies'}"


def findings(facts: LicenceFacts, event: PlannedEvent, *, today: dt.date) -> list[Finding]:
    """Every reason the event may not go ahead with this picture (blocking), and notes (not blocking)."""
    found: list[Finding] = []
    what = f"the {event.kind_label.lower()} on {_day(event.planned_on)}"

    if facts.status == "withdrawn" or facts.withdrawn_on:
        when = f" on {_day(facts.withdrawn_on)}" if facts.withdrawn_on else ""
        found.append(
            Finding(
                Code.WITHDRAWN,
                True,
                f"Getty withdrew this picture{when}: it may not be printed or published again.",
                Fix.REPLACE,
            )
        )

    if not facts.perpetual:
        if facts.valid_until is None:
            found.append(
                Finding(
                    Code.NO_END_DATE,
                    True,
                    "The licence has no end date and is not perpetual: its term must be set first.",
                    Fix.TERMS,
                )
            )
        elif facts.valid_until < today:
            found.append(
                Finding(
                    Code.EXPIRED,
                    True,
                    f"The licence expired: its last day was {_day(facts.valid_until)}.",
                    Fix.TERMS,
                )
            )
        elif facts.valid_until < event.planned_on:
            found.append(
                Finding(
                    Code.ENDS_BEFORE_DATE,
                    True,
                    f"The licence ends on {_day(facts.valid_until)}, before {what}.",
                    Fix.TERMS,
                )
            )
    if facts.valid_from and event.planned_on < facts.valid_from:
        found.append(
            Finding(
                Code.NOT_YET_VALID,
                True,
                f"The licence starts on {_day(facts.valid_from)}, after {what}.",
                Fix.TERMS,
            )
        )

    if event.territories and WORLD not in facts.territories:
        missing = [code for code in event.territories if code not in facts.territories]
        if missing:
            covered = _territories(facts.territories) or "no territory"
            found.append(
                Finding(
                    Code.TERRITORY,
                    True,
                    f"Territory not covered: {_territories(missing)}. The licence covers {covered}.",
                    Fix.TERMS,
                )
            )

    missing_channels = [c for c in event.channels if c not in facts.channels]
    if missing_channels:
        covered = _channels(facts.channels) or "no channel"
        found.append(
            Finding(
                Code.CHANNEL,
                True,
                f"Channel not covered: {_channels(missing_channels)}. The licence covers {covered}.",
                Fix.TERMS,
            )
        )

    covered_ids = {p.id for p in facts.products}
    missing_products = [p for p in event.products if p.id not in covered_ids]
    if missing_products:
        covered = ", ".join(p.label for p in facts.products) or "no product"
        found.append(
            Finding(
                Code.PRODUCT,
                True,
                f"Product or format not covered: {', '.join(p.label for p in missing_products)}. "
                f"The licence covers {covered}.",
                Fix.TERMS,
            )
        )

    if event.quantity and facts.print_run_cap is not None:
        total = facts.printed + event.quantity
        if total > facts.print_run_cap:
            found.append(
                Finding(
                    Code.PRINT_RUN,
                    True,
                    f"{_copies(facts.printed)} printed so far and {_copies(event.quantity)} planned make "
                    f"{total:,}, over the print-run cap of {facts.print_run_cap:,} by "
                    f"{total - facts.print_run_cap:,}.",
                    Fix.TERMS,
                )
            )

    if facts.editorial_use_only:
        covers = [p for p in facts.placements if p in COVER_PLACEMENTS]
        if covers:
            found.append(
                Finding(
                    Code.EDITORIAL_COVER,
                    True,
                    f"Editorial use only: the picture may not be used on a cover ({_placements(covers)}).",
                    Fix.REPLACE,
                )
            )
        if Channel.ADVERTISING in event.channels:
            found.append(
                Finding(
                    Code.EDITORIAL_ADVERTISING,
                    True,
                    "Editorial use only: the picture may not be used in advertising.",
                    Fix.REPLACE,
                )
            )

    if not facts.confirmed:
        found.append(
            Finding(
                Code.TERMS_UNCONFIRMED,
                False,
                "Legal has not confirmed these terms yet: this answer rests on the terms as prefilled.",
                Fix.TERMS,
            )
        )
    return found


def is_go(found: list[Finding]) -> bool:
    return not any(f.blocking for f in found)
