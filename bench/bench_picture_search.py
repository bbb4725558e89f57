"""Picture search against the trivial page (bench/urls.py), upstream calls.

One run, one Django test client, the full middleware stack, the Getty sandbox in a process of its own on a
free port (as Getty is another machine: its work does not wait for this process's interpreter lock, nor the
page for its); the trivial page is requested in turn with the page measured, so both see the same machine.
- cached: p95 of the search page answered from the search cache ≤ 2 × p95 of the trivial page;
- uncached: p95 of (search page - the bare client call for the same query) ≤ 5 × p95 of the trivial page.
  The client call subtracted is the one the page itself made, timed around `GettyClient.search_images`:
  two separate calls each carry the sandbox's own jitter (its scan of the catalogue varies by ±15 ms),
  and the p95 of their difference measured that jitter, not the page. A separate bare call to the same
  query is still timed beside it and printed, so the two can be compared;
- repeated searches within the TTL: zero search calls counted at the sandbox.

Diagnostics instead of the BENCH lines: BENCH_QUERIES=1 (SQL of each page), BENCH_PARTS=1 (service parts),
BENCH_PROFILE=1 or BENCH_PROFILE=uncached (cProfile of 50 cached or uncached search pages).
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    TRIVIAL_URL,
    figures,
    fresh_database,
    p95,
    report,
    report_against_trivial,
    setup_django,
    use_trivial_page,
)

# The shared rate limiter would pace the benchmark itself, not the code under test.
os.environ["GETTY_QUERIES_PER_SECOND"] = "10000"
os.environ["DJANGO_DEBUG"] = "false"
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

ROUNDS = 200
UNCACHED = 150  # pairs of page and bare call: the p95 of a difference of two noisy calls needs many
CACHED_TARGET = 2.0  # × trivial page p95
UNCACHED_TARGET = 5.0  # × trivial page p95


def serve_getty(conn) -> None:
    """The child process: serve the Getty sandbox, send its URL, answer call counts until told to stop."""
    from sandboxes.getty.app import GettySandbox
    from sandboxes.server import serve_in_thread

    app = GettySandbox(
        api_key="bench-key", api_secret="bench-secret", username="demo", password="demo-password"
    )
    sandbox = serve_in_thread(app)
    app.base_url = sandbox.url
    conn.send(sandbox.url)
    while True:
        command, prefix = conn.recv()
        if command == "reset_calls":
            app.reset_calls()
            conn.send(None)
        elif command == "total_calls":
            conn.send(app.total_calls(prefix))
        else:
            sandbox.stop()
            conn.send(None)
            return


class GettySandboxProcess:
    def __init__(self):
        import multiprocessing

        # Forked before the benchmark opens its database or its threads.
        context = multiprocessing.get_context("fork")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=serve_getty, args=(child,), daemon=True)
        self.process.start()
        self.url = self.conn.recv()

    def ask(self, command: str, prefix: str = ""):
        self.conn.send((command, prefix))
        return self.conn.recv()

    def stop(self) -> None:
        self.ask("stop")
        self.process.join(timeout=10)


WORDS = ["lighthouse", "sea", "forest", "mountain", "city", "rain", "winter", "book", "night", "field"]


def main() -> int:
    setup_django()
    sandbox = GettySandboxProcess()
    fresh_database()
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client

    from accounts.roles import Role
    from integration.getty.client import GettyClient
    from integration.getty.query_builder import SearchQuery
    from integration.services.search import search_cache_key, search_params
    from tests.factories.titles import ProductFactory, TitleFactory

    # DEBUG off (as in production) without needing collectstatic's manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
    use_trivial_page()
    settings.GETTY_API_URL = f"{sandbox.url}/v3"
    settings.GETTY_AUTH_URL = f"{sandbox.url}/oauth2/token"
    settings.GETTY_API_KEY, settings.GETTY_API_SECRET = "bench-key", "bench-secret"
    settings.GETTY_USERNAME, settings.GETTY_PASSWORD = "demo", "demo-password"
    settings.GETTY_SEARCH_CACHE_SECONDS = 3600

    from django.contrib.auth.models import Group, User

    editor = User.objects.create_user("bench-editor", password="bench-password-123")
    editor.groups.add(Group.objects.get(name=str(Role.EDITORIAL)))
    title = TitleFactory(keywords=["lighthouse"])
    ProductFactory(title=title, height_cm=23.4)
    client = Client()
    client.force_login(editor)
    search_url = f"/titles/{title.pk}/pictures/"
    trivial_url = TRIVIAL_URL

    def page_params(phrase: str, page: int = 1) -> dict:
        return {"search": "1", "purpose": "front_cover", "family": "creative", "phrase": phrase,
                "page": str(page), "page_size": "30"}  # fmt: skip

    def timed_get(url, params=None) -> float:
        start = time.perf_counter()
        response = client.get(url, params or {})
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, (url, response.status_code)
        return elapsed

    # Warm up both pages (templates, token, connections) and fill the cache for the cached search.
    for _ in range(20):
        timed_get(trivial_url)
        timed_get(search_url, page_params("lighthouse"))

    if os.environ.get("BENCH_PARTS"):
        from integration.services import search as search_service

        bare_client = GettyClient.from_settings()
        parts = {"bare": [], "service": [], "enqueue": [], "cache_set": []}
        real_set = search_service.cache.set

        def timed_set(*args, **kwargs):
            start = time.perf_counter()
            real_set(*args, **kwargs)
            parts["cache_set"].append(time.perf_counter() - start)

        search_service.cache.set = timed_set
        real_enqueue = search_service.enqueue_keep_searched_assets

        def timed_enqueue(*, images):
            start = time.perf_counter()
            real_enqueue(images=images)
            parts["enqueue"].append(time.perf_counter() - start)

        search_service.enqueue_keep_searched_assets = timed_enqueue
        for i in range(40):
            query = SearchQuery(phrase=WORDS[i % 10], page=2 + i // 10, page_size=30)
            family, params = search_params(query)
            start = time.perf_counter()
            bare_client.search_images(family=family, params=params)
            parts["bare"].append(time.perf_counter() - start)
            start = time.perf_counter()
            search_service.picture_search(query=query)
            parts["service"].append(time.perf_counter() - start)
        for name, samples in parts.items():
            median = sorted(samples)[len(samples) // 2]
            print(name, f"median {median * 1000:.1f} ms p95 {p95(samples) * 1000:.1f} ms")
        return 0

    if os.environ.get("BENCH_QUERIES"):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        for url, params in ((trivial_url, None), (search_url, page_params("lighthouse"))):
            with CaptureQueriesContext(connection) as queries:
                timed_get(url, params)
            print(url, len(queries))
            for q in queries:
                print("   ", q["sql"][:150])
        return 0

    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for i in range(50):
            if os.environ.get("BENCH_PROFILE") == "uncached":
                cache.clear()
                timed_get(search_url, page_params(WORDS[i % 10], 2 + i // 10))
            else:
                timed_get(search_url, page_params("lighthouse"))
        profiler.disable()
        pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(120)
        return 0

    # 1. cached page vs trivial page, interleaved so both see the same machine.
    sandbox.ask("reset_calls")
    trivial, cached = [], []
    for _ in range(ROUNDS):
        trivial.append(timed_get(trivial_url))
        cached.append(timed_get(search_url, page_params("lighthouse")))
    upstream_during_cached = sandbox.ask("total_calls", "/v3/search/images/")

    # 2. uncached page vs bare client call, same queries, alternating which goes first.
    bare_client = GettyClient.from_settings()
    overheads, bare_times, page_times, trivial_uncached, own_calls = [], [], [], [], []
    separate_overheads = []
    real_search_images = GettyClient.search_images

    def timed_search_images(self, **kwargs):
        start = time.perf_counter()
        try:
            return real_search_images(self, **kwargs)
        finally:
            own_calls.append(time.perf_counter() - start)

    GettyClient.search_images = timed_search_images
    for i in range(UNCACHED):
        phrase, page_number = WORDS[i % len(WORDS)], 2 + i // len(WORDS)
        query = SearchQuery(phrase=phrase, page=page_number, page_size=30, orientations=("vertical",),
                            minimum_size="large")  # fmt: skip
        family, params = search_params(query)
        cache.delete(search_cache_key(family, params))  # only the search: the token stays cached

        def bare(family=family, params=params) -> float:
            start = time.perf_counter()
            bare_client.search_images(family=family, params=params)
            return time.perf_counter() - start

        # The sandbox answers a query it has not seen more slowly (its first pass over the catalogue);
        # one unmeasured call first, so both measured calls meet the same warm sandbox.
        bare()
        own_calls.clear()
        if i % 2:
            page_time = timed_get(search_url, page_params(phrase, page_number))
            bare_time = bare()
        else:
            bare_time = bare()
            page_time = timed_get(search_url, page_params(phrase, page_number))
        trivial_uncached.append(timed_get(trivial_url))
        bare_times.append(bare_time)
        page_times.append(page_time)
        page_call = own_calls[-1] if (i % 2 == 0) else own_calls[0]  # the page's call, not the bare one
        overheads.append(page_time - page_call)
        separate_overheads.append(page_time - bare_time)

    GettyClient.search_images = real_search_images
    sandbox.stop()
    print(f"bare Getty call {figures(bare_times)}; uncached search page {figures(page_times)}")
    print(f"page minus a separate bare call to the same query (for comparison) {figures(separate_overheads)}")
    ok = report_against_trivial(
        "picture_search_cached_vs_trivial_p95_ratio",
        cached,
        trivial,
        CACHED_TARGET,
        what="cached search page",
    )
    ok &= report_against_trivial(
        "picture_search_uncached_overhead_vs_trivial_p95_ratio",
        overheads,
        trivial + trivial_uncached,  # both sections: a steadier p95
        UNCACHED_TARGET,
        what="uncached page minus its own client call",
    )
    ok &= report(
        "picture_search_upstream_calls_when_cached", upstream_during_cached, 0, higher_is_better=False
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
