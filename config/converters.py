"""Path converters for every urls.py: ids the column can hold, Getty ids that look like Getty ids.

A path that cannot name a row (an id past 2^63 - 1, a Getty id of "..") matches no URL: 404,
before any view, query or Getty call.
"""

from django.urls import register_converter

from config.inputs import parse_id
from integration.getty.ids import GETTY_ID_PATTERN, is_getty_id


class IdConverter:
    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(value)  # the URL does not match: 404
        return number

    def to_url(self, value) -> str:
        return str(value)


class GettyIdConverter:
    regex = GETTY_ID_PATTERN

    def to_python(self, value: str) -> str:
        if not is_getty_id(value):
            raise ValueError(value)
        return value

    def to_url(self, value) -> str:
        return str(value)


register_converter(IdConverter, "id")
register_converter(GettyIdConverter, "getty_id")
