"""`/files/<token>/<name>`: a stored file for whoever holds a signed, unexpired link (see file_links.py).

The one public path besides sign-in and the health check: Consonance fetches a licensed picture from
here when we create its supporting resource with `imageRemoteUrl`. A link we did not make, an altered
one or an old one answers 404 or 410 with a line of text, and never says which files exist.
"""

from django.contrib.auth.decorators import login_not_required
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse
from django.views.decorators.http import require_GET

from ..file_links import LinkExpired, LinkRefused, linked_file

TEXT = "text/plain; charset=utf-8"


@login_not_required
@require_GET
def signed_file(request, token: str, file_name: str):
    try:
        linked = linked_file(token)
    except LinkRefused as exc:
        status = 410 if isinstance(exc, LinkExpired) else 404
        return HttpResponse(str(exc), status=status, content_type=TEXT)
    try:
        handle = default_storage.open(linked.storage_path, "rb")
    except (FileNotFoundError, OSError):
        return HttpResponse("The file is no longer stored.", status=404, content_type=TEXT)
    response = FileResponse(handle, content_type=linked.content_type or None, filename=file_name)
    response["Cache-Control"] = "private, no-store"
    return response
