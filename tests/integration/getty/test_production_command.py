"""The README's production web command against a slow Getty: a clear answer in time, and no dead worker.

Scaled down to keep the suite quick: the same worker class and threads, a 3-second Getty deadline and a
6-second worker timeout (the README's are 15 and 30), and tries that each fit the timeout alone.
"""

import os
import re
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings as django_settings
from django.db import connection
from rest_framework.authtoken.models import Token

from accounts.roles import Role
from tests.factories.titles import TitleFactory

pytestmark = pytest.mark.django_db(transaction=True)

SEARCH = "/v3/search/images/"
DEADLINE = 3
WORKER_TIMEOUT = 6


def documented_command() -> list[str]:
    readme = (Path(django_settings.BASE_DIR) / "README.md").read_text()
    command = shlex.split(re.findall(r"`(gunicorn config\.wsgi[^`]*)`", readme)[0])
    scaled = {"--timeout": str(WORKER_TIMEOUT), "--workers": "1"}
    for index, word in enumerate(command[:-1]):
        if word in scaled:
            command[index + 1] = scaled[word]
    return [sys.executable, "-m", *command]


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def web(getty, settings, tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url(),
        "GETTY_API_URL": settings.GETTY_API_URL,
        "GETTY_AUTH_URL": settings.GETTY_AUTH_URL,
        "GETTY_API_KEY": settings.GETTY_API_KEY,
        "GETTY_API_SECRET": settings.GETTY_API_SECRET,
        "GETTY_USERNAME": settings.GETTY_USERNAME,
        "GETTY_PASSWORD": settings.GETTY_PASSWORD,
        "GETTY_REQUEST_DEADLINE_SECONDS": str(DEADLINE),
    }
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [*documented_command(), "--bind", f"127.0.0.1:{port}"],
            cwd=django_settings.BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                requests.get(f"{url}/healthz", timeout=5)
                break
            except requests.RequestException:
                time.sleep(0.1)
        yield url, log
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_a_slow_getty_answers_within_the_deadline_and_keeps_the_worker(web, getty, role_user):
    url, log = web
    editor = role_user(Role.EDITORIAL, "edith")
    token = Token.objects.create(user=editor).key
    title = TitleFactory()
    # Each try would fit the worker timeout alone (test settings: 2 s per try); four would not.
    getty.app.faults.add("slow", delay=3.0, path_prefix=SEARCH, next_n=20)

    started = time.monotonic()
    response = requests.get(
        f"{url}/api/titles/{title.pk}/pictures/?purpose=front_cover&phrase=lighthouse",
        headers={"Authorization": f"Token {token}"},
        timeout=30,
    )
    elapsed = time.monotonic() - started

    assert response.status_code == 503
    assert f"Getty did not answer within {DEADLINE} seconds" in response.json()["detail"]
    assert elapsed < DEADLINE + 2, elapsed
    assert requests.get(f"{url}/healthz", timeout=5).status_code == 200
    time.sleep(0.5)
    assert "WORKER TIMEOUT" not in log.read_text()
    # Let the sandbox finish the slow answers it still owes, so they do not land in the next test.
    time.sleep(3.0)
