"""The one way an API says which permissions its caller needs."""

from rest_framework.permissions import BasePermission


def requires(*permissions: str, message: str | None = None) -> type[BasePermission]:
    """A DRF permission class granting users who hold every one of `permissions`; others are refused
    with `message` (DRF's own sentence when None). Anonymous callers get 401 as with any DRF check."""

    class HasPermissions(BasePermission):
        def has_permission(self, request, view):
            return bool(request.user and request.user.has_perms(permissions))

    if message is not None:
        HasPermissions.message = message
    return HasPermissions
