"""With real threads and real connections: two workers polling at once receive the same unconfirmed
change set from Getty; the licence is withdrawn once, with one event, one permission write and one
notice, and the set ends confirmed. Runs on SQLite by default, PostgreSQL via DATABASE_URL."""

import threading

import pytest
from django.db import connection

from integration.models import AssetChangeSet, OutboxMessage
from integration.services.asset_changes import asset_changes_poll
from rights.models import Licence, LicenceEvent
from rights.services import LicenseOrder, picture_license

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_workers_processing_the_same_set_at_once_withdraw_the_licence_once(
    getty, consonance, consonance_title, make_approved, people
):
    approved = make_approved(title=consonance_title, print_run=2500)
    licence = picture_license(
        approval_request=approved, order=LicenseOrder("40101"), actor=people.pat
    ).licence
    getty.app.announce_change(licence.asset.getty_id, "Delete")
    barrier = threading.Barrier(2)
    outcomes = []

    def poll():
        try:
            barrier.wait(timeout=10)
            outcomes.append(asset_changes_poll())
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=poll) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert all(not isinstance(o, str) for o in outcomes), outcomes
    assert sum(o.sets_failed for o in outcomes) == 0
    assert sum(o.sets_processed for o in outcomes) == 1  # the other found it processed
    licence.refresh_from_db()
    assert licence.status == Licence.Status.WITHDRAWN
    assert LicenceEvent.objects.filter(licence=licence, details__to="withdrawn").count() == 1
    notices = OutboxMessage.objects.filter(kind=OutboxMessage.Kind.LICENCE_NOTICE, source_type="licence")
    assert notices.count() == 2  # to Rights and to the requester, once each
    assert AssetChangeSet.objects.get().confirmed_at is not None
    assert getty.app.changes.pending_count() == 0
