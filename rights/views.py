"""Browser pages of the rights domain: licensing an approved picture, the licence, its terms, the list.

Each view checks who may see it, validates input, calls one service and renders. Refusals are shown on
the page with the status `config.exceptions.http_status_of` gives them; nothing here answers 500.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from approvals.models import ApprovalRequest
from approvals.permissions import VIEW_PERMISSION as VIEW_REQUESTS
from config.errors import DomainError
from config.exceptions import http_status_of
from config.inputs import parse_page_number

from . import selectors
from .errors import TermsInvalid
from .forms import LicenceListFilter, LicenseForm, TermsForm
from .models import Download, Licence
from .replacement_panel import replacement_panel
from .services import LicenseOrder, download_fetch_file, licence_set_terms, licensing_choice, picture_license
from .services.licensing import LICENSE_PERMISSION
from .services.terms import CHANGE_PERMISSION, CONFIRM_PERMISSION

VIEW_LICENCES = "rights.view_licence"
LIST_PAGE_SIZE = 50


def _require(request, *permissions: str) -> None:
    if not any(request.user.has_perm(p) for p in permissions):
        raise PermissionDenied


def _licence_or_404(pk: int) -> Licence:
    licence = selectors.licence_page(pk)
    if licence is None:
        raise Http404("No such licence.")
    return licence


# --- licensing -----------------------------------------------------------------------------------------


def _licensing_page(request, approval_request, *, form=None, error=None, status=200):
    choice = None
    if status < 500:  # after Getty failed or a download is being settled, do not ask Getty again
        try:
            choice = licensing_choice(approval_request=approval_request, actor=request.user)
        except DomainError as exc:
            if error is None:
                error, status = exc.message, http_status_of(exc)
    return render(
        request,
        "rights/license_request.html",
        {
            "approval_request": approval_request,
            "asset": approval_request.asset,
            "choice": choice,
            "form": form or LicenseForm(),
            "error": error,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def license_request(request, pk: int):
    """Production licenses an approved request's picture; everyone else is sent to its licence."""
    _require(request, LICENSE_PERMISSION, VIEW_LICENCES)
    approval_request = get_object_or_404(ApprovalRequest.objects.select_related("asset", "title"), pk=pk)
    licence = Licence.objects.filter(request=approval_request).only("pk").first()
    if licence is not None:
        if request.method == "POST":
            messages.info(request, f"Request #{pk} is already licensed; nothing was downloaded.")
        return redirect("rights:licence-detail", licence.pk)
    if not request.user.has_perm(LICENSE_PERMISSION):
        _require(request, VIEW_REQUESTS)
        return render(request, "rights/not_licensed.html", {"approval_request": approval_request})
    if request.method == "GET":
        return _licensing_page(request, approval_request)
    form = LicenseForm(request.POST)
    if not form.is_valid():
        return _licensing_page(request, approval_request, form=form, status=400)
    order = LicenseOrder(
        product_id=form.cleaned_data["product"], project_code=form.cleaned_data["project_code"]
    )
    try:
        done = picture_license(approval_request=approval_request, order=order, actor=request.user)
    except DomainError as exc:
        return _licensing_page(
            request, approval_request, form=form, error=exc.message, status=http_status_of(exc)
        )
    _say_licensed(request, done)
    return redirect("rights:licence-detail", done.licence.pk)


def _say_licensed(request, done) -> None:
    download = Download.objects.get(pk=done.licence.download_id)
    if done.reused_download:
        messages.success(
            request, "Licensed with the earlier download of this royalty-free picture: nothing spent."
        )
    elif done.settled_from_history:
        messages.success(
            request, "Getty's download history shows the download: licensed, and nothing spent twice."
        )
    else:
        messages.success(request, f"Licensed at Getty with {download.product_name or download.product_id}.")
    if download.has_file:
        messages.info(request, "The file is stored.")
    elif download.file_error:
        messages.warning(request, download.file_error)
    elif download.getty_uri:
        messages.info(request, "The file is being fetched from Getty; reload this page in a moment.")


# --- the licence ---------------------------------------------------------------------------------------


