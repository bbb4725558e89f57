"""The one way an API says which permissions its caller needs."""

from rest_framework.permissions import BasePermission


def requires(*permissions: str) -> type[BasePermission]:
    """A DRF permission class granting users who hold every one of `permissions`."""

    class HasPermissions(BasePermission):
        def has_permission(self, request, view):
            return bool(request.user and request.user.has_perms(permissions))

    return HasPermissions
