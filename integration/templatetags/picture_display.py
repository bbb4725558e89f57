"""Template filters of the picture search pages."""

from django import template

register = template.Library()


@register.filter
def too_small_for(hit, min_pixel_height):
    """`{% if hit|too_small_for:min_pixel_height %}`: the largest file is shorter than the print needs."""
    return hit.too_small_for(min_pixel_height)
