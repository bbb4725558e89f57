import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import caches

from accounts.roles import ROLE_PERMISSIONS, Role

pytest_plugins = ["tests.fixtures.consonance", "tests.fixtures.getty"]


@pytest.fixture(autouse=True)
def _fresh_fragments():
    """Rendered fragments are keyed on row ids and stamps; a rolled-back database reuses ids."""
    caches["fragments"].clear()


@pytest.fixture
def role_user(django_user_model):
    """Make a user holding one role: `role_user(Role.LEGAL)`."""

    def make(role: str | None = None, username: str | None = None, **fields):
        username = username or f"{(role or 'nobody').lower()}-user"
        user = django_user_model.objects.create_user(
            username=username, password="pw-for-tests-123", email=f"{username}@example.com", **fields
        )
        if role:
            user.groups.add(_role_group(role))
        return user

    return make


@pytest.fixture
def editor(role_user):
    return role_user(Role.EDITORIAL, "edith")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def _role_group(role: str) -> Group:
    """The role's group, made again with its permissions when a transactional test flushed it.

    The data migration creates the groups, but a transactional (browser) test empties every table
    when it ends, so the tests after it would find no groups.
    """
    group, created = Group.objects.get_or_create(name=str(role))
    if created:
        for name in ROLE_PERMISSIONS[Role(role)]:
            app_label, codename = name.split(".")
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
    return group
