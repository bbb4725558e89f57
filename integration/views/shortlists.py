"""Browser writes of a title's shortlist, visual themes and reference imagery.

Each view calls one service. With htmx it answers the refreshed partial (the shortlist or the themes
panel) carrying a message; without JavaScript it redirects back with the same message.
"""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from config.errors import DomainError
from integration.getty.errors import GettyError
from integration.models import Asset, ReferenceImage, ShortlistItem, Title, VisualTheme
from integration.selectors import shortlists as selectors
from integration.services import shortlists as shortlist_services
from integration.services import themes as theme_services
from integration.services.assets import asset_get_fresh

SHORTLIST_TEMPLATE = "integration/pictures/_shortlist.html"
THEMES_TEMPLATE = "integration/pictures/_themes.html"
THEME_STATUS_TEMPLATE = "integration/pictures/_theme_status.html"
SHORTLIST_ADDED_TEMPLATE = "integration/pictures/_shortlist_added.html"
# Where a "Shortlist" press came from, and the id of the form it swaps in place.
SHORTLIST_ADD_FORMS = {"card": "card-shortlist-{}", "panel": "panel-shortlist-{}"}


def _back(request, title: Title) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("integration:title-search", kwargs={"pk": title.pk})


def shortlist_context(request, title: Title) -> dict:
    return {
        "title": title,
        "shortlist_items": selectors.shortlist_panel_items(title.pk),
        "can_change_shortlist": request.user.has_perm("integration.change_shortlistitem"),
        "can_remove_from_shortlist": request.user.has_perm("integration.delete_shortlistitem"),
        "here": request.POST.get("next") or "",
    }


def themes_context(request, title: Title) -> dict:
    return {
        "title": title,
        "visual_themes": selectors.visual_themes(title.pk),
        "reference_images": selectors.reference_images(title.pk),
        "can_add_theme": request.user.has_perm("integration.add_visualtheme"),
        "can_remove_theme": request.user.has_perm("integration.delete_visualtheme"),
        "can_remove_reference": request.user.has_perm("integration.delete_referenceimage"),
        "here": request.POST.get("next") or "",
    }


def _answer(request, title: Title, *, ok: str = "", error: str = "", template: str, context) -> object:
    if request.htmx:
        status = 200 if not error else 400
        body = {**context(request, title), "notice": ok, "error": error}
        response = render(request, template, body, status=status)
        if error:
            # htmx does not swap 4xx answers by default; this one carries the message to show.
            response["HX-Reswap"] = "outerHTML"
            response.status_code = 200
        return response
    if error:
        messages.error(request, error)
    elif ok:
        messages.success(request, ok)
    return HttpResponseRedirect(_back(request, title))


def _asset_for(getty_id: str, *, user, permission: str) -> Asset:
    """As the API's: Getty is asked only for a user who may add the picture."""
    shortlist_services.require_permission(user, permission)
    asset = Asset.objects.filter(getty_id=getty_id).first()
    return asset or asset_get_fresh(getty_id=getty_id)


def _shortlist_answer(request, title, **kwargs):
    return _answer(request, title, template=SHORTLIST_TEMPLATE, context=shortlist_context, **kwargs)


def _themes_answer(request, title, **kwargs):
    # A keyword pressed in the asset panel wants one line back, not the title page's whole themes panel.
    template = THEME_STATUS_TEMPLATE if request.POST.get("reply") == "status" else THEMES_TEMPLATE
    return _answer(request, title, template=template, context=themes_context, **kwargs)


def _shortlist_added_answer(request, title, getty_id: str, *, ok: str = "", error: str = ""):
    """With htmx from a card or the panel, the answer swaps the pressed form for what happened (the
    feedback is where the press was) and refreshes the sidebar's shortlist out of band."""
    reply = request.POST.get("reply", "")
    if not request.htmx or reply not in SHORTLIST_ADD_FORMS:
        return _shortlist_answer(request, title, ok=ok, error=error)
    also_card = reply == "panel" and request.POST.get("card") == "1" and not error
    context = {
        **shortlist_context(request, title),
        "notice": ok,
        "error": error,
        "reply_id": SHORTLIST_ADD_FORMS[reply].format(getty_id),
        "card_id": SHORTLIST_ADD_FORMS["card"].format(getty_id) if also_card else "",
    }
    return render(request, SHORTLIST_ADDED_TEMPLATE, context)


