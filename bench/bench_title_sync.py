"""Title sync throughput against a bare `requests` loop, and database queries per page by page size.

A sandbox of 5,000 works runs in this process (in a thread, as the issue asks), with DEBUG off as in
production. Each side is timed ROUNDS times, alternating, and the best of each is compared. Two
comparisons, each against a bare loop that sends the very same GraphQL requests with plain `requests`
(no parsing, no database), measured in the same run:
1. title_sync_throughput_ratio: a full sync of works and products (the documented works query only,
   `todos=False`) into a fresh SQLite database, against the bare loop paging that works query.
2. title_sync_with_todos_throughput_ratio: the full sync as the schedule runs it, which also reads
   each page's to-dos (our [extension], one aliased request per page), against a bare loop sending
   the works query and the same to-do query per page.
Target >= 0.5 for both: talking to Consonance, not writing rows, must set the pace.
3. title_sync_queries_per_page_growth: queries per page with sandboxes paging by 50 and by 200 works;
   the ratio must stay <= 1.0 (a page costs the same statements whatever its size).
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_DEBUG", "false")  # DEBUG would also record every query it runs

from bench.common import fresh_database, report, setup_django  # noqa: E402

KEY = "bench-consonance-key-0123456789ab"
WORKS = 5000
GROWTH_WORKS = 1000
ROUNDS = 3


def bare_loop(url: str, *, todos: bool) -> tuple[int, float]:
    """Send the sync's requests with plain requests until an empty page; return (works, seconds)."""
    import requests

    from integration.consonance.extension import todos_query
    from integration.consonance.queries import WORKS_PAGE

    works, after = 0, None
    started = time.perf_counter()
    with requests.Session() as session:
        session.headers["Authorization"] = f"Bearer {KEY}"
        while True:
            body = {"query": WORKS_PAGE, "variables": {"after": after, "since": None}}
            page = session.post(f"{url}/graphql", json=body, timeout=30).json()["data"]["works"]
            if not page:
                break
            if todos:
                ids = sorted(work["id"] for work in page)
                body = {"query": todos_query(len(ids)), "variables": {f"w{n}": i for n, i in enumerate(ids)}}
                session.post(f"{url}/graphql", json=body, timeout=30).json()
            works += len(page)
            after = page[-1]["id"]
    return works, time.perf_counter() - started


def full_sync(url: str, *, todos: bool, progress=None):
    from integration.consonance.client import ConsonanceClient
    from integration.services.title_sync import title_sync_run

    fresh_database()
    with ConsonanceClient(base_url=url, api_key=KEY, timeout=30) as client:
        started = time.perf_counter()
        run = title_sync_run(full=True, client=client, progress=progress, todos=todos)
        seconds = time.perf_counter() - started
    if run.status != "succeeded":
        raise SystemExit(f"The benchmark sync failed: {run.error}")
    return run, seconds


def throughput_ratio(url: str, *, todos: bool) -> float:
    """Best of ROUNDS for each side, alternating, so a burst of load elsewhere does not decide the ratio."""
    bare_loop(url, todos=todos)  # warm-up: the sandbox parses each query text once and caches it
    bare_seconds = sync_seconds = float("inf")
    for _ in range(ROUNDS):
        bare_works, seconds = bare_loop(url, todos=todos)
        bare_seconds = min(bare_seconds, seconds)
        run, seconds = full_sync(url, todos=todos)
        sync_seconds = min(sync_seconds, seconds)
    bare_rate, sync_rate = bare_works / bare_seconds, run.works_seen / sync_seconds
    what = "works and to-dos" if todos else "works"
    print(
        f"bare requests loop ({what}): {bare_works} works in {bare_seconds:.2f} s ({bare_rate:.0f} works/s)"
    )
    print(
        f"full sync ({what}): {run.works_seen} works, {run.products_seen} products, {run.pages} pages "
        f"in {sync_seconds:.2f} s ({sync_rate:.0f} works/s)"
    )
    return sync_rate / bare_rate


def queries_per_page(url: str) -> float:
    """Average queries per page over the pages after the first (the first also opens the run)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    marks: list[int] = []
    with CaptureQueriesContext(connection) as captured:
        full_sync(url, todos=True, progress=lambda works: marks.append(len(captured)))
    per_page = [after - before for before, after in zip(marks, marks[1:], strict=False)]
    return sum(per_page) / len(per_page)


def main() -> int:
    setup_django()
    from sandboxes.consonance.app import ConsonanceSandbox
    from sandboxes.server import serve_in_thread

    sandbox = serve_in_thread(ConsonanceSandbox(api_key=KEY, works=WORKS))
    try:
        works_ratio = throughput_ratio(sandbox.url, todos=False)
        with_todos_ratio = throughput_ratio(sandbox.url, todos=True)
    finally:
        sandbox.stop()

    per_page = {}
    for page_size in (50, 200):
        paged = serve_in_thread(ConsonanceSandbox(api_key=KEY, works=GROWTH_WORKS, page_size=page_size))
        try:
            per_page[page_size] = queries_per_page(paged.url)
        finally:
            paged.stop()
    print(f"queries per page: {per_page[50]:.1f} at 50 works a page, {per_page[200]:.1f} at 200")

    ok = report("title_sync_throughput_ratio", works_ratio, 0.5, higher_is_better=True)
    ok &= report("title_sync_with_todos_throughput_ratio", with_todos_ratio, 0.5, higher_is_better=True)
    ok &= report(
        "title_sync_queries_per_page_growth", per_page[200] / per_page[50], 1.0, higher_is_better=False
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
