"""Site-wide pages: home and the error pages."""

import logging

from django.http import JsonResponse
from django.shortcuts import render

from accounts.roles import ROLE_DESCRIPTIONS, Role, roles_of

security_log = logging.getLogger("picture_desk.security")


def home(request):
    roles = [(role, ROLE_DESCRIPTIONS[Role(role)]) for role in roles_of(request.user)]
    return render(request, "home.html", {"roles": roles})


def permission_denied(request, exception=None):
    user = getattr(request, "user", None)
    security_log.warning(
        "permission denied: user=%s method=%s path=%s",
        getattr(user, "username", "") or "anonymous",
        request.method,
        request.path,
    )
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    if request.path.startswith("/api/"):
        # An API path that matches no URL (an id past what the column holds): the API's error shape.
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
