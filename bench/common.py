"""Helpers shared by benchmarks: Django set-up, percentiles, the BENCH line."""

import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(database_url: str | None = None) -> None:
    """Configure Django with local settings on a throw-away SQLite file (or `database_url`)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def fresh_database() -> None:
    """Drop the benchmark SQLite file and migrate a new one."""
    from django.conf import settings
    from django.core.management import call_command

    name = Path(settings.DATABASES["default"]["NAME"])
    for suffix in ("", "-wal", "-shm"):
        Path(f"{name}{suffix}").unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18] if len(samples) >= 20 else max(samples)


def report(name: str, measured: float, target: float, *, higher_is_better: bool, unit: str = "") -> bool:
    ok = measured >= target if higher_is_better else measured <= target
    sign = ">=" if higher_is_better else "<="
    print(f"BENCH {name}: {measured:.3f}{unit} (target {sign} {target}{unit}) {'PASS' if ok else 'FAIL'}")
    return ok
