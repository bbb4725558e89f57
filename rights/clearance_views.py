"""The clearance pages: Rights runs a check for a title; everyone who reads licences reads the saved
checks (printable) and the list of recent ones; Rights records a cleared reprint's printing.

Each view checks who may see it, validates input, calls one service (rights/services/clearance.py)
and renders. Refusals are shown on the page with the status `config.exceptions.http_status_of` gives.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.errors import DomainError
from config.exceptions import http_status_of
from config.inputs import parse_id, parse_page_number
from integration.models import Title

from . import clearance_selectors as selectors
from .clearance_errors import ClearanceInvalid
from .clearance_forms import ClearanceForm
from .services.clearance import (
    PRINTING_PERMISSION,
    RUN_PERMISSION,
    VIEW_PERMISSION,
    clearance_check,
    clearance_record_printing,
)

LIST_PAGE_SIZE = 50
RECENT_FOR_TITLE = 10


def _require(request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _form_page(request, title, form, *, status=200):
    return render(
        request,
        "rights/clearance/check_form.html",
        {
            "title": title,
            "form": form,
            "recent": list(selectors.recent_checks(title_id=title.pk)[:RECENT_FOR_TITLE]),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def clearance_new(request, pk: int):
    """Rights describes a planned event for the title and runs the check."""
    _require(request, RUN_PERMISSION)
    title = get_object_or_404(Title, pk=pk)
    if request.method == "GET":
        return _form_page(request, title, ClearanceForm(title=title))
    form = ClearanceForm(request.POST, title=title)
    if not form.is_valid():
        return _form_page(request, title, form, status=400)
    try:
        check = clearance_check(title=title, event=form.event(), by=request.user)
    except ClearanceInvalid as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _form_page(request, title, form, status=400)
    except DomainError as exc:
        form.add_error(None, exc.message)
        return _form_page(request, title, form, status=http_status_of(exc))
    return redirect("rights:clearance-detail", check.pk)


@require_GET
def clearance_detail(request, pk: int):
    """A saved check: what was planned, each picture's answer with its reasons and their fixes."""
    _require(request, VIEW_PERMISSION)
    check = selectors.check_page(pk)
    if check is None:
        raise Http404("No such clearance check.")
    rows = selectors.CheckRows(check)  # loaded only if the fragments cache lacks the drawn table
    can_record = (
        request.user.has_perm(PRINTING_PERMISSION)
        and check.kind == check.Kind.REPRINT
        and check.is_go
        and check.printing_recorded_at is None
    )
    return render(
        request,
        "rights/clearance/check_detail.html",
        {
            "check": check,
            "title": check.title,
            "rows": rows,
            "can_record": can_record,
            "can_run": request.user.has_perm(RUN_PERMISSION),
        },
    )


@require_POST
def clearance_record_printing_view(request, pk: int):
    """Record a cleared reprint: its copies added to each picture's usage."""
    _require(request, PRINTING_PERMISSION)
    check = get_object_or_404(selectors.recent_checks(), pk=pk)
    try:
        printings = clearance_record_printing(check=check, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"Printing recorded: {check.quantity:,} copies added to the usage of "
            f"{len(printings)} picture{'s' if len(printings) != 1 else ''}.",
        )
    return redirect("rights:clearance-detail", check.pk)


@require_GET
def clearance_list(request):
    """Recent clearance checks, of every title or of one (`?title=<id>`)."""
    _require(request, VIEW_PERMISSION)
    title = None
    if "title" in request.GET:
        title_id = parse_id(request.GET.get("title"))
        title = Title.objects.filter(pk=title_id).first() if title_id else None
        if title is None:
            raise Http404("No such title.")
    paginator = Paginator(selectors.recent_checks(title_id=title.pk if title else None), LIST_PAGE_SIZE)
    page = paginator.get_page(parse_page_number(request.GET.get("page")) or 1)
    return render(
        request,
        "rights/clearance/check_list.html",
        {"page": page, "title": title, "can_run": request.user.has_perm(RUN_PERMISSION)},
    )
