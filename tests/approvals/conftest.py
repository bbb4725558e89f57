import pytest

from accounts.roles import Role


@pytest.fixture
def people(role_user):
    """One or two people per role, named like the demo users."""

    class People:
        edith = role_user(Role.EDITORIAL, "edith")
        evan = role_user(Role.EDITORIAL, "evan")
        lena = role_user(Role.LEGAL, "lena")
        luke = role_user(Role.LEGAL, "luke")
        pat = role_user(Role.PRODUCTION, "pat")
        mary = role_user(Role.MARKETING, "mary")
        rita = role_user(Role.RIGHTS, "rita")
        nobody = role_user(None, "nobody")

    return People
