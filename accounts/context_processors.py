"""What the page layout needs on every page: the signed-in person's roles and navigation."""

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.module_loading import import_string

from .roles import Role, roles_of


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...] = ()  # empty: everyone signed in
    staff_only: bool = False
    # Dotted path of a `(user) -> bool`: shown to them too, whatever their roles. A path, so this
    # module need not import the apps whose pages it lists.
    also_for: str = ""
    # Dotted path of a `(user) -> str`: a short warning shown as a badge beside the entry ("2 dead"),
    # "" for none. It costs a query on every page, so only staff-only entries have one.
    badge: str = ""


# Later features add their pages here; an entry whose URL does not exist yet is not shown.
NAVIGATION = (
    NavItem("Titles", "integration:title-list"),
    # Every group a workflow step names has a queue, whatever its role (Rights clearance, say).
    NavItem(
        "My queue",
        "approvals:queue",
        (Role.EDITORIAL, Role.LEGAL, Role.PRODUCTION),
        also_for="approvals.selectors.has_queue",
    ),
    NavItem("My requests", "approvals:my-requests", (Role.EDITORIAL, Role.MARKETING)),
    NavItem("Rights", "rights:dashboard", (Role.RIGHTS, Role.LEGAL, Role.PRODUCTION)),
    NavItem("Title sync", "integration:sync-status"),
    NavItem(
        "Sync health",
        "integration:sync-health",
        staff_only=True,
        badge="integration.selectors.outbox.outbox_dead_badge",
    ),
    NavItem("API", "api-docs"),
    NavItem("Admin", "admin:index", staff_only=True),
)


@cache
def _url_of(url_name: str, script_prefix: str, urlconf: str) -> str | None:
    """A menu entry's address: the same on every page, so resolved once per process, URL
    configuration and script prefix."""
    try:
        return reverse(url_name, urlconf=urlconf)
    except NoReverseMatch:
        return None


def navigation_for(user, roles: list[str] | None = None) -> list[dict]:
    held = set(roles_of(user) if roles is None else roles)
    items = []
    for item in NAVIGATION:
        if item.staff_only and not user.is_staff:
            continue
        if (
            item.roles
            and not (held & {str(r) for r in item.roles})
            and not user.is_superuser
            and not (item.also_for and import_string(item.also_for)(user))
        ):
            continue
        url = _url_of(item.url_name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
        if url is None:
            continue
        badge = import_string(item.badge)(user) if item.badge else ""
        items.append({"label": item.label, "url": url, "badge": badge})
    return items


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = roles_of(user)
    return {"nav_items": navigation_for(user, roles), "user_roles": roles}
