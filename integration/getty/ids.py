"""What a Getty image id looks like, checked before an id goes into a URL path or a query.

Getty's ids are strings: digits today ("1400000003"), older ones letters, digits and dashes
("sb10069478a-001", "dv030046"). Anything else (".." or "a/b" or a NUL) is not an id, and reaching
Getty with it would call another endpoint with our token.
"""

import re

from django.core.exceptions import ValidationError

GETTY_ID_MAX = 64
GETTY_ID_PATTERN = r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*"
_GETTY_ID = re.compile(GETTY_ID_PATTERN)


def is_getty_id(value) -> bool:
    return isinstance(value, str) and len(value) <= GETTY_ID_MAX and _GETTY_ID.fullmatch(value) is not None


NOT_A_GETTY_ID = "That is not a Getty image id (letters, digits and dashes)."


def validate_getty_id(value) -> None:
    """For form and serializer fields."""
    if not is_getty_id(value):
        raise ValidationError(NOT_A_GETTY_ID, code="invalid")
