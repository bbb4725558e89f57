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
