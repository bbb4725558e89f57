import logging
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.middleware import IDLE_SESSION_ENDED

pytestmark = pytest.mark.django_db


def test_healthz_is_public_and_reports_database_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["broker"] == "ok"


def test_pages_send_a_strict_content_security_policy(editor_client):
    policy = editor_client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_login_is_throttled_after_repeated_failures(client, editor):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "edith", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "edith", "password": "pw-for-tests-123"})
    assert response.status_code == 429
    assert b"Too many failed sign-ins" in response.content


def test_idle_session_is_signed_out(editor_client, settings):
    settings.SESSION_IDLE_TIMEOUT = 60
    assert editor_client.get("/accounts/me/").status_code == 200
    session = editor_client.session
    session["last_activity"] = time.time() - 61
    session.save()
    response = editor_client.get("/accounts/me/", follow=True)
    assert response.redirect_chain[0][0].startswith("/accounts/login/")
    assert IDLE_SESSION_ENDED in response.content.decode()


def test_pages_write_the_activity_stamp_at_most_once_a_minute(editor_client, settings):
    settings.SESSION_ACTIVITY_RESOLUTION = 60
    editor_client.get("/accounts/me/")
    first = editor_client.session["last_activity"]
    with CaptureQueriesContext(connection) as ctx:
        editor_client.get("/accounts/me/")
    writes = [q for q in ctx.captured_queries if q["sql"].startswith("UPDATE")]
    assert writes == [], "no write within the minute"
    assert editor_client.session["last_activity"] == first

    session = editor_client.session
    session["last_activity"] = first - 61  # a minute and a second later, by the stamp's clock
    session.save()
    editor_client.get("/accounts/me/")
    assert editor_client.session["last_activity"] >= first  # written again


def test_failed_permission_check_is_logged(editor_client, caplog):
    with caplog.at_level(logging.WARNING, logger="picture_desk.security"):
        response = editor_client.get("/admin/auth/user/")
    # Non-staff users are sent to the admin login; a staff-only API check logs instead.
    assert response.status_code in (302, 403)
    caplog.clear()
    from django.core.exceptions import PermissionDenied
    from django.test import RequestFactory

    from config.views import permission_denied

    request = RequestFactory().get("/somewhere")
    request.user = editor_client.get("/accounts/me/").context["user"]
    with caplog.at_level(logging.WARNING, logger="picture_desk.security"):
        assert permission_denied(request, PermissionDenied()).status_code == 403
    assert "permission denied: user=edith method=GET path=/somewhere" in caplog.text
