"""Where a picture goes in or around a book, and how many pixels that place needs in print.

One vocabulary for the search (`?purpose=`) and for approvals (an intended use's placement), and one
sum for the print need: the search prefill, the "too small for print" badge and the approval
resolution check all call `pixels_for_print`, so they agree at the last pixel.
"""

import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import models

PRINT_DPI = 300
CM_PER_INCH = 2.54
# Above this a "trim height" is a data error (a unit mix-up), not a book.
TRIM_HEIGHT_MAX_CM = 500.0


class Placement(models.TextChoices):
    FRONT_COVER = "front_cover", "Front cover"
    BACK_COVER = "back_cover", "Back cover"
    INTERIOR = "interior", "Interior"
    MARKETING = "marketing", "Marketing"


# The share of the trim height a picture fills at least: an interior picture half a page, the rest
# (covers, printed marketing) the whole height.
TRIM_HEIGHT_SHARE = {Placement.INTERIOR: 0.5}
# A cover is a portrait filling the whole page. Consonance gives a trim height but no trim width, so
# the width a cover needs is that of the narrowest book portrait, 2:3, over the trim height (the
# search's size filter assumes the same shape).
COVER_PLACEMENTS = (Placement.FRONT_COVER, Placement.BACK_COVER)
COVER_WIDTH_RATIO = Decimal(2) / Decimal(3)


def trim_height_cm(value) -> float | None:
    """A plausible trim height in cm (positive, finite, at most TRIM_HEIGHT_MAX_CM), else None."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(Decimal(str(value)))
    except (InvalidOperation, ValueError, TypeError):
        return None
    if not math.isfinite(number) or number <= 0 or number > TRIM_HEIGHT_MAX_CM:
        return None
    return number


def pixels_for_print(height_cm, *, placement: str, dpi: int = PRINT_DPI) -> int:
    """Pixels a picture needs along the trim height to print `placement` at `dpi`, rounded up.

    Rounded to six places before rounding up: 16.51 cm is exactly 1950 px at 300 dpi, but in floating
    point it comes out a hair above, and a bare ceil would ask for 1951.
    """
    share = TRIM_HEIGHT_SHARE.get(placement, 1.0)
    return max(1, math.ceil(round(float(height_cm) / CM_PER_INCH * dpi * share, 6)))


@dataclass(frozen=True)
class PrintRequirement:
    """The pixels a placement needs to print at a trim height, and the rule that says so."""

    placement: str
    trim_height_cm: float
    height_px: int
    # Only covers ask for a width; other placements may be cropped to any shape.
    width_px: int | None = None

    @property
    def rule(self) -> str:
        """The sentence a reviewer reads: what is needed and why."""
        trim = f"{self.trim_height_cm:g} cm trim height at {PRINT_DPI} dpi"
        label = Placement(self.placement).label
        if self.width_px is not None:
            return (
                f"{label} needs {self.width_px:,} × {self.height_px:,} px (width × height: a 2:3 portrait "
                f"over the {trim})."
            )
        if TRIM_HEIGHT_SHARE.get(self.placement, 1.0) < 1:
            return f"{label} needs {self.height_px:,} px of height (half a page of the {trim})."
        return f"{label} needs {self.height_px:,} px of height (the whole {trim})."

    def fits(self, width: int | None, height: int | None) -> bool:
        """A picture `width` × `height` prints this placement; an unknown size is not refused here."""
        if too_small_for_print(height, self.height_px):
            return False
        return not (self.width_px is not None and too_small_for_print(width, self.width_px))


def print_requirement(height_cm, *, placement: str, dpi: int = PRINT_DPI) -> PrintRequirement | None:
    """What `placement` needs to print at a trim `height_cm`; None for an implausible trim height.

    The height comes from `pixels_for_print`, the sum the search badges use, so both agree.
    """
    height = trim_height_cm(height_cm)
    if height is None:
        return None
    height_px = pixels_for_print(height, placement=placement, dpi=dpi)
    width_px = None
    if placement in COVER_PLACEMENTS:
        width_px = max(1, math.ceil(height_px * COVER_WIDTH_RATIO))
    return PrintRequirement(
        placement=placement, trim_height_cm=height, height_px=height_px, width_px=width_px
    )


def too_small_for_print(pixels: int | None, need: int | None) -> bool:
    """A picture `pixels` tall (along the trim height) is short of a print needing `need` pixels.

    An unknown size or an unknown need is not "too small": nothing is claimed without numbers.
    """
    return bool(need and pixels and pixels < need)


def print_size_cm(pixels: int | None, dpi: int = PRINT_DPI) -> float | None:
    """How many centimetres `pixels` print at `dpi`, to one decimal (rounded down: never promise more)."""
    if not pixels or pixels <= 0:
        return None
    return math.floor(pixels / dpi * CM_PER_INCH * 10) / 10
