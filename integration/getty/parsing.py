"""Getty's values in every shape seen so far: numbers as text, dates with or without a zone, odd lists."""

import datetime as dt
from typing import Any


def parse_datetime(value: Any) -> dt.datetime | None:
    """An aware UTC datetime from Getty's ISO 8601 text; naive values are UTC (GETTY.md), junk is None."""
    if not value or not isinstance(value, str):
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = dt.datetime.combine(dt.date.fromisoformat(text[:10]), dt.time())
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def parse_int(value: Any) -> int | None:
    """An int from an int, a float or a numeric string ("1800"); None for anything else."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    try:
        return int(float(str(value).strip()))
    except (TypeError, ValueError):
        return None


def parse_bool(value: Any) -> bool:
    """Getty sends true, "true" and "True" (GETTY.md): accept all."""
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"true", "1", "yes"}


def as_text(value: Any) -> str:
    return "" if value is None else str(value)


def as_list(value: Any) -> list:
    return list(value) if isinstance(value, (list, tuple)) else []


def as_dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def as_texts(value: Any) -> list[str]:
    return [str(v) for v in as_list(value) if v is not None and not isinstance(v, (dict, list))]


def as_items(value: Any) -> list[dict]:
    """The objects of a JSON list, skipping anything that is not one."""
    return [item for item in as_list(value) if isinstance(item, dict)]