@require_GET
def licence_detail(request, pk: int):
    _require(request, VIEW_LICENCES)
    licence = _licence_or_404(pk)
    user = request.user
    final = licence.status in Licence.FINAL_STATUSES
    return render(
        request,
        "rights/licence_detail.html",
        {
            "licence": licence,
            "asset": licence.asset,
            "download": licence.download,
            "writes": selectors.licence_writes(licence),
            "can_confirm": user.has_perm(CONFIRM_PERMISSION) and not final,
            "can_edit": (user.has_perm(CHANGE_PERMISSION) or user.has_perm(CONFIRM_PERMISSION)) and not final,
            "can_fetch": user.has_perm(LICENSE_PERMISSION)
            and not licence.download.has_file
            and bool(licence.download.getty_uri),
            "replacement": replacement_panel(licence, user),
        },
    )


@require_GET
def licence_file(request, pk: int):
    """The stored file, for anyone who works on the titles' pictures; never fetched from Getty here."""
    _require(request, VIEW_LICENCES, VIEW_REQUESTS)
    licence = get_object_or_404(Licence.objects.select_related("download", "asset"), pk=pk)
    download = licence.download
    if not download.has_file:
        raise Http404("The file of this licence is not stored.")
    try:
        handle = default_storage.open(download.file_path, "rb")
    except (FileNotFoundError, OSError):
        raise Http404("The stored file is missing.")
    extension = download.file_path.rsplit(".", 1)[-1]
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"GettyImages-{licence.asset.getty_id}.{extension}",
        content_type=download.content_type,
    )


@require_POST
def licence_fetch_file(request, pk: int):
    """Fetch the file again from the download's delivery link (no new Getty download)."""
    _require(request, LICENSE_PERMISSION)
    licence = get_object_or_404(Licence.objects.select_related("download"), pk=pk)
    try:
        download = download_fetch_file(download=licence.download, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"The file is stored ({download.width} × {download.height} px).")
    return redirect("rights:licence-detail", licence.pk)


@require_http_methods(["GET", "POST"])
def licence_terms(request, pk: int):
    """Legal confirms the terms; Rights edits them (and they wait for Legal again)."""
    _require(request, CONFIRM_PERMISSION, CHANGE_PERMISSION)
    licence = _licence_or_404(pk)
    confirm = request.user.has_perm(CONFIRM_PERMISSION)
    if licence.status in Licence.FINAL_STATUSES:
        messages.error(
            request, f"This licence is {licence.get_status_display().lower()}: its terms no longer change."
        )
        return redirect("rights:licence-detail", licence.pk)
    if request.method == "GET":
        form = TermsForm(initial=TermsForm.initial_from(licence), licence=licence)
        return _terms_page(request, licence, form, confirm)
    form = TermsForm(request.POST, licence=licence)
    if not form.is_valid():
        return _terms_page(request, licence, form, confirm, status=400)
    try:
        licence_set_terms(
            licence=licence,
            terms=form.terms(),
            actor=request.user,
            confirm=confirm,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    except TermsInvalid as exc:
        form.add_error(exc.field or None, exc.message)
        return _terms_page(request, licence, form, confirm, status=400)
    except DomainError as exc:
        form.add_error(None, exc.message)
        return _terms_page(request, licence, form, confirm, status=http_status_of(exc))
    messages.success(
        request, "Terms confirmed." if confirm else "Terms saved; they wait for Legal to confirm them."
    )
    return redirect("rights:licence-detail", licence.pk)


def _terms_page(request, licence, form, confirm, *, status=200):
    return render(
        request,
        "rights/licence_terms.html",
        {"licence": licence, "form": form, "confirm": confirm},
        status=status,
    )


@require_GET
def licence_list(request):
    _require(request, VIEW_LICENCES)
    filters = LicenceListFilter(request.GET)
    understood = filters.is_valid()
    status = filters.cleaned_data["status"] if understood else ""
    paginator = Paginator(selectors.licence_list(status=status), LIST_PAGE_SIZE)
    page = paginator.get_page(parse_page_number(request.GET.get("page")) or 1)
    counts = selectors.licence_counts()
    return render(
        request,
        "rights/licence_list.html",
        {
            "page": page,
            "status": status,
            "filters_understood": understood,
            "statuses": [(value, label, counts[value]) for value, label in Licence.Status.choices],
            "total": sum(counts.values()),
            "today": timezone.localdate(),
        },
    )
