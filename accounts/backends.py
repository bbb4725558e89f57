"""Django's model backend, reading permissions together with the person's groups."""

from django.contrib.auth.backends import ModelBackend

from .roles import memberships_of


class MembershipBackend(ModelBackend):
    """Permissions come from `memberships_of`, the single query that also gives the pages a
    person's groups, instead of two queries of their own. Everything else is ModelBackend's:
    superusers hold every permission, inactive people none."""

    def _plain(self, user_obj, obj) -> bool:
        return user_obj.is_active and not user_obj.is_anonymous and obj is None and not user_obj.is_superuser

    def get_user_permissions(self, user_obj, obj=None):
        if not self._plain(user_obj, obj):
            return super().get_user_permissions(user_obj, obj)
        return set(memberships_of(user_obj).own_permissions)

    def get_group_permissions(self, user_obj, obj=None):
        if not self._plain(user_obj, obj):
            return super().get_group_permissions(user_obj, obj)
        return set(memberships_of(user_obj).group_permissions)
