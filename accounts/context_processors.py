"""What the page layout needs on every page: the signed-in person's roles and navigation."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from .roles import Role, roles_of


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...] = ()  # empty: everyone signed in
    staff_only: bool = False


# Later features add their pages here; an entry whose URL does not exist yet is not shown.
NAVIGATION = (
    NavItem("Titles", "integration:title-list"),
    NavItem("My queue", "approvals:queue", (Role.EDITORIAL, Role.LEGAL, Role.PRODUCTION)),
    NavItem("My requests", "approvals:my-requests", (Role.EDITORIAL, Role.MARKETING)),
    NavItem("Licences", "rights:licence-list", (Role.RIGHTS, Role.LEGAL, Role.PRODUCTION)),
    NavItem("Title sync", "integration:sync-status"),
    NavItem("API", "api-docs"),
    NavItem("Admin", "admin:index", staff_only=True),
)


def navigation_for(user, roles: list[str] | None = None) -> list[dict]:
    held = set(roles_of(user) if roles is None else roles)
    items = []
    for item in NAVIGATION:
        if item.staff_only and not user.is_staff:
            continue
        if item.roles and not (held & {str(r) for r in item.roles}) and not user.is_superuser:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": item.label, "url": url})
    return items


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = roles_of(user)  # once: each call is a query
    return {"nav_items": navigation_for(user, roles), "user_roles": roles}
