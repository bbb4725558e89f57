"""With real threads and real connections: the download intent is committed before Getty is called, and
two people licensing the same request at once spend one download.

Runs on whichever database the suite runs on (SQLite by default, PostgreSQL via DATABASE_URL).
"""

import threading
import time

import pytest
from django.db import connection

from rights.errors import LicensingPending
from rights.models import Download, Licence
from rights.services import LicenseOrder, picture_license

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_intent_is_committed_before_getty_is_asked(getty, approved, people):
    """While Getty is still working on the download, another connection already sees the intent."""
    getty.app.faults.add("slow", delay=1.0, path_prefix="/v3/downloads/images")
    seen = []
    posts = getty.app.total_calls("POST /v3/downloads/images")

    def look_while_getty_works():
        try:
            deadline = time.monotonic() + 5
            while getty.app.total_calls("POST /v3/downloads/images") == posts and time.monotonic() < deadline:
                time.sleep(0.01)  # until the download request has reached the sandbox (which then waits)
            seen.extend(Download.objects.filter(request_id=approved.pk).values_list("status", flat=True))
        finally:
            connection.close()

    watcher = threading.Thread(target=look_while_getty_works)
    watcher.start()
    done = picture_license(approval_request=approved, order=LicenseOrder("40101"), actor=people.pat)
    watcher.join(timeout=10)

    assert seen == [Download.Status.INTENDED]
    assert Download.objects.get(pk=done.licence.download_id).status == Download.Status.COMPLETED


def test_two_people_licensing_at_once_spend_one_download(getty, approved, people):
    getty.app.faults.add("slow", delay=0.5, path_prefix="/v3/downloads/images", next_n=2)
    barrier = threading.Barrier(2)
    outcomes = []

    def license_as(person):
        try:
            barrier.wait(timeout=10)
            picture_license(approval_request=approved, order=LicenseOrder("40101"), actor=person)
            outcomes.append("licensed")
        except LicensingPending as refused:
            outcomes.append(refused.message)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=license_as, args=(p,)) for p in (people.pat, people.paula)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes, key=len)[0] == "licensed", outcomes
    assert "Someone else is licensing this picture right now" in sorted(outcomes, key=len)[1], outcomes
    assert len(getty.app.downloads.recent_first()) == 1
    assert Download.objects.count() == 1 and Licence.objects.count() == 1
