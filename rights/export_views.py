"""Exports of the rights records for the browser: the permissions log (CSV, every title or one) and a
title's evidence pack (zip). The API serves the same files from the same functions (rights/licence_apis.py).

Whoever reads licences may export them (`rights.view_licence`: Rights, Legal, Production); the evidence
pack also holds the Getty download records, so it also needs `rights.view_download` (the same roles).
"""

from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from config.errors import DomainError
from config.exceptions import http_status_of
from integration.models import Title

from .evidence_pack import evidence_pack
from .permissions_log import log_csv_lines, log_filename
from .views import VIEW_LICENCES, _require

VIEW_DOWNLOADS = "rights.view_download"
EXPORT_PERMISSIONS = (VIEW_LICENCES,)
EVIDENCE_PERMISSIONS = (VIEW_LICENCES, VIEW_DOWNLOADS)


def permissions_log_response(*, title: Title | None) -> StreamingHttpResponse:
    """The permissions log as a streamed CSV download (shared with the API)."""
    response = StreamingHttpResponse(log_csv_lines(title=title), content_type="text/csv; charset=utf-8")
    filename = log_filename(title=title, today=timezone.localdate())
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def evidence_pack_response(*, title: Title, actor) -> FileResponse:
    """The title's evidence pack as a zip download, streamed from its temporary file (shared with the API).
    Raises the pack's refusal (too large) for the caller to show."""
    pack = evidence_pack(title=title, actor=actor, now=timezone.now())
    return FileResponse(pack.file, as_attachment=True, filename=pack.filename, content_type="application/zip")


def _require_all(request, *permissions: str) -> None:
    for permission in permissions:
        _require(request, permission)


@require_GET
def permissions_log_all(request):
    _require_all(request, *EXPORT_PERMISSIONS)
    return permissions_log_response(title=None)


@require_GET
def permissions_log_title(request, pk: int):
    _require_all(request, *EXPORT_PERMISSIONS)
    return permissions_log_response(title=get_object_or_404(Title, pk=pk))


@require_GET
def evidence_pack_title(request, pk: int):
    _require_all(request, *EVIDENCE_PERMISSIONS)
    title = get_object_or_404(Title, pk=pk)
    try:
        return evidence_pack_response(title=title, actor=request.user)
    except DomainError as exc:
        return render(
            request,
            "rights/export_refused.html",
            {"title": title, "error": exc.message},
            status=http_status_of(exc),
        )
