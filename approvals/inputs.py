"""Request versions as the approval pages and API send them (ids, counts and lists: config/inputs.py).

Versions are a PositiveIntegerField (a 32-bit integer on PostgreSQL).
"""

from django import forms

from config.inputs import INTEGER_MAX, NumberField, NumberSerializerField, ascii_number

VERSION_MAX = INTEGER_MAX
# One queue page is 25 rows; an API client may approve a few pages' worth in one call.
BULK_APPROVE_MAX = 100
# A title's shortlist and its products, territories of the world: generous, but finite.
SUBMIT_ITEMS_MAX = 100
PRODUCTS_MAX = 100
TERRITORIES_MAX = 300
NOTIFICATIONS_MAX = 100


def parse_version(value) -> int | None:
    number = ascii_number(value)
    return number if number is not None and 1 <= number <= VERSION_MAX else None


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
