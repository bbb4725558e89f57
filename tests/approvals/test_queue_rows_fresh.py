"""A queue row is kept once built, and never shown stale: whatever it shows changes its key."""

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from approvals.services import step_reassign
from integration.models import Title
from tests.factories.approvals import submitted_request

pytestmark = pytest.mark.django_db


def row_of(client, approval_request) -> str:
    html = client.get(reverse("approvals:queue")).content.decode()
    rows = [row for row in re.findall(r"<tr[^>]*>.*?</tr>", html, re.S) if f"#{approval_request.pk} " in row]
    assert len(rows) == 1, f"request #{approval_request.pk} is not in the queue once"
    return rows[0]


def test_a_reassignment_shows_at_once(client, people):
    req = submitted_request(requester=people.edith)
    client.force_login(people.luke)
    assert "assigned to" not in row_of(client, req)  # built and kept
    step_reassign(approval_request=req, actor=people.lena, assignee=people.luke)
    assert "assigned to luke" in row_of(client, req)


def test_a_picture_getty_withdraws_shows_its_failing_check_at_once(client, people):
    req = submitted_request(requester=people.edith)
    client.force_login(people.lena)
    assert "Available at Getty" not in row_of(client, req)
    req.asset.withdrawn_at = timezone.now()
    req.asset.save(update_fields=["withdrawn_at"])
    assert "Available at Getty" in row_of(client, req)


def test_a_title_the_sync_changed_shows_its_new_name_at_once(client, people):
    req = submitted_request(requester=people.edith)
    client.force_login(people.lena)
    assert "The Renamed Shore" not in row_of(client, req)
    # What the title mirror does when Consonance renames a work.
    Title.objects.filter(pk=req.title_id).update(title="The Renamed Shore", synced_at=timezone.now())
    assert "The Renamed Shore" in row_of(client, req)


def test_the_overdue_mark_follows_the_clock_not_the_cache(client, people, monkeypatch):
    req = submitted_request(requester=people.edith)
    due = req.current_step.due_at
    assert due is not None
    client.force_login(people.lena)
    row = row_of(client, req)
    assert "Overdue" not in row and 'class="overdue"' not in row
    # The page's clock an hour past the deadline; nothing about the row itself changed.
    monkeypatch.setattr("approvals.views.timezone", SimpleNamespace(now=lambda: due + dt.timedelta(hours=1)))
    row = row_of(client, req)
    assert "Overdue" in row and '<tr class="overdue">' in row
