"""Links in emails start with the one SITE_URL, which `make run` sets to the address it serves."""

import importlib.util
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from accounts.roles import Role
from tests.factories.approvals import submitted_request

RUN_SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "run.py"


def _run_script():
    spec = importlib.util.spec_from_file_location("make_run", RUN_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # defines the processes' environment; starts nothing
    return module


def test_make_run_sets_site_url_to_where_it_serves():
    run = _run_script()
    assert run.env["SITE_URL"] == f"http://{run.WEB}"


def test_local_settings_default_to_the_address_runserver_serves():
    from config.settings.local import _LOCAL_DEFAULTS

    assert _LOCAL_DEFAULTS["SITE_URL"] == f"http://{_run_script().WEB}"
    assert "localhost" not in settings.SITE_URL


@pytest.mark.django_db
def test_email_links_start_with_site_url(role_user, django_capture_on_commit_callbacks):
    role_user(Role.LEGAL, "lena")
    with django_capture_on_commit_callbacks(execute=True):
        req = submitted_request(requester=role_user(Role.EDITORIAL, "edith"))
    [message] = [m for m in mail.outbox if "lena@example.com" in m.to]
    link = f"{settings.SITE_URL}/approvals/requests/{req.pk}/"
    assert link in message.body and f'href="{link}' in message.alternatives[0][0]
