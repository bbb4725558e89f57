import pytest

from accounts.roles import Role


@pytest.fixture
def people(role_user, django_user_model):
    """One person per role, a member of staff with no role, and an administrator."""

    class People:
        edith = role_user(Role.EDITORIAL, "edith")
        lena = role_user(Role.LEGAL, "lena")
        pat = role_user(Role.PRODUCTION, "pat")
        mary = role_user(Role.MARKETING, "mary")
        rita = role_user(Role.RIGHTS, "rita")
        stan = role_user(None, "stan", is_staff=True)
        ada = django_user_model.objects.create_superuser("ada", "ada@example.com", "pw-for-tests-123")

    return People
