"""The title page's rights section: the title's licensed pictures with their status, its recent
clearance checks, and Rights' "Check clearance" button."""

from .clearance_selectors import recent_checks
from .models import Licence
from .services.clearance import RUN_PERMISSION, VIEW_PERMISSION

LICENCES_SHOWN = 50
CHECKS_SHOWN = 5


def title_rights_panel_context(request, title) -> dict | None:
    user = request.user
    if not (user.has_perm("rights.view_licence") or user.has_perm(VIEW_PERMISSION)):
        return None
    licences = list(
        Licence.objects.filter(title=title)
        .select_related("asset")
        .order_by("-created_at", "-id")[:LICENCES_SHOWN]
    )
    checks = list(recent_checks(title_id=title.pk)[:CHECKS_SHOWN]) if user.has_perm(VIEW_PERMISSION) else []
    return {"licences": licences, "checks": checks, "can_run": user.has_perm(RUN_PERMISSION)}
