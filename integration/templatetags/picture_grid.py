"""The result grid's cards, built in Python: thirty cards through the template engine cost more than the
rest of the page together, and an uncached search must add little to Getty's own answer time.

The markup is the same the template used to write; `tests/integration/test_picture_search.py` reads it.
"""

from django import template
from django.template.defaultfilters import truncatechars
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

_CARD = (
    '<li class="picture-card" data-getty-id="{id}">'
    '<a class="picture-thumb" href="{detail}" hx-get="{detail}" hx-target="#asset-panel" '
    'hx-swap="innerHTML show:top"><img src="{src}" alt="{title}" loading="lazy" decoding="async"></a>'
    '<div class="picture-meta"><p class="picture-title" title="{title}">{short_title}</p>'
    '<p class="badges">{badges}</p><p class="muted small">{facts}</p>{form}</div></li>'
)
# Without JavaScript the form opens the picture's page, whose add form carries the CSRF token; htmx
# posts with the X-CSRFToken header that base.html sets on <body>.
_FORM = (
    '<form method="get" action="{page}" hx-post="{add}" hx-target="#shortlist" hx-swap="outerHTML" '
    'class="quick-shortlist"><input type="hidden" name="getty_id" value="{id}">'
    '<label class="visually-hidden" for="note-{id}">Note for {id}</label>'
    '<input type="text" id="note-{id}" name="note" placeholder="Note (optional)" maxlength="2000">'
    '<button type="submit">Shortlist</button></form>'
)
_EDITORIAL = mark_safe('<span class="badge badge-warn">Editorial use only</span>')
_RIGHTS_MANAGED = mark_safe('<span class="badge badge-info">Rights-managed</span>')
_ROYALTY_FREE = mark_safe('<span class="badge">Royalty-free</span>')
_SHORTLISTED = mark_safe('<span class="badge badge-ok">Shortlisted</span>')


def _card(hit, *, base: str, need_query: str, add_url: str, min_pixel_height, shortlisted, can_shortlist):
    badges = [_EDITORIAL] if hit.editorial_use_only else []
    badges.append(_RIGHTS_MANAGED if hit.is_rights_managed else _ROYALTY_FREE)
    if hit.too_small_for(min_pixel_height):
        badges.append(
            format_html(
                '<span class="badge badge-bad" title="{} × {} px">Too small for print</span>',
                hit.max_width,
                hit.max_height,
            )
        )
    if hit.getty_id in shortlisted:
        badges.append(_SHORTLISTED)
    facts = hit.collection_name
    if hit.max_width:
        facts = f"{facts} · {hit.max_width} × {hit.max_height} px"
    page = f"{base}{hit.getty_id}/"
    form = ""
    if can_shortlist and hit.getty_id not in shortlisted:
        form = format_html(_FORM, page=page, add=add_url, id=hit.getty_id)
    return format_html(
        _CARD,
        id=hit.getty_id,
        detail=f"{page}{need_query}",
        src=hit.comp_url,
        title=hit.title,
        short_title=truncatechars(hit.title, 70),
        badges=format_html_join("", "{}", ((badge,) for badge in badges)),
        facts=facts,
        form=form,
    )


@register.simple_tag(takes_context=True)
def picture_cards(context):
    options = {
        "base": context["asset_base_url"],
        "need_query": context.get("need_query", ""),
        "add_url": context["shortlist_add_url"],
        "min_pixel_height": context.get("min_pixel_height"),
        "shortlisted": context.get("shortlisted") or set(),
        "can_shortlist": context.get("can_shortlist"),
    }
    cards = format_html_join("", "{}", ((_card(hit, **options),) for hit in context.get("hits") or ()))
    return format_html('<ul class="picture-grid">{}</ul>', cards)
