"""`manage.py sandbox` serves both sandboxes with the credentials local settings point the clients at.

Settings it cannot serve are refused with a clear message instead of a traceback.
"""

import os
import signal
import socket
import subprocess
import sys
import threading
from contextlib import ExitStack
from pathlib import Path

import pytest
import requests
from django.core.management import CommandError, call_command

from config.settings import local
from integration.management.commands.sandbox import Command

ROOT = Path(__file__).resolve().parents[2]
# Small catalogues: these tests are about ports, not data.
SMALL = {"works": 5, "getty_assets": 50}


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


def taken_port(stack: ExitStack) -> int:
    """A port something else listens on for as long as `stack` is open."""
    taken = stack.enter_context(socket.socket())
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    return taken.getsockname()[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def is_free(port: int) -> bool:
    """Nothing listens on `port` (connections it closed may linger, as a restarted sandbox allows)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


@pytest.mark.parametrize("taken", [("consonance",), ("getty",), ("consonance", "getty")])
def test_a_taken_port_names_port_and_flag_and_leaves_nothing_running(taken):
    flags = {"consonance": "--consonance-port", "getty": "--getty-port"}
    threads_before = set(threading.enumerate())
    with ExitStack() as stack:
        ports = {name: taken_port(stack) if name in taken else free_port() for name in flags}

        with pytest.raises(CommandError) as refused:
            call_command("sandbox", consonance_port=ports["consonance"], getty_port=ports["getty"], **SMALL)

        message = str(refused.value)
        assert "\n" not in message
        for name, flag in flags.items():
            if name in taken:
                assert f"on port {ports[name]}" in message
                assert f"choose another with {flag}" in message
            else:
                assert flag not in message
                assert is_free(ports[name]), f"the {name} sandbox was left bound to its port"
    assert not [t for t in set(threading.enumerate()) - threads_before if t.name.endswith("-sandbox")]


def test_manage_py_sandbox_with_the_getty_port_taken_exits_with_one_line():
    with ExitStack() as stack:
        getty_port = taken_port(stack)
        consonance_port = free_port()

        finished = subprocess.run(
            [
                sys.executable,
                "manage.py",
                "sandbox",
                f"--getty-port={getty_port}",
                f"--consonance-port={consonance_port}",
                "--works=5",
                "--getty-assets=50",
            ],
            cwd=ROOT,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
            capture_output=True,
            text=True,
            timeout=60,
        )

    assert finished.returncode != 0
    assert "Traceback" not in finished.stderr
    assert finished.stderr.strip().splitlines() == [
        f"CommandError: Cannot serve the Getty sandbox on port {getty_port} (Address already in use); "
        "choose another with --getty-port."
    ]
    assert finished.stdout == ""
    assert is_free(consonance_port)


def test_manage_py_sandbox_prints_pages_a_person_can_open_and_stops_on_sigterm():
    consonance_port, getty_port = free_port(), free_port()
    command = [
        sys.executable,
        "manage.py",
        "sandbox",
        f"--getty-port={getty_port}",
        f"--consonance-port={consonance_port}",
        "--works=5",
        "--getty-assets=50",
    ]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    try:
        lines = [process.stdout.readline() for _ in range(2)]
        pages = {
            "Consonance sandbox": f"what was written: http://127.0.0.1:{consonance_port}/",
            "Getty sandbox": f"what was downloaded and reported: http://127.0.0.1:{getty_port}/",
        }
        for (name, page), line in zip(pages.items(), lines, strict=True):
            assert line.startswith(name) and line.rstrip().endswith(page), line
            response = requests.get(page.rpartition(": ")[2], timeout=10)
            assert response.status_code == 200
            assert response.headers["Content-Type"].startswith("text/html")
            assert f"<h1>{name}</h1>" in response.text
    finally:
        process.send_signal(signal.SIGTERM)
        returncode = process.wait(timeout=30)
        process.stdout.close()
    assert returncode == 0
    assert is_free(consonance_port) and is_free(getty_port)
