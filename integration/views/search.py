"""Find pictures for a title: the prefilled search form, the result grid and the asset panel."""

import hashlib

from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from config.inputs import ascii_number
from integration.access import VIEW_TITLES
from integration.forms.search import form_data_as_params
from integration.getty.errors import GettyError
from integration.models import Title
from integration.placements import CM_PER_INCH, PRINT_DPI, print_size_cm, too_small_for_print
from integration.selectors import shortlists as shortlist_selectors
from integration.selectors.title_facts import FACT_FIELDS, title_facts
from integration.services.assets import asset_get_fresh
from integration.services.search import title_search_prefill, title_search_run

SEARCH_GETTY = "integration.search_getty"
FEWER_WORDS_MAX = 6


def _form_key(title, request) -> str:
    """What the search form's HTML depends on: the title (and its last sync) and the query string."""
    query = sorted(request.GET.lists())
    text = f"{title.pk}|{title.synced_at.isoformat()}|{query!r}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _fewer_words(params: QueryDict, phrase: str) -> list[tuple[str, str]]:
    """Searches to try when every word together found nothing (Getty wants each word to match): the
    phrase without its last word, then each word alone; same filters, first page."""
    terms = phrase.split()
    if len(terms) < 2:
        return []
    options = [" ".join(terms[:-1])] if len(terms) > 2 else []
    options += [term for term in terms if term not in options]
    return [(option, _page_url(params, 1, phrase=option)) for option in options[:FEWER_WORDS_MAX]]


def _search_url(form_data: dict, phrase: str) -> str:
    """The search the prefilled form would run, with `phrase` for its words."""
    params = form_data_as_params({**form_data, "phrase": phrase})
    params["search"] = "1"
    return f"?{params.urlencode()}"


def _page_url(params: QueryDict, page: int, **changes: str) -> str:
    params = params.copy()
    for name, value in changes.items():
        params[name] = value  # replaces (QueryDict.update would append)
    params["page"] = str(page)
    return f"?{params.urlencode()}"


@require_GET
@permission_required(VIEW_TITLES, raise_exception=True)
@permission_required(SEARCH_GETTY, raise_exception=True)
@vary_on_headers("HX-Request")
def title_picture_search(request, pk: int):
    title = get_object_or_404(Title.objects.only("id", "title", "synced_at", *FACT_FIELDS), pk=pk)
    facts = title_facts(title)
    context = {"title": title, "outcome": None, "hits": [], "notes": (), "suggestions": ()}
    shortlist_items = shortlist_selectors.shortlist_panel_items(title.pk)
    shortlisted = {item.asset.getty_id for item in shortlist_items}

    form_key = _form_key(title, request)
    can_shortlist = request.user.has_perm("integration.add_shortlistitem")
    if "search" in request.GET:
        search = title_search_run(facts=facts, data=request.GET)
        outcome = search.outcome
        context.update(query=search.query, outcome=outcome)
        if outcome is not None:
            query = search.query
            if outcome.ok:
                page = outcome.page
                if not page.hits and query.page == 1:
                    context["fewer_words"] = _fewer_words(request.GET, query.phrase)
                context["grid_key"] = outcome.cache_key
                # Which shortlisted pictures the cards mark follows from the whole shortlist.
                context["shortlisted_key"] = ",".join(sorted(shortlisted))
                context["hits"] = page.hits
                last_page = outcome.last_page
                if outcome.past_the_end:
                    context["last_page_url"] = _page_url(request.GET, last_page)
                elif query.page > 1:
                    context["previous_url"] = _page_url(request.GET, query.page - 1)
                if query.page < last_page:
                    context["next_url"] = _page_url(request.GET, query.page + 1)
                context["last_page"] = last_page
    else:
        search = title_search_prefill(facts=facts, data=request.GET)
        prefill = search.prefill
        suggestions = [(word, _search_url(search.form.initial, word)) for word in prefill.suggestions]
        context.update(query=search.query, notes=prefill.notes, suggestions=suggestions, prefilled=True)

    need = search.print_need
    need_pixels = need.pixels if need else None
    context.update(
        grid_ttl=settings.GETTY_SEARCH_CACHE_SECONDS,
        form_key=form_key,
        # A picture's page is the search page's URL and its Getty id.
        asset_base_url=reverse("integration:title-search", kwargs={"pk": title.pk}),
        shortlist_add_url=reverse("integration:shortlist-add", kwargs={"pk": title.pk}),
        need_query=f"?need={need_pixels}" if need else "",
        form=search.form,
        min_pixel_height=need_pixels,
        trim_height_cm=need.trim_height_cm if need else None,
        shortlisted=shortlisted,
        shortlist_items=shortlist_items,
        can_shortlist=can_shortlist,
        can_change_shortlist=request.user.has_perm("integration.change_shortlistitem"),
        can_remove_from_shortlist=request.user.has_perm("integration.delete_shortlistitem"),
        here=request.get_full_path(),
    )
    if request.htmx and not request.htmx.history_restore_request and "search" in request.GET:
        return render(request, "integration/pictures/_results.html", context)
    return render(request, "integration/pictures/search.html", context)


@require_GET
@permission_required(VIEW_TITLES, raise_exception=True)
@permission_required(SEARCH_GETTY, raise_exception=True)
@vary_on_headers("HX-Request")
def title_picture_detail(request, pk: int, getty_id: str):
    title = get_object_or_404(Title, pk=pk)
    need = ascii_number(request.GET.get("need")) or None
    context = {"title": title, "getty_id": getty_id, "need": need, "asset": None, "error": ""}
    try:
        asset = asset_get_fresh(getty_id=getty_id)
    except GettyError as exc:
        context["error"] = exc.user_message
    else:
        context.update(
            asset=asset,
            print_width_cm=print_size_cm(asset.max_width),
            print_height_cm=print_size_cm(asset.max_height),
            too_small=too_small_for_print(asset.max_height, need),
            need_cm=round(need / PRINT_DPI * CM_PER_INCH, 1) if need else None,
            shortlisted=getty_id in shortlist_selectors.shortlisted_getty_ids(title.pk),
            can_shortlist=request.user.has_perm("integration.add_shortlistitem"),
            can_add_theme=request.user.has_perm("integration.add_visualtheme"),
            can_add_reference=request.user.has_perm("integration.add_referenceimage"),
        )
    template = "integration/pictures/_asset_panel.html"
    # Drawn by htmx into the search page, the panel sits beside the grid whose card for this picture
    # should say "Shortlisted" too once the panel adds it.
    context["beside_grid"] = True
    if not request.htmx or request.htmx.history_restore_request:
        context["beside_grid"] = False
        template = "integration/pictures/asset_page.html"
        context.update(
            shortlist_items=shortlist_selectors.shortlist_panel_items(title.pk),
            can_change_shortlist=request.user.has_perm("integration.change_shortlistitem"),
            can_remove_from_shortlist=request.user.has_perm("integration.delete_shortlistitem"),
            visual_themes=shortlist_selectors.visual_themes(title.pk),
            reference_images=shortlist_selectors.reference_images(title.pk),
            can_remove_theme=request.user.has_perm("integration.delete_visualtheme"),
            can_remove_reference=request.user.has_perm("integration.delete_referenceimage"),
            here=request.get_full_path(),
        )
    return render(request, template, context)


__all__ = ["title_picture_detail", "title_picture_search"]