@require_POST
def shortlist_add(request, pk: int):
    title = get_object_or_404(Title, pk=pk)
    getty_id = (request.POST.get("getty_id") or "").strip()[:64]
    if not getty_id:
        return _shortlist_answer(request, title, error="Choose a picture to shortlist.")
    try:
        asset = _asset_for(getty_id, user=request.user, permission="integration.add_shortlistitem")
        shortlist_services.shortlist_add(
            title=title, asset=asset, user=request.user, note=request.POST.get("note", "")
        )
    except GettyError as exc:
        return _shortlist_added_answer(request, title, getty_id, error=exc.user_message)
    except DomainError as exc:
        return _shortlist_added_answer(request, title, getty_id, error=exc.message)
    ok = f"Added “{asset.title or asset.getty_id}” to the shortlist."
    return _shortlist_added_answer(request, title, getty_id, ok=ok)


@require_POST
def shortlist_remove(request, pk: int, item_id: int):
    title = get_object_or_404(Title, pk=pk)
    item = get_object_or_404(ShortlistItem, pk=item_id, title=title)
    shortlist_services.shortlist_remove(item=item, user=request.user)
    return _shortlist_answer(request, title, ok="Removed from the shortlist.")


@require_POST
def shortlist_move(request, pk: int, item_id: int):
    title = get_object_or_404(Title, pk=pk)
    item = get_object_or_404(ShortlistItem, pk=item_id, title=title)
    try:
        shortlist_services.shortlist_move(
            item=item, user=request.user, direction=request.POST.get("direction", "")
        )
    except DomainError as exc:
        return _shortlist_answer(request, title, error=exc.message)
    return _shortlist_answer(request, title)


@require_POST
def shortlist_note(request, pk: int, item_id: int):
    title = get_object_or_404(Title, pk=pk)
    item = get_object_or_404(ShortlistItem, pk=item_id, title=title)
    try:
        shortlist_services.shortlist_update_note(
            item=item, user=request.user, note=request.POST.get("note", "")
        )
    except DomainError as exc:
        return _shortlist_answer(request, title, error=exc.message)
    return _shortlist_answer(request, title, ok="Note saved.")


@require_POST
def visual_theme_add(request, pk: int):
    title = get_object_or_404(Title, pk=pk)
    getty_id = (request.POST.get("getty_id") or "").strip()[:64]
    source_asset = Asset.objects.filter(getty_id=getty_id).first() if getty_id else None
    try:
        theme = theme_services.visual_theme_add(
            title=title,
            name=request.POST.get("name", ""),
            user=request.user,
            keyword_id=request.POST.get("keyword_id", ""),
            source_asset=source_asset,
        )
    except DomainError as exc:
        return _themes_answer(request, title, error=exc.message)
    return _themes_answer(request, title, ok=f"“{theme.name}” added as a visual theme.")


@require_POST
def visual_theme_remove(request, pk: int, theme_id: int):
    title = get_object_or_404(Title, pk=pk)
    theme = get_object_or_404(VisualTheme, pk=theme_id, title=title)
    theme_services.visual_theme_remove(theme=theme, user=request.user)
    return _themes_answer(request, title, ok=f"“{theme.name}” removed.")


@require_POST
def reference_image_add(request, pk: int):
    title = get_object_or_404(Title, pk=pk)
    getty_id = (request.POST.get("getty_id") or "").strip()[:64]
    try:
        asset = (
            _asset_for(getty_id, user=request.user, permission="integration.add_referenceimage")
            if getty_id
            else None
        )
        if asset is None:
            return _themes_answer(request, title, error="Choose a picture to keep as a reference.")
        theme_services.reference_image_add(
            title=title, asset=asset, user=request.user, note=request.POST.get("note", "")
        )
    except GettyError as exc:
        return _themes_answer(request, title, error=exc.user_message)
    except DomainError as exc:
        return _themes_answer(request, title, error=exc.message)
    return _themes_answer(request, title, ok="Kept as reference imagery.")


@require_POST
def reference_image_remove(request, pk: int, reference_id: int):
    title = get_object_or_404(Title, pk=pk)
    reference = get_object_or_404(ReferenceImage, pk=reference_id, title=title)
    theme_services.reference_image_remove(reference=reference, user=request.user)
    return _themes_answer(request, title, ok="Reference image removed.")
