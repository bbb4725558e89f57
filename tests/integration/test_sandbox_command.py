"""`manage.py sandbox` serves both sandboxes with the credentials local settings point the clients at.

Settings it cannot serve are refused with a clear message instead of a traceback.
"""

import socket

import pytest
from django.core.management import CommandError, call_command

from config.settings import local
from integration.management.commands.sandbox import Command


def options(*args: str):
    return Command().create_parser("manage.py", "sandbox").parse_args(list(args))


def test_getty_defaults_match_local_settings():
    parsed = options()
    defaults = local._LOCAL_DEFAULTS
    assert defaults["GETTY_API_URL"] == f"http://127.0.0.1:{parsed.getty_port}/v3"
    assert defaults["GETTY_AUTH_URL"] == f"http://127.0.0.1:{parsed.getty_port}/oauth2/token"
    assert (parsed.getty_key, parsed.getty_secret) == (
        defaults["GETTY_API_KEY"],
        defaults["GETTY_API_SECRET"],
    )
    assert (parsed.getty_username, parsed.getty_password) == (
        defaults["GETTY_USERNAME"],
        defaults["GETTY_PASSWORD"],
    )
    assert parsed.getty_require_user_token is False


def test_getty_options_can_be_changed():
    parsed = options(
        "--getty-port",
        "9701",
        "--getty-key",
        "K",
        "--getty-secret",
        "S",
        "--getty-require-user-token",
        "--getty-assets",
        "6000",
    )
    assert (parsed.getty_port, parsed.getty_key, parsed.getty_secret) == (9701, "K", "S")
    assert parsed.getty_require_user_token is True
    assert parsed.getty_assets == 6000


def test_sandbox_command_refuses_an_empty_catalogue():
    with pytest.raises(CommandError, match="--works and --consonance-page-size must be at least 1"):
        call_command("sandbox", works=0)


def test_sandbox_command_explains_a_port_in_use():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        with pytest.raises(CommandError, match=f"Cannot serve the Consonance sandbox on port {port}"):
            call_command("sandbox", consonance_port=port, works=5)
