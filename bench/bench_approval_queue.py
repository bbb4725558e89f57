"""Queue page p95 with 10,000 open requests, against the trivial page (bench/urls.py) in the same run.

Both go through the whole middleware stack and base.html as the same signed-in Legal reviewer, so the
ratio measures what the queue itself costs. The two are requested in turn, one after the other, so a
slow spell of the machine lands on both. Target: queue p95 ≤ 5 × trivial page p95.
"""

import sys
import time

from common import TRIVIAL_URL, fresh_database, report_against_trivial, setup_django, use_trivial_page

OPEN_REQUESTS = 10_000
SAMPLES = 400
WARM_UP = 20
TARGET_RATIO = 5.0


def main() -> int:
    setup_django()
    fresh_database()
    from django.conf import settings
    from django.test import Client

    from accounts.roles import Role
    from tests.factories.approval_rows import open_requests

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    settings.DEBUG = False
    settings.STORAGES = {  # no collectstatic manifest in a benchmark run
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    use_trivial_page()

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
        timed(TRIVIAL_URL)
        timed("/approvals/queue/")
    # Alternate the two request by request, so whatever the machine does meanwhile hits both alike.
    trivial, queue = [], []
    for _ in range(SAMPLES):
        trivial.append(timed(TRIVIAL_URL))
        queue.append(timed("/approvals/queue/"))
    from django.utils import timezone

    from approvals.selectors import queue_for

    rows = queue_for(reviewer, now=timezone.now()).count()
    assert rows == OPEN_REQUESTS, rows
    page = client.get("/approvals/queue/").content.decode()  # the page measured is the full one
    assert page.count('name="pick"') == 25 and "More than 1,000 steps waiting" in page
    print(f"{rows} open requests")
    ok = report_against_trivial("approval_queue_p95_ratio", queue, trivial, TARGET_RATIO, what="queue")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
