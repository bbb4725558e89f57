"""Small things a new administrator meets: their My roles page, the favicon, the API docs and the README."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.roles import Role

README = Path(__file__).resolve().parent.parent / "README.md"

pytestmark = pytest.mark.django_db


def test_my_roles_says_a_superuser_is_an_administrator_with_full_access(client, django_user_model):
    admin = django_user_model.objects.create_superuser("ada", "ada@example.com", "pw-for-tests-123")
    client.force_login(admin)
    html = client.get(reverse("accounts:whoami")).content.decode()
    assert "No role yet" not in html
    assert "<strong>Administrator</strong> with full access" in html


def test_my_roles_says_what_staff_without_a_role_may_do(client, role_user):
    staff = role_user(None, "sam", is_staff=True)
    client.force_login(staff)
    html = client.get(reverse("accounts:whoami")).content.decode()
    assert "<strong>Staff</strong>" in html and "No role yet" not in html


def test_my_roles_still_says_no_role_for_a_person_without_one(client, role_user):
    client.force_login(role_user(None, "nobody"))
    assert "No role yet" in client.get(reverse("accounts:whoami")).content.decode()


def test_favicon_ico_points_at_our_icon_for_anyone(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")


def test_admin_pages_name_the_icon(client, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser("ada", "ada@example.com", "pw-for-tests-123")
    )
    html = client.get(reverse("admin:index")).content.decode()
    assert re.search(r'<link rel="icon" href="[^"]*favicon\.svg"', html)
    assert "Site administration" in html  # still Django's admin page


def test_api_description_promises_only_what_exists(client, role_user):
    client.force_login(role_user(Role.EDITORIAL, "edith"))
    schema = client.get(reverse("api-schema"), HTTP_ACCEPT="application/json").json()
    description = schema["info"]["description"]
    assert description == settings.SPECTACULAR_SETTINGS["DESCRIPTION"]
    assert "shortlist" in description and "approval" in description
    assert "licences" in description and "permissions log" in description and "evidence pack" in description
    assert {"/api/rights/licences/", "/api/rights/permissions-log/"} <= set(schema["paths"])


def test_readme_api_section_describes_the_writes():
    text = README.read_text()
    api = text[text.index("## The API") : text.index("## Configuration")]
    assert "Read endpoints live under" not in api
    for write in (
        "POST /api/titles/{id}/shortlist/",
        "POST /api/titles/{id}/reference-images/",
        "POST /api/approvals/requests/",
        "POST /api/approvals/requests/{id}/{action}/",
        "POST /api/approvals/requests/{id}/resubmit/",
        "POST /api/approvals/bulk-approve/",
    ):
        assert write in api
