"""Template filters of the picture search pages."""

from django import forms, template

register = template.Library()


@register.filter
def too_small_for(hit, min_pixel_height):
    """`{% if hit|too_small_for:min_pixel_height %}`: the largest file is shorter than the print needs."""
    return hit.too_small_for(min_pixel_height)


@register.filter
def chosen_values(bound_field) -> tuple[str, ...]:
    """The values a choice field holds, as the strings its options carry, sorted (a cache key's part)."""
    value = bound_field.value()
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(sorted({str(v) for v in value}))
    return (str(value),)


@register.filter
def choice_widget(bound_field) -> str:
    """What kind of input `integration/pictures/_choices.html` draws: checkboxes, multiple or a select."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.SelectMultiple):
        return "multiple"
    return "select"


@register.filter
def getty_allowed_use(text: str) -> str:
    """Getty's allowed-use sentence without its markup: Getty marks the words of its own link with bars
    ("under our |License Terms|."), which we show as plain words. The one renderer of that text."""
    return " ".join(str(text or "").replace("|", "").split())
