"""Sync requests at the same moment, with real threads and connections: the database lets exactly one start.

Runs on whichever database the suite runs on (SQLite by default, PostgreSQL via DATABASE_URL).
"""

import threading

import pytest
from django.db import connection

from integration.models import SyncRun
from integration.services.title_sync import title_sync_claim

pytestmark = pytest.mark.django_db(transaction=True)

REQUESTS = 8


def test_simultaneous_sync_requests_start_one_run_and_join_it():
    barrier = threading.Barrier(REQUESTS)
    outcomes = [None] * REQUESTS

    def request_sync(index):
        try:
            barrier.wait(timeout=10)
            run, started = title_sync_claim(full=index % 2 == 0)
            outcomes[index] = (run.pk, started)
        except Exception as error:  # noqa: BLE001 - reported by the assertions below
            outcomes[index] = ("error", repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=request_sync, args=(i,)) for i in range(REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    run = SyncRun.objects.get()
    assert sorted(started for _, started in outcomes) == [False] * (REQUESTS - 1) + [True], outcomes
    assert {pk for pk, _ in outcomes} == {run.pk}
