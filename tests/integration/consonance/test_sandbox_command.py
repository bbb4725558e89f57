"""`manage.py sandbox` refuses settings it cannot serve with a clear message instead of a traceback."""

import socket

import pytest
from django.core.management import CommandError, call_command


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
