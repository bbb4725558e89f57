"""The shared limiter keeps every process together under Getty's queries per second."""

import threading

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integration.getty.client import GettyClient
from integration.getty.ratelimit import SharedRateLimiter


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def simulate(arrivals: list[float], qps: float) -> list[float]:
    """Start times of callers arriving at `arrivals`, each its own limiter (as separate processes are)."""
    starts = []
    for arrival in sorted(arrivals):
        moment = {"now": arrival}

        def sleep(seconds, moment=moment):
            moment["now"] += seconds

        limiter = SharedRateLimiter(
            key="K", queries_per_second=qps, clock=lambda m=moment: m["now"], sleep=sleep
        )
        limiter.acquire()
        starts.append(moment["now"])
    return sorted(starts)


def most_in_any_second(starts: list[float]) -> int:
    return max(sum(1 for s in starts if first <= s < first + 1.0) for first in starts)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    arrivals=st.lists(st.floats(min_value=1e9, max_value=1e9 + 5), min_size=1, max_size=40),
    qps=st.sampled_from([1, 2, 5, 10]),
)
def test_no_one_second_window_holds_more_than_the_limit(arrivals, qps):
    cache.clear()
    starts = simulate(arrivals, qps)

    assert most_in_any_second(starts) <= qps
    assert all(b - a >= 1.0 / qps - 1e-9 for a, b in zip(starts, starts[1:], strict=False))


@pytest.mark.django_db
def test_pacing_holds_on_the_database_cache_the_default_deployment_uses(settings):
    from django.core.management import call_command

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "getty_limit_test"}
    }
    call_command("createcachetable", verbosity=0)

    starts = simulate([1e9] * 6 + [1e9 + 0.5] * 6, qps=5)

    assert most_in_any_second(starts) <= 5
    assert all(b - a >= 0.2 - 1e-9 for a, b in zip(starts, starts[1:], strict=False))


def test_an_idle_caller_starts_at_once():
    starts = simulate([1e9 + 0.37], qps=5)

    assert starts == [pytest.approx(1e9 + 0.37)]


def test_a_burst_is_spread_at_about_the_limit():
    starts = simulate([1e9] * 20, qps=10)

    # 20 calls at 10 per second, slots 10% wider for jitter: a little over two seconds.
    assert 1.9 < starts[-1] - starts[0] < 2.3


def test_limiter_key_is_per_api_key():
    slept = []
    a = SharedRateLimiter(key="A", queries_per_second=1, clock=lambda: 1e9, sleep=slept.append)
    b = SharedRateLimiter(key="B", queries_per_second=1, clock=lambda: 1e9, sleep=slept.append)
    a_again = SharedRateLimiter(key="A", queries_per_second=1, clock=lambda: 1e9, sleep=slept.append)

    a.acquire()
    b.acquire()
    assert slept == []
    a_again.acquire()
    # 1e9 is 0.1 s into a 1.1 s slot; the first caller of key A holds it and both neighbours.
    assert slept == [pytest.approx(2.1, abs=1e-3)]


def test_eight_concurrent_callers_stay_under_the_limit_at_the_sandbox(getty, settings):
    qps = 8
    settings.GETTY_QUERIES_PER_SECOND = qps
    getty.app.account.qps_limit = qps  # the sandbox answers 429 above this
    errors = []

    def worker():
        # Each thread builds its own client, as separate processes would: only the cache is shared.
        client = GettyClient.from_settings()
        try:
            for _ in range(3):
                client.search_images(family="creative", params={"phrase": "harbour", "page_size": "1"})
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            client.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert getty.app.max_calls_in_any_second() <= qps
    # No call was refused and repeated: 24 searches and one shared token call.
    assert getty.app.total_calls("search/images") == 24
    assert getty.app.total_calls("POST /oauth2/token") == 1
