"""Template filters of the picture search pages."""

from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def too_small_for(hit, min_pixel_height):
    """`{% if hit|too_small_for:min_pixel_height %}`: the largest file is shorter than the print needs."""
    return hit.too_small_for(min_pixel_height)


def _selected(bound_field) -> set[str]:
    value = bound_field.value()
    if value is None:
        return set()
    if isinstance(value, (list, tuple)):
        return {str(v) for v in value}
    return {str(value)}


@register.filter
def quick_widget(bound_field):
    """The field's input as HTML, built in Python.

    Django renders each widget (and each checkbox option) through a template; the search form has about
    sixty options, which made it the slowest part of the page. Same markup, same names and ids.
    """
    widget = bound_field.field.widget
    name, auto_id = bound_field.html_name, bound_field.auto_id
    if isinstance(widget, forms.CheckboxSelectMultiple):
        chosen = _selected(bound_field)
        items = format_html_join(
            "",
            '<li><label for="{0}_{1}"><input type="checkbox" name="{2}" value="{3}" id="{0}_{1}"{4}> {5}'
            "</label></li>",
            (
                (
                    auto_id,
                    i,
                    name,
                    value,
                    mark_safe(" checked") if str(value) in chosen else "",
                    label,
                )
                for i, (value, label) in enumerate(widget.choices)
            ),
        )
        return format_html('<ul id="{}">{}</ul>', auto_id, items)
    if isinstance(widget, forms.Select):  # Select and SelectMultiple
        chosen = _selected(bound_field)
        multiple = mark_safe(" multiple") if isinstance(widget, forms.SelectMultiple) else ""
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (value, mark_safe(" selected") if str(value) in chosen else "", label)
                for value, label in widget.choices
            ),
        )
        return format_html('<select name="{}" id="{}"{}>{}</select>', name, auto_id, multiple, options)
    return bound_field.as_widget()
