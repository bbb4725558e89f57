"""The title page's approvals section: the title's requests and their states."""

from django.urls import reverse

from .selectors import requests_for_title
from .services.submission import SUBMIT_PERMISSION


def title_panel_context(request, title) -> dict | None:
    if not request.user.has_perm("approvals.view_approvalrequest"):
        return None
    can_submit = request.user.has_perm(SUBMIT_PERMISSION)
    return {
        "approval_requests": list(requests_for_title(title)[:50]),
        "submit_url": reverse("approvals:submit", args=[title.pk]) if can_submit else "",
    }
