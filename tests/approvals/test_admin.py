import pytest
from django.urls import reverse

from approvals.models import Workflow
from tests.factories.approvals import submitted_request

pytestmark = pytest.mark.django_db


def test_admin_edits_workflows_and_only_reads_requests(admin_client, people):
    req = submitted_request(requester=people.edith)
    workflow = Workflow.objects.get(is_default=True)
    html = admin_client.get(reverse("admin:approvals_workflow_change", args=[workflow.pk])).content.decode()
    assert 'name="steps-0-condition"' in html
    page = admin_client.get(reverse("admin:approvals_approvalrequest_change", args=[req.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    for name in ("approvalrequest", "approvalstep", "approvalevent"):
        assert admin_client.get(reverse(f"admin:approvals_{name}_changelist")).status_code == 200
        assert admin_client.get(reverse(f"admin:approvals_{name}_add")).status_code == 403


def _workflow_form(workflow, positions):
    """The admin change form of `workflow` as a browser posts it, with the steps' positions replaced."""
    steps = list(workflow.steps.order_by("position"))
    data = {
        "name": workflow.name,
        "is_default": "on" if workflow.is_default else "",
        "is_active": "on" if workflow.is_active else "",
        "steps-TOTAL_FORMS": str(len(steps)),
        "steps-INITIAL_FORMS": str(len(steps)),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    for index, step in enumerate(steps):
        prefix = f"steps-{index}-"
        data.update(
            {
                prefix + "id": str(step.pk),
                prefix + "workflow": str(workflow.pk),
                prefix + "position": str(positions.get(step.name, step.position)),
                prefix + "name": step.name,
                prefix + "group": str(step.group_id),
                prefix + "condition": step.condition,
                prefix + "fee_threshold": "" if step.fee_threshold is None else str(step.fee_threshold),
                prefix + "deadline_days": str(step.deadline_days),
                prefix + "days_before_publication": (
                    "" if step.days_before_publication is None else str(step.days_before_publication)
                ),
                prefix + "approvals_required": str(step.approvals_required),
            }
        )
    return data


def test_admin_swaps_two_steps_positions(admin_client):
    workflow = Workflow.objects.get(is_default=True)
    url = reverse("admin:approvals_workflow_change", args=[workflow.pk])
    response = admin_client.post(url, _workflow_form(workflow, {"Legal": 3, "Production": 2}))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(workflow.steps.order_by("position").values_list("name", "position")) == [
        ("Editorial", 1),
        ("Production", 2),
        ("Legal", 3),
    ]


def test_admin_rotates_steps_and_moves_one_onto_a_freed_position(admin_client):
    workflow = Workflow.objects.get(is_default=True)
    url = reverse("admin:approvals_workflow_change", args=[workflow.pk])
    response = admin_client.post(url, _workflow_form(workflow, {"Editorial": 3, "Legal": 1, "Production": 2}))
    assert response.status_code == 302
    assert list(workflow.steps.order_by("position").values_list("name", flat=True)) == [
        "Legal",
        "Production",
        "Editorial",
    ]


def test_admin_refuses_two_steps_at_one_position_with_a_form_error(admin_client):
    workflow = Workflow.objects.get(is_default=True)
    url = reverse("admin:approvals_workflow_change", args=[workflow.pk])
    response = admin_client.post(url, _workflow_form(workflow, {"Legal": 3}))
    assert response.status_code == 200
    assert "Please correct the duplicate data for position." in response.content.decode()
    assert list(workflow.steps.order_by("position").values_list("name", "position")) == [
        ("Editorial", 1),
        ("Legal", 2),
        ("Production", 3),
    ]
