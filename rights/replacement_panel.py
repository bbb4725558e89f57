"""The licence page's replacement panel: what replaces this licence, what it replaced, and the way to
Getty's similar pictures for those who may look."""

from .models import Licence, Replacement
from .services.replacements import FIND_PERMISSION

# A licence worth replacing: the picture is gone, or its term is running or ran out. (An active licence
# that blocks a clearance check links here from the check's reasons.)
PROMPTED_STATUSES = (Licence.Status.WITHDRAWN, Licence.Status.EXPIRING, Licence.Status.EXPIRED)


def replacement_panel(licence: Licence, user) -> dict:
    replacements = list(
        Replacement.objects.filter(licence=licence)
        .select_related("request__asset", "new_licence")
        .order_by("-created_at", "-id")
    )
    replaced = Replacement.objects.filter(new_licence=licence).select_related("licence__asset").first()
    return {
        "can_find": user.has_perm(FIND_PERMISSION) and licence.status != Licence.Status.SUPERSEDED,
        "prompted": licence.status in PROMPTED_STATUSES,
        "replacements": replacements,
        "replaced": replaced,
    }
