"""Emails and in-app notifications: who hears what, after commit, exactly once."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django_q.models import Schedule

from approvals.models import ApprovalEvent, Notification, WorkflowStep
from approvals.services import step_approve, step_reassign, step_reject, step_request_changes
from approvals.services.notifications import (
    notifications_deliver_for_event,
    notifications_send_overdue_digest,
)
from tests.factories.approvals import submitted_request

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def inbox(address):
    return [m for m in mail.outbox if address in m.to]


def test_nothing_is_sent_before_commit_and_the_legal_group_hears_once_after(
    people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        req = submitted_request(requester=people.edith)
    assert mail.outbox == [] and callbacks
    for callback in callbacks:
        callback()
    assert len(inbox("lena@example.com")) == 1 and len(inbox("luke@example.com")) == 1
    message = inbox("lena@example.com")[0]
    assert message.subject.startswith(f"Waiting for you: Legal step of request #{req.pk}")
    assert f"/approvals/requests/{req.pk}/" in message.body
    assert message.alternatives and "<a href=" in message.alternatives[0][0]
    assert not inbox("edith@example.com") and not inbox("pat@example.com")


def test_delivering_the_same_event_again_sends_nothing(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        req = submitted_request(requester=people.edith)
    sent = len(mail.outbox)
    started = req.events.get(kind="step_started")
    assert notifications_deliver_for_event(event_id=started.pk) == 0
    assert len(mail.outbox) == sent
    assert Notification.objects.filter(event_key=f"event:{started.pk}").count() == 2


def test_requester_hears_of_changes_requested_and_final_approval(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = submitted_request(requester=people.edith)
        second = submitted_request(requester=people.edith)
        step_request_changes(approval_request=first, actor=people.lena, comment="Crop the left side.")
        step_approve(approval_request=second, actor=people.lena)
        step_approve(approval_request=second, actor=people.pat)
    subjects = [m.subject for m in inbox("edith@example.com")]
    assert any(s.startswith(f"Changes requested on request #{first.pk}") for s in subjects)
    assert any(s.startswith(f"Approved: request #{second.pk}") for s in subjects)
    assert "Crop the left side." in inbox("edith@example.com")[0].body
    assert len(inbox("pat@example.com")) == 1  # Production heard once, when its step started


def test_rejection_reaches_the_requester_and_earlier_deciders(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        req = submitted_request(requester=people.edith)
        step_approve(approval_request=req, actor=people.lena)
        step_reject(approval_request=req, actor=people.pat, comment="Too soft for a 23 cm trim.")
    assert any(m.subject.startswith("Rejected") for m in inbox("edith@example.com"))
    assert any(m.subject.startswith("Rejected") for m in inbox("lena@example.com"))
    assert not any(m.subject.startswith("Rejected") for m in inbox("luke@example.com"))


def test_reassignment_tells_only_the_new_assignee(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        req = submitted_request(requester=people.edith)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        step_reassign(approval_request=req, actor=people.lena, assignee=people.luke)
    assert [m.to for m in mail.outbox] == [["luke@example.com"]]


def test_unread_count_in_header_and_mark_read(client, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submitted_request(requester=people.edith)
        submitted_request(requester=people.edith)
    client.force_login(people.lena)
    html = client.get(reverse("approvals:notifications")).content.decode()
    assert 'aria-label="2 unread"' in html and html.count("Waiting for you") == 2
    client.post(reverse("approvals:notifications-read"))
    assert "unread" not in client.get(reverse("approvals:queue")).content.decode().split("</header>")[0]


def test_overdue_digest_once_a_day_to_whoever_the_steps_wait_for(people, django_capture_on_commit_callbacks):
    submitted_request(requester=people.edith, now=NOW - dt.timedelta(days=10))
    submitted_request(requester=people.edith, now=NOW)  # not overdue
    assert notifications_send_overdue_digest(now=NOW) == 2
    digest = inbox("lena@example.com")[0]
    assert digest.subject == "1 overdue approval step waiting for you"
    assert notifications_send_overdue_digest(now=NOW + dt.timedelta(hours=3)) == 0
    assert notifications_send_overdue_digest(now=NOW + dt.timedelta(days=1)) == 2


def test_daily_digest_schedule_exists_once():
    schedules = Schedule.objects.filter(func="approvals.tasks.send_overdue_digest")
    assert schedules.count() == 1 and schedules.get().schedule_type == Schedule.DAILY


def test_events_for_skips_notify_nobody(people, django_capture_on_commit_callbacks):
    WorkflowStep.objects.filter(name="Legal").update(condition="rights_managed")
    with django_capture_on_commit_callbacks(execute=True):
        req = submitted_request(requester=people.edith)
    skipped = ApprovalEvent.objects.filter(request=req, kind="step_skipped")
    assert skipped.count() == 2
    assert not Notification.objects.filter(event_key__in=[f"event:{e.pk}" for e in skipped]).exists()


def test_marking_one_notification_read_leaves_the_others_and_a_garbled_id_marks_none(
    client, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submitted_request(requester=people.edith)
        submitted_request(requester=people.edith)
    first, second = Notification.objects.filter(recipient=people.lena).order_by("pk")
    client.force_login(people.lena)
    client.post(reverse("approvals:notifications-read"), {"id": ["٣"]})
    assert Notification.objects.filter(recipient=people.lena, read_at__isnull=True).count() == 2
    client.post(reverse("approvals:notifications-read"), {"id": [str(first.pk)]})
    unread = Notification.objects.filter(recipient=people.lena, read_at__isnull=True)
    assert list(unread) == [second]


def test_acting_on_a_request_marks_the_readers_notifications_of_it_read(
    client, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        req = submitted_request(requester=people.edith)
        other = submitted_request(requester=people.edith)
    assert Notification.objects.filter(recipient=people.lena, read_at__isnull=True).count() == 2
    client.force_login(people.lena)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("approvals:request-act", args=[req.pk]), {"action": "approve", "version": 1})
    unread = Notification.objects.filter(recipient=people.lena, read_at__isnull=True)
    assert list(unread.values_list("url", flat=True)) == [
        reverse("approvals:request-detail", args=[other.pk])
    ]
    # Luke, in the same group, did not act: his stay new.
    assert Notification.objects.filter(recipient=people.luke, read_at__isnull=True).count() == 2
