"""The workflow through its services: routing, decisions, resubmission, refusals."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from approvals import errors
from approvals.models import ApprovalEvent, ApprovalRequest, ApprovalStep, Condition, WorkflowStep
from approvals.models.requests import Placement
from approvals.services import (
    IntendedUse,
    request_resubmit,
    request_submit,
    request_withdraw,
    step_approve,
    step_reassign,
    step_reject,
    step_request_changes,
)
from tests.factories.approvals import shortlisted_asset, submitted_request

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
S = ApprovalStep.Status


def statuses(approval_request):
    return [(s.name, s.status) for s in approval_request.steps.filter(round=approval_request.round)]


def test_editor_submission_skips_editorial_step_with_reason_and_starts_legal(people):
    req = submitted_request(requester=people.edith, now=NOW)
    assert statuses(req) == [("Editorial", S.SKIPPED), ("Legal", S.ACTIVE), ("Production", S.PENDING)]
    skipped = req.steps.get(name="Editorial")
    assert "member of Editorial" in skipped.skip_reason
    assert req.current_step.name == "Legal"
    assert req.current_step.due_at == NOW + dt.timedelta(days=3)


def test_marketing_submission_needs_editorial_step(people):
    req = submitted_request(requester=people.mary, now=NOW)
    assert req.current_step.name == "Editorial"


def test_full_approval_walks_every_step_and_records_every_event(people):
    req = submitted_request(requester=people.edith, now=NOW)
    step_approve(approval_request=req, actor=people.lena, now=NOW)
    step_approve(approval_request=req, actor=people.pat, now=NOW)
    req.refresh_from_db()
    assert req.status == ApprovalRequest.Status.APPROVED
    assert req.current_step is None
    kinds = list(req.events.values_list("kind", flat=True))
    assert kinds == [
        "submitted",
        "step_skipped",
        "step_started",
        "approved",
        "step_started",
        "approved",
        "completed",
    ]


def test_deadline_is_the_earlier_of_days_after_start_and_before_publication(people):
    asset, title = shortlisted_asset()
    title.products.update(publication_date=(NOW + dt.timedelta(days=31)).date())
    use = IntendedUse(title=title, placement=Placement.INTERIOR, territories=("GB",))
    req = request_submit(asset=asset, use=use, requester=people.edith, now=NOW)
    # Legal: 3 days after start, or 30 days before publication (tomorrow 09:00): the earlier wins.
    assert timezone.localtime(req.current_step.due_at).date() == (NOW + dt.timedelta(days=1)).date()


def test_legal_cannot_approve_production_step_and_production_cannot_approve_legal(people):
    req = submitted_request(requester=people.edith, now=NOW)
    with pytest.raises(errors.NotAllowed, match="cannot approve"):
        step_approve(approval_request=req, actor=people.pat, now=NOW)
    step_approve(approval_request=req, actor=people.lena, now=NOW)
    with pytest.raises(errors.NotAllowed):
        step_approve(approval_request=req, actor=people.luke, now=NOW)


def test_requester_never_decides_own_request(people, role_user):
    from accounts.roles import Role

    both = role_user(Role.EDITORIAL, "both")
    both.groups.add(*people.lena.groups.all())
    req = submitted_request(requester=both, now=NOW)
    with pytest.raises(errors.NotAllowed):
        step_approve(approval_request=req, actor=both, now=NOW)


def test_request_changes_and_reject_need_a_comment(people):
    req = submitted_request(requester=people.edith, now=NOW)
    with pytest.raises(errors.ApprovalError) as refused:
        step_request_changes(approval_request=req, actor=people.lena, comment="  ", now=NOW)
    assert refused.value.message == "A comment is required to request changes."
    with pytest.raises(errors.ApprovalError, match="comment is required"):
        step_reject(approval_request=req, actor=people.lena, comment="", now=NOW)
    req.refresh_from_db()
    assert req.status == ApprovalRequest.Status.IN_REVIEW and req.version == 1


def test_approve_over_failing_check_needs_comment(people):
    req = submitted_request(requester=people.edith, now=NOW, placement=Placement.FRONT_COVER, editorial=True)
    with pytest.raises(errors.ApprovalError, match="Editorial use"):
        step_approve(approval_request=req, actor=people.lena, now=NOW)
    step_approve(approval_request=req, actor=people.lena, comment="Cleared with Getty by phone.", now=NOW)
    assert req.events.get(kind="approved").comment == "Cleared with Getty by phone."


def test_changes_requested_then_resubmitted_starts_a_new_round(people):
    req = submitted_request(requester=people.edith, now=NOW)
    step_request_changes(
        approval_request=req, actor=people.lena, comment="Use it inside, not on the cover.", now=NOW
    )
    assert req.status == ApprovalRequest.Status.CHANGES_REQUESTED
    use = IntendedUse(title=req.title, placement=Placement.INTERIOR, territories=("GB", "IE"))
    request_resubmit(approval_request=req, actor=people.edith, use=use, now=NOW)
    req.refresh_from_db()
    assert req.round == 2 and req.status == ApprovalRequest.Status.IN_REVIEW
    assert req.current_step.name == "Legal" and req.current_step.round == 2
    assert req.territories == ["GB", "IE"]


def test_only_the_requester_withdraws(people):
    req = submitted_request(requester=people.edith, now=NOW)
    with pytest.raises(errors.NotAllowed):
        request_withdraw(approval_request=req, actor=people.evan, now=NOW)
    request_withdraw(approval_request=req, actor=people.edith, now=NOW)
    assert req.status == ApprovalRequest.Status.WITHDRAWN
    assert req.steps.get(name="Legal").status == S.CANCELLED


def test_reassigned_step_is_decided_only_by_the_assignee(people):
    req = submitted_request(requester=people.edith, now=NOW)
    step_reassign(approval_request=req, actor=people.lena, assignee=people.luke, now=NOW)
    with pytest.raises(errors.NotAllowed):
        step_approve(approval_request=req, actor=people.lena, now=NOW)
    step_approve(approval_request=req, actor=people.luke, now=NOW)
    assert req.current_step.name == "Production"


def test_reassign_refuses_someone_outside_the_group(people):
    req = submitted_request(requester=people.edith, now=NOW)
    with pytest.raises(errors.ApprovalError, match="pat is not a member of Legal"):
        step_reassign(approval_request=req, actor=people.lena, assignee=people.pat, now=NOW)


def test_a_step_needing_two_approvals_waits_for_a_second_person(people):
    WorkflowStep.objects.filter(name="Legal").update(approvals_required=2)
    req = submitted_request(requester=people.edith, now=NOW)
    step_approve(approval_request=req, actor=people.lena, now=NOW)
    assert req.current_step.name == "Legal"
    with pytest.raises(errors.NotAllowed, match="already approved"):
        step_approve(approval_request=req, actor=people.lena, now=NOW)
    step_approve(approval_request=req, actor=people.luke, now=NOW)
    assert req.current_step.name == "Production"


def test_rights_managed_condition_skips_legal_for_royalty_free(people):
    WorkflowStep.objects.filter(name="Legal").update(condition=Condition.RIGHTS_MANAGED)
    req = submitted_request(requester=people.edith, now=NOW)
    legal = req.steps.get(name="Legal")
    assert legal.status == S.SKIPPED and legal.skip_reason == "The picture is royalty-free."
    assert req.current_step.name == "Production"


def test_second_active_request_for_same_asset_and_use_is_refused(people):
    req = submitted_request(requester=people.edith, now=NOW)
    use = IntendedUse(title=req.title, placement=Placement.INTERIOR, territories=("GB",))
    with pytest.raises(errors.ApprovalError, match="already has an active request"):
        request_submit(asset=req.asset, use=use, requester=people.evan, now=NOW)
    # A different use of the same picture is a different request.
    other = IntendedUse(title=req.title, placement=Placement.BACK_COVER, territories=("GB",))
    assert request_submit(asset=req.asset, use=other, requester=people.evan, now=NOW).pk != req.pk


def test_database_refuses_a_second_active_request_even_past_the_service(people):
    req = submitted_request(requester=people.edith, now=NOW)
    clone = ApprovalRequest(
        asset=req.asset,
        workflow=req.workflow,
        requester=people.evan,
        title=req.title,
        placement=req.placement,
        use_fingerprint=req.use_fingerprint,
        submitted_at=NOW,
        updated_at=NOW,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        clone.save()


def test_a_rejected_request_frees_the_use_for_a_new_request(people):
    req = submitted_request(requester=people.edith, now=NOW)
    step_reject(approval_request=req, actor=people.lena, comment="No.", now=NOW)
    use = IntendedUse(title=req.title, placement=Placement.INTERIOR, territories=("GB",))
    assert request_submit(asset=req.asset, use=use, requester=people.edith, now=NOW).status == "in_review"


def test_rights_cannot_submit(people):
    asset, title = shortlisted_asset()
    with pytest.raises(errors.NotAllowed):
        request_submit(asset=asset, use=IntendedUse(title=title, placement="interior"), requester=people.rita)


def test_bad_territory_changes_nothing(people):
    asset, title = shortlisted_asset()
    use = IntendedUse(title=title, placement="interior", territories=("Narnia",))
    with pytest.raises(errors.ApprovalError, match="NARNIA is neither"):
        request_submit(asset=asset, use=use, requester=people.edith)
    assert not ApprovalRequest.objects.exists() and not ApprovalEvent.objects.exists()


def test_events_cannot_be_rewritten(people):
    req = submitted_request(requester=people.edith, now=NOW)
    event = req.events.first()
    event.comment = "edited"
    with pytest.raises(ValueError, match="append-only"):
        event.save()


def test_reassign_refuses_the_requester_even_when_in_the_group(people):
    people.edith.groups.add(*people.lena.groups.all())
    req = submitted_request(requester=people.edith, now=NOW)
    with pytest.raises(errors.ApprovalError, match="edith made this request"):
        step_reassign(approval_request=req, actor=people.lena, assignee=people.edith, now=NOW)
