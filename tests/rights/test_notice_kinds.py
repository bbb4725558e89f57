"""Each app owns its outbox kind of notices: approvals' event emails ("notification") and rights'
licence notices ("licence_notice") are each delivered, once, by their own app's handler, whichever
app registers its handlers first."""

import datetime as dt

import pytest
from django.apps import apps
from django.core import mail
from django.utils import timezone

from approvals.models import Notification
from approvals.services.notifications import notification_outbox_handler
from integration.models import OutboxMessage
from integration.services import outbox_delivery
from integration.services.outbox import outbox_replay
from rights.services.expiry import expiry_scan
from rights.services.notices import deliver_notice
from tests.factories.approvals import submitted_request
from tests.factories.rights import book, make_licence

pytestmark = pytest.mark.django_db
Kind = OutboxMessage.Kind


@pytest.mark.parametrize("order", [("approvals", "rights"), ("rights", "approvals")])
def test_each_app_registers_a_handler_for_its_own_kind_only_whatever_the_order(monkeypatch, order):
    monkeypatch.setattr(outbox_delivery, "_handlers", {})
    for label in order:
        apps.get_app_config(label).ready()
    notices = {
        k: h for k, h in outbox_delivery._handlers.items() if k in (Kind.NOTIFICATION, Kind.LICENCE_NOTICE)
    }
    assert notices == {
        Kind.NOTIFICATION: notification_outbox_handler,
        Kind.LICENCE_NOTICE: deliver_notice,
    }


def inbox(address: str) -> list[str]:
    return [m.subject for m in mail.outbox if address in m.to]


def test_an_approval_event_and_a_licence_warning_queued_together_each_reach_their_people_once(
    people, consonance, django_capture_on_commit_callbacks
):
    now = timezone.now()
    title, _ = book(published=timezone.localdate(now) - dt.timedelta(days=30))
    licence = make_licence(title=title, valid_until=timezone.localdate(now) + dt.timedelta(days=20), now=now)
    with django_capture_on_commit_callbacks(execute=True):
        approval_request = submitted_request(requester=people.edith)  # Legal's step starts
        expiry_scan(now=now)  # the 30-day warning to Rights

    event_row = OutboxMessage.objects.get(kind=Kind.NOTIFICATION, source_id=approval_request.pk)
    notice_row = OutboxMessage.objects.get(kind=Kind.LICENCE_NOTICE, source_id=licence.pk)
    for row in (event_row, notice_row):
        assert (row.status, row.last_error) == ("sent", ""), row.kind
    assert event_row.last_response["notified"] == 1  # lena, the one member of Legal
    assert notice_row.last_response == {"group": "Rights", "members": 1, "notified": 1}  # rita

    waiting = inbox("lena@example.com")
    warned = inbox("rita@example.com")
    assert len(waiting) == 1 and waiting[0].startswith(
        f"Waiting for you: Legal step of request #{approval_request.pk}"
    )
    assert len(warned) == 1 and warned[0].startswith(f"Licence #{licence.pk} ends in 20 days")
    assert not inbox("edith@example.com") and not inbox("mary@example.com")

    # Delivered again (a replay, as after an unknown outcome): each row is sent, nobody hears twice.
    with django_capture_on_commit_callbacks(execute=True):
        replays = [outbox_replay(message=row) for row in (event_row, notice_row)]
    for replay in replays:
        replay.refresh_from_db()
        assert (replay.status, replay.last_response["notified"]) == ("sent", 0), replay.kind
    assert len(mail.outbox) == 2
    assert Notification.objects.filter(recipient=people.lena).count() == 1
    assert Notification.objects.filter(recipient=people.rita).count() == 1
