"""Pages for replacing a licensed picture: Getty's similar pictures, and submitting the one chosen.

Rights, Editorial and Marketing look at the candidates (rights.find_replacement); Editorial and
Marketing, who submit pictures for approval, choose one (rights.add_replacement). Both pages call the
services of rights/services/replacements.py; refusals are shown on the page, never as a 500.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from approvals.forms import IntendedUseForm
from config.errors import DomainError
from config.exceptions import http_status_of
from config.inputs import parse_page_number
from integration.getty.errors import GettyNotFound
from integration.services.assets import asset_get_fresh

from .models import Licence
from .services.replacements import (
    CHOOSE_PERMISSION,
    FIND_PERMISSION,
    ensure_replaceable,
    replacement_candidates,
    replacement_choose,
)

VIEW_LICENCES = "rights.view_licence"


def _require(request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _licence(pk: int) -> Licence:
    return get_object_or_404(Licence.objects.select_related("asset", "title", "request__title"), pk=pk)


def _context(request, licence: Licence, **more) -> dict:
    return {
        "licence": licence,
        "old": licence.asset,
        "can_choose": request.user.has_perm(CHOOSE_PERMISSION),
        "can_view_licence": request.user.has_perm(VIEW_LICENCES),
        "replacements": licence.replacements.select_related("request__asset", "new_licence").order_by(
            "-created_at", "-id"
        ),
        **more,
    }


@require_GET
def replacement_find(request, pk: int):
    """Getty's similar pictures, royalty-free first, each with a way to choose it."""
    _require(request, FIND_PERMISSION)
    licence = _licence(pk)
    page = parse_page_number(request.GET.get("page")) or 1
    candidates, error, status = None, None, 200
    try:
        candidates = replacement_candidates(licence=licence, actor=request.user, page=page)
    except DomainError as exc:
        error, status = exc.message, http_status_of(exc)
    return render(
        request,
        "rights/replacement/find.html",
        _context(request, licence, candidates=candidates, error=error),
        status=status,
    )


@require_http_methods(["GET", "POST"])
def replacement_choose_view(request, pk: int, getty_id: str):
    """The approval submission of the chosen picture, with the old request's intended use prefilled."""
    _require(request, CHOOSE_PERMISSION)
    licence = _licence(pk)
    try:
        ensure_replaceable(licence)
        asset = asset_get_fresh(getty_id=getty_id)
    except GettyNotFound:
        raise Http404("Getty does not know that picture (any more).")
    except DomainError as exc:
        context = _context(request, licence, asset=None, form=None, error=exc.message)
        return render(request, "rights/replacement/choose.html", context, status=http_status_of(exc))
    form = IntendedUseForm(
        request.POST or None, title=licence.title, initial=IntendedUseForm.initial_from(licence.request)
    )
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        else:
            try:
                replacement = replacement_choose(
                    licence=licence, asset=asset, actor=request.user, use=form.intended_use()
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = http_status_of(exc)
            else:
                messages.success(
                    request,
                    f"Submitted {asset.getty_id} for approval as the replacement of licence #{licence.pk}. "
                    "Once it is approved and licensed, the old picture is superseded.",
                )
                return redirect("approvals:request-detail", replacement.request_id)
    return render(
        request,
        "rights/replacement/choose.html",
        _context(request, licence, asset=asset, form=form, error=None),
        status=status,
    )
