"""Request ids and versions as browsers and scripts send them, for forms and serializers alike.

Only ASCII digits (Python's int() would also take "٣", " 3" or "1_0") and no more than the column
holds: versions are a PositiveIntegerField (a 32-bit integer on PostgreSQL), ids a BigAutoField.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from rest_framework import serializers

VERSION_MAX = 2**31 - 1
ID_MAX = 2**63 - 1
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


def parse_version(value) -> int | None:
    number = ascii_number(value)
    return number if number is not None and 1 <= number <= VERSION_MAX else None


class NumberField(forms.IntegerField):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = ascii_number(value.strip() if isinstance(value, str) else value)
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class NumberSerializerField(serializers.IntegerField):
    def to_internal_value(self, data):
        number = ascii_number(data)
        if number is None:
            self.fail("invalid")
        return number


VERSION_MISSING = "This page did not say which version of the request you saw. Reload it and try again."
VERSION_HELP = "The version you saw; a stale one gets 409."


def version_field() -> NumberField:
    return NumberField(
        min_value=1,
        max_value=VERSION_MAX,
        widget=forms.HiddenInput,
        error_messages={key: VERSION_MISSING for key in ("required", "invalid", "min_value", "max_value")},
    )


def version_serializer_field() -> NumberSerializerField:
    return NumberSerializerField(min_value=1, max_value=VERSION_MAX, help_text=VERSION_HELP)


def id_serializer_field(**kwargs) -> NumberSerializerField:
    return NumberSerializerField(min_value=1, max_value=ID_MAX, **kwargs)
