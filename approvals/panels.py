"""The title page's approvals section: the title's requests and their states."""

from django.urls import reverse

from .permissions import SUBMIT_PERMISSION, VIEW_PERMISSION
from .selectors import requests_for_title


def title_panel_context(request, title) -> dict | None:
    if not request.user.has_perm(VIEW_PERMISSION):
        return None
    can_submit = request.user.has_perm(SUBMIT_PERMISSION)
    return {
        "approval_requests": list(requests_for_title(title)[:50]),
        "submit_url": reverse("approvals:submit", args=[title.pk]) if can_submit else "",
    }
