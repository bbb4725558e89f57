"""The title page's export section: the title's permissions log and evidence pack, for whoever may
export them, once the title has a licence."""

from .export_views import EVIDENCE_PERMISSIONS, EXPORT_PERMISSIONS
from .models import Licence


def title_exports_panel_context(request, title) -> dict | None:
    user = request.user
    if not user.has_perms(EXPORT_PERMISSIONS) or not Licence.objects.filter(title=title).exists():
        return None
    return {"can_export_evidence": user.has_perms(EVIDENCE_PERMISSIONS)}
