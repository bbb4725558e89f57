"""Permission checks answered by MembershipBackend: the same answers as Django's ModelBackend,
with a person's groups, their permissions and the person's own read in one query."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from accounts.roles import Role, groups_of

pytestmark = pytest.mark.django_db

VIEW_REQUESTS = "approvals.view_approvalrequest"
ADD_REQUEST = "approvals.add_approvalrequest"


def fresh(user):
    """The user as the next request sees them (nothing kept from earlier checks)."""
    return get_user_model().objects.get(pk=user.pk)


def test_role_permissions_come_from_the_groups(role_user):
    legal = role_user(Role.LEGAL, "lena")
    assert fresh(legal).has_perm(VIEW_REQUESTS)
    assert not fresh(legal).has_perm(ADD_REQUEST)
    editor = role_user(Role.EDITORIAL, "edith")
    assert fresh(editor).has_perm(ADD_REQUEST)


def test_groups_and_their_permissions_cost_one_query_for_the_whole_request(
    role_user, django_assert_num_queries
):
    person = role_user(Role.LEGAL, "lena")
    person.groups.add(role_user(Role.RIGHTS, "rita").groups.get())
    person = fresh(person)
    with django_assert_num_queries(1):
        assert person.has_perm(VIEW_REQUESTS)
    with django_assert_num_queries(0):
        assert [name for _, name in groups_of(person)] == ["Legal", "Rights"]
        assert person.has_perm(VIEW_REQUESTS)


def test_a_persons_own_permissions_count_alone_and_beside_their_groups(role_user):
    nobody = role_user(None, "nora")
    assert not fresh(nobody).has_perm(ADD_REQUEST)
    nobody.user_permissions.add(Permission.objects.get(codename="add_approvalrequest"))
    assert fresh(nobody).has_perm(ADD_REQUEST)
    assert groups_of(fresh(nobody)) == ()

    legal = role_user(Role.LEGAL, "lena")
    legal.user_permissions.add(*Permission.objects.filter(codename__in=["add_approvalrequest", "add_group"]))
    legal = fresh(legal)
    assert legal.has_perms([VIEW_REQUESTS, ADD_REQUEST, "auth.add_group"])
    assert legal.get_user_permissions() == {ADD_REQUEST, "auth.add_group"}
    assert VIEW_REQUESTS in legal.get_group_permissions() and ADD_REQUEST not in legal.get_group_permissions()
    assert [name for _, name in groups_of(legal)] == ["Legal"]


def test_inactive_people_hold_nothing_and_superusers_hold_everything(role_user):
    gone = role_user(Role.LEGAL, "left", is_active=False)
    assert not fresh(gone).has_perm(VIEW_REQUESTS)
    boss = role_user(None, "boss", is_superuser=True)
    assert fresh(boss).has_perm(ADD_REQUEST) and fresh(boss).has_perm("auth.delete_group")
