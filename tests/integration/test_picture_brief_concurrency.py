"""Two people change one title's themes at the same moment: the brief Consonance ends with has both changes.

Real threads and connections, on whichever database the suite runs on (SQLite by default, PostgreSQL via
DATABASE_URL). The second change waits for the first to commit (the title row is locked on PostgreSQL;
SQLite's write transactions are serial), so the brief it queues includes the first one's theme.
"""

import threading
import time

import pytest
from django.db import connection, transaction

from integration.models import OutboxMessage
from integration.services import themes as theme_services
from integration.services.outbox_delivery import outbox_deliver_due
from tests.factories.titles import TitleFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_change_made_while_another_is_uncommitted_sends_both(consonance, editor):
    title = TitleFactory(consonance_id=consonance.app.work_ids()[12])
    first_added, first_may_commit = threading.Event(), threading.Event()
    errors = []

    def first():
        try:
            with transaction.atomic():
                theme_services.visual_theme_add(title=title, name="Harbour", user=editor)
                first_added.set()
                first_may_commit.wait(timeout=10)
        except Exception as error:  # noqa: BLE001 - reported by the assertions below
            errors.append(repr(error))
        finally:
            first_added.set()
            connection.close()

    def second():
        try:
            first_added.wait(timeout=10)
            theme_services.visual_theme_add(title=title, name="Storm", user=editor)
        except Exception as error:  # noqa: BLE001
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_added.wait(timeout=10)
    time.sleep(0.3)  # let the second change reach the lock while the first is still open
    first_may_commit.set()
    for thread in threads:
        thread.join(timeout=30)
    outbox_deliver_due()  # whatever a busy record left for the every-minute schedule

    assert errors == []
    [brief] = consonance.app.picture_briefs()
    assert brief["visualThemes"] == ["Harbour", "Storm"]
    latest = OutboxMessage.objects.filter(kind="picture_brief").order_by("id").last()
    assert latest.payload["visualThemes"] == ["Harbour", "Storm"]
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxMessage.Status.SENT}
