"""Who may do what on the integration pages, in one place so views and templates agree."""

from accounts.roles import Role, roles_of

VIEW_TITLES = "integration.view_title"
VIEW_SYNC_RUNS = "integration.view_syncrun"


def may_start_title_sync(user) -> bool:
    """Staff and Rights start syncs by hand; everyone else waits for the schedule."""
    if not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or str(Role.RIGHTS) in roles_of(user)


VIEW_OUTBOX = "integration.view_outboxmessage"
RETRY_OUTBOX = "integration.retry_outboxmessage"


def may_see_sync_health(user) -> bool:
    """The sync health page (every write's state, reconciliation) is for staff, as the admin is."""
    return user.is_authenticated and (user.is_staff or user.is_superuser)
