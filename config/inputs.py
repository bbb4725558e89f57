"""Numbers and lists as browsers and scripts send them, for forms, filters, serializers and URLs alike.

Only ASCII digits (Python's int() would also take "٣", " 3" or "1_0") and no more than the column
holds: ids are a BigAutoField (64-bit), counts such as a print run a PositiveIntegerField (32-bit on
PostgreSQL). Lists are capped so one request cannot ask for 100,000 rows at once.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from rest_framework import serializers

ID_MAX = 2**63 - 1
INTEGER_MAX = 2**31 - 1
# Far past any list a person pages through; keeps page × page size inside a 64-bit LIMIT.
PAGE_NUMBER_MAX = 10**6
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")


def ascii_number(value) -> int | None:
    """`value` as a whole number if it is one (a JSON number or ASCII digits), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _ASCII_DIGITS.fullmatch(value):
        return int(value)
    return None


def parse_id(value) -> int | None:
    number = ascii_number(value)
    return number if number is not None and 1 <= number <= ID_MAX else None


def parse_page_number(value) -> int | None:
    """A page number as a paginator may use it; past PAGE_NUMBER_MAX it is the last page anyway."""
    number = ascii_number(value)
    return min(number, PAGE_NUMBER_MAX) if number is not None and number >= 1 else None


class NumberField(forms.IntegerField):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = ascii_number(value.strip() if isinstance(value, str) else value)
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


def id_field(**kwargs) -> NumberField:
    return NumberField(min_value=1, max_value=ID_MAX, **kwargs)


def count_field(**kwargs) -> NumberField:
    """A positive count stored in a 32-bit column (a print run)."""
    return NumberField(min_value=1, max_value=INTEGER_MAX, **kwargs)


class NumberSerializerField(serializers.IntegerField):
    def to_internal_value(self, data):
        number = ascii_number(data)
        if number is None:
            self.fail("invalid")
        return number


def id_serializer_field(**kwargs) -> NumberSerializerField:
    return NumberSerializerField(min_value=1, max_value=ID_MAX, **kwargs)


def count_serializer_field(**kwargs) -> NumberSerializerField:
    return NumberSerializerField(min_value=1, max_value=INTEGER_MAX, **kwargs)


def too_many(limit: int, noun: str) -> str:
    return f"At most {limit:,} {noun} in one go; send the rest in another request."


class ModelIdsField(forms.ModelMultipleChoiceField):
    """Ticked rows by id: at most `max_count` of them, each an id the column can hold, before any query."""

    def __init__(self, *args, max_count: int, noun: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_count = max_count
        self.error_messages["too_many"] = too_many(max_count, noun)

    def clean(self, value):
        if isinstance(value, list | tuple):
            if len(value) > self.max_count:
                raise ValidationError(self.error_messages["too_many"], code="too_many")
            for pk in value:
                if parse_id(pk) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                    )
        return super().clean(value)


def bounded_list_serializer_field(*, child, max_count: int, noun: str, **kwargs) -> serializers.ListField:
    return serializers.ListField(
        child=child,
        max_length=max_count,
        error_messages={"max_length": too_many(max_count, noun)},
        **kwargs,
    )
