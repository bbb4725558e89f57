import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from accounts.demo import DEMO_USERS
from accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_migration_creates_every_role_group_with_permissions():
    names = set(Group.objects.values_list("name", flat=True))
    assert {str(r) for r in Role} <= names
    editorial = Group.objects.get(name="Editorial")
    assert editorial.permissions.filter(codename="view_title").exists()


def test_seed_demo_creates_one_user_per_role_and_is_idempotent(capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    users = get_user_model().objects.filter(username__in=[d.username for d in DEMO_USERS])
    assert users.count() == len(DEMO_USERS)
    assert get_user_model().objects.get(username="legal").groups.get().name == "Legal"
    out = capsys.readouterr().out
    assert "legal       / legal-demo-2026" in out
    assert "0 created, 6 already there" in out


def test_seed_demo_is_refused_where_demo_data_is_off(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="Production never gets demo users"):
        call_command("seed_demo")
    assert not get_user_model().objects.filter(username="editor").exists()


def test_demo_users_sign_in_with_the_printed_password(client):
    call_command("seed_demo")
    response = client.post("/accounts/login/", {"username": "production", "password": "production-demo-2026"})
    assert response.status_code == 302
    assert client.get("/accounts/me/").context["user"].username == "production"
