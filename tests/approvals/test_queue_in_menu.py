"""Every group a workflow step names gets "My queue" in the menu, not only the roles that had one."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.context_processors import navigation_for
from approvals.models import Workflow, WorkflowStep

pytestmark = pytest.mark.django_db


def menu_of(user) -> list[str]:
    return [item["label"] for item in navigation_for(user)]


def test_a_group_named_by_a_step_sees_my_queue_until_the_step_goes(client, people):
    assert "My queue" not in menu_of(people.rita)
    workflow = Workflow.objects.get(is_default=True)
    step = WorkflowStep.objects.create(
        workflow=workflow, position=4, name="Rights clearance", group=Group.objects.get(name="Rights")
    )
    assert "My queue" in menu_of(people.rita)
    client.force_login(people.rita)
    html = client.get(reverse("approvals:my-requests")).content.decode()
    assert f'<a href="{reverse("approvals:queue")}">My queue</a>' in html
    assert client.get(reverse("approvals:queue")).status_code == 200

    step.delete()
    assert "My queue" not in menu_of(people.rita)
    assert "My queue" in menu_of(people.lena)  # Legal keeps its queue (its role has one)


def test_the_groups_with_a_queue_cost_no_query_once_read(client, people):
    client.force_login(people.rita)
    page = reverse("approvals:my-requests")
    client.get(page)
    with CaptureQueriesContext(connection) as warm:
        client.get(page)
    assert not [q for q in warm.captured_queries if "approvals_workflowstep" in q["sql"]]
