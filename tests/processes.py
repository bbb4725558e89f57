"""Real processes for tests and benchmarks: the sandboxes served by `manage.py sandbox`, and `qcluster`
workers sharing this process's database.

Each process starts in a session of its own, so one SIGKILL of its group takes down a whole django-q2
cluster (sentinel, pusher, monitor and workers) the way a crashed machine would.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args} ended with {process.returncode} before serving port {port}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"Nothing served port {port} within {seconds} s")


def database_url(settings_dict: dict) -> str:
    """The URL of the database this process uses (its test database), for the processes it starts."""
    engine, name = settings_dict["ENGINE"], settings_dict["NAME"]
    if engine == "django.db.backends.sqlite3":
        return f"sqlite:///{Path(name).resolve()}"
    if engine.endswith("postgresql"):
        user = quote(settings_dict.get("USER") or "", safe="")
        password = quote(settings_dict.get("PASSWORD") or "", safe="")
        credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        host, port = settings_dict.get("HOST") or "127.0.0.1", settings_dict.get("PORT") or 5432
        return f"postgres://{credentials}{host}:{port}/{name}"
    raise ValueError(f"No URL for a {engine} database")


def process_env(**overrides: str) -> dict[str, str]:
    """Local settings (not the test settings, whose tasks run inline), quiet and unbuffered."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "false",
        "CACHE_URL": "locmemcache://",
        "PYTHONUNBUFFERED": "1",
        "PYTHONPATH": str(ROOT),
    }
    env.update(overrides)
    return env


def start_manage(*args: str, env: dict[str, str], log: Path | None = None) -> subprocess.Popen:
    output = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - kept open by the child
    try:
        return subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    finally:
        if log:
            output.close()


def kill_group(process: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    """Signal the process and every child it started (a qcluster's workers), and wait for it."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            pass
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=20)


@dataclass
class SandboxProcess:
    """`manage.py sandbox` on free ports; the Consonance sandbox is what the tests talk to."""

    api_key: str
    works: int = 100
    process: subprocess.Popen | None = None
    consonance_port: int = 0
    log: Path | None = None
    extra: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.consonance_port}"

    def start(self) -> "SandboxProcess":
        self.consonance_port, getty_port = free_port(), free_port()
        self.process = start_manage(
            "sandbox",
            "--consonance-port", str(self.consonance_port),
            "--consonance-key", self.api_key,
            "--works", str(self.works),
            "--getty-port", str(getty_port),
            "--getty-assets", "20",
            *self.extra,
            env=process_env(),
            log=self.log,
        )  # fmt: skip
        wait_for_port(self.consonance_port, self.process)
        return self

    def stop(self) -> None:
        if self.process is not None:
            kill_group(self.process, signal.SIGTERM)
