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


TRIVIAL_URL = "/bench/trivial/"


def use_trivial_page() -> None:
    """Serve the product's URLs plus the trivial page (bench/urls.py) every page is compared with."""
    from django.conf import settings
    from django.urls import clear_url_caches

    settings.ROOT_URLCONF = "bench.urls"
    clear_url_caches()


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18] if len(samples) >= 20 else max(samples)


def figures(samples: list[float]) -> str:
    """p50 and p95 in milliseconds, for reading beside a ratio."""
    return f"p50 {statistics.median(samples) * 1000:.2f} ms p95 {p95(samples) * 1000:.2f} ms"


def report(
    name: str, measured: float, target: float, *, higher_is_better: bool, unit: str = "", detail: str = ""
) -> bool:
    ok = measured >= target if higher_is_better else measured <= target
    sign = ">=" if higher_is_better else "<="
    beside = f" [{detail}]" if detail else ""
    verdict = "PASS" if ok else "FAIL"
    print(f"BENCH {name}: {measured:.3f}{unit}{beside} (target {sign} {target}{unit}) {verdict}")
    return ok


def report_against_trivial(
    name: str, page: list[float], trivial: list[float], target: float, *, what: str
) -> bool:
    """`BENCH name: p95(page) / p95(trivial)`, with both pages' absolute figures beside the ratio."""
    return report(
        name,
        p95(page) / p95(trivial),
        target,
        higher_is_better=False,
        unit="x",
        detail=f"{what} {figures(page)}; trivial page {figures(trivial)}",
    )
