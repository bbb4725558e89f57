"""`make run`: migrate, seed demo staff, start the sandboxes, sync titles, start worker and web.

Stops every process it started on Ctrl-C.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from accounts.demo import DEMO_USERS  # noqa: E402

PY = sys.executable
WEB = "127.0.0.1:8000"
SANDBOX_PORTS = {"Consonance sandbox": 8702, "Getty sandbox": 8701}

# Links in emails point where this serves (the worker sends them, so it needs the same SITE_URL).
env = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "config.settings.local",
    "PYTHONUNBUFFERED": "1",
    "SITE_URL": f"http://{WEB}",
}


def manage(*args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([PY, "manage.py", *args], cwd=ROOT, env=env, start_new_session=True)


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def port_in_use(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def main() -> int:
    busy = [p for p in (8000, *SANDBOX_PORTS.values()) if port_in_use(p)]
    if busy:
        print(f"Ports already in use: {', '.join(map(str, busy))}. Stop what runs there, then try again.")
        return 1
    processes: list[subprocess.Popen] = []

    def stop_all(*_):
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    signal.signal(signal.SIGTERM, lambda *_: (stop_all(), sys.exit(0)))
    try:
        manage("migrate", "--no-input", "-v", "0")
        manage("createcachetable")
        manage("seed_demo")
        sandbox = start("sandbox")
        processes.append(sandbox)
        for name, port in SANDBOX_PORTS.items():
            if not wait_for_port(port, sandbox):
                print(f"{name} did not start on port {port}.")
                return 1
        manage("sync_titles", "--full")
        processes.append(start("qcluster"))
        processes.append(start("runserver", WEB, "--noreload"))
        if not wait_for_port(8000, processes[-1]):
            print("The web server did not start.")
            return 1
        print()
        print(f"Picture Desk is running at http://{WEB}/  (Ctrl-C stops everything)")
        print(f"Consonance sandbox page: http://127.0.0.1:{SANDBOX_PORTS['Consonance sandbox']}/")
        print(f"Getty sandbox page: http://127.0.0.1:{SANDBOX_PORTS['Getty sandbox']}/")
        print("Demo sign-ins (role, username / password):")
        for demo in DEMO_USERS:
            role = str(demo.role) if demo.role else "Admin (staff)"
            print(f"  {role:<14} {demo.username:<11} / {demo.password}")
        while all(process.poll() is None for process in processes):
            time.sleep(0.5)
        print("A process stopped; shutting the rest down.")
        return 1
    except KeyboardInterrupt:
        print("\nStopping...")
        return 0
    finally:
        stop_all()


if __name__ == "__main__":
    sys.exit(main())
