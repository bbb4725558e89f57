"""Django's model backend, reading group permissions together with the groups themselves."""

from django.contrib.auth.backends import ModelBackend

from .roles import memberships_of


class MembershipBackend(ModelBackend):
    """Group permissions come from `memberships_of`, the single query that also gives the pages a
    person's groups, instead of a query of their own. Everything else is ModelBackend's:
    superusers hold every permission, inactive people none, a person's own permissions count."""

    def get_group_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None or user_obj.is_superuser:
            return super().get_group_permissions(user_obj, obj)
        return set(memberships_of(user_obj).permissions)
