"""Queue page p95 with 10,000 open requests, against a trivial Django view in the same run.

Both go through the whole middleware stack as the same signed-in Legal reviewer, so the ratio
measures what the queue itself costs. The two are requested in turn, one after the other, so a
slow spell of the machine lands on both. Target: queue p95 ≤ 5 × trivial p95.
"""

import statistics
import sys
import time

from common import fresh_database, p95, report, setup_django

OPEN_REQUESTS = 10_000
SAMPLES = 400
WARM_UP = 20
TARGET_RATIO = 5.0


def main() -> int:
    setup_django()
    fresh_database()
    from django.conf import settings
    from django.http import HttpResponse
    from django.test import Client
    from django.urls import clear_url_caches, path

    from accounts.roles import Role
    from config import urls
    from tests.factories.approval_rows import open_requests

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    settings.DEBUG = False
    settings.STORAGES = {  # no collectstatic manifest in a benchmark run
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    urls.urlpatterns.append(path("bench/trivial/", lambda request: HttpResponse("ok"), name="bench-trivial"))
    clear_url_caches()

    from django.contrib.auth.models import Group, User

    requester = User.objects.create_user("bench-editor", password="x")
    requester.groups.add(Group.objects.get(name=Role.EDITORIAL))
    reviewer = User.objects.create_user("bench-legal", password="x")
    reviewer.groups.add(Group.objects.get(name=Role.LEGAL))
    open_requests(OPEN_REQUESTS, requester=requester, group_name="Legal")

    client = Client()
    client.force_login(reviewer)

    def timed(url: str) -> float:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
        assert response.status_code == 200
        return elapsed

    for _ in range(WARM_UP):
        timed("/bench/trivial/")
        timed("/approvals/queue/")
    # Alternate the two request by request, so whatever the machine does meanwhile hits both alike.
    trivial, queue = [], []
    for _ in range(SAMPLES):
        trivial.append(timed("/bench/trivial/"))
        queue.append(timed("/approvals/queue/"))
    from django.utils import timezone

    from approvals.selectors import queue_for

    rows = queue_for(reviewer, now=timezone.now()).count()
    assert rows == OPEN_REQUESTS, rows
    page = client.get("/approvals/queue/").content.decode()  # the page measured is the full one
    assert page.count('name="pick"') == 25 and "More than 1,000 steps waiting" in page
    trivial_p95, queue_p95 = p95(trivial), p95(queue)
    print(
        f"trivial view p50 {statistics.median(trivial) * 1000:.2f} ms "
        f"p95 {trivial_p95 * 1000:.2f} ms; "
        f"queue p50 {statistics.median(queue) * 1000:.2f} ms "
        f"p95 {queue_p95 * 1000:.2f} ms; {rows} open requests"
    )
    ok = report(
        "approval_queue_p95_ratio", queue_p95 / trivial_p95, TARGET_RATIO, higher_is_better=False, unit="x"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
