import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType

from accounts.roles import Role, grant_role_permissions

pytest_plugins = ["tests.fixtures.consonance", "tests.fixtures.getty"]


@pytest.fixture
def role_user(django_user_model):
    """Make a user holding one role: `role_user(Role.LEGAL)`."""

    def make(role: str | None = None, username: str | None = None, **fields):
        username = username or f"{(role or 'nobody').lower()}-user"
        user = django_user_model.objects.create_user(
            username=username, password="pw-for-tests-123", email=f"{username}@example.com", **fields
        )
        if role:
            if not Group.objects.filter(name=str(role)).exists():
                # A transactional test before this one flushed what the data migration made; browser
                # tests cannot restore it by serialized rollback (Playwright's event loop gives
                # Django a fresh connection object without the serialized contents).
                ContentType.objects.clear_cache()  # its cached ids died with the flush
                grant_role_permissions(apps)
            user.groups.add(Group.objects.get(name=str(role)))
        return user

    return make


@pytest.fixture
def editor(role_user):
    return role_user(Role.EDITORIAL, "edith")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
