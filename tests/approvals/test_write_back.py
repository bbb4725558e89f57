"""What Consonance and people hear of approval decisions: written to the outbox with the decision.

Every test runs its on-commit callbacks, so the outbox's delivery (sync django-q in tests) reaches the
Consonance sandbox; what Consonance holds is read from the sandbox's own records.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django_q.models import OrmQ, Task

from approvals.errors import TODO_NOT_AN_ID, ApprovalError, StaleDecision
from approvals.models import ApprovalRequest
from approvals.models.requests import Placement
from approvals.services import (
    IntendedUse,
    request_resubmit,
    request_submit,
    request_withdraw,
    step_approve,
    step_reject,
    step_request_changes,
)
from integration.models import OutboxMessage
from integration.services.outbox import outbox_replay
from integration.services.outbox_delivery import outbox_deliver_due
from tests.factories.approvals import shortlisted_asset
from tests.factories.titles import ProductFactory, TitleFactory

pytestmark = pytest.mark.django_db
Kind = OutboxMessage.Kind
Status = OutboxMessage.Status
JACKET_TODO = 70002  # "Jacket brief and cover image approved", on the sandbox's first work


@pytest.fixture
def work_title(consonance):
    """The sandbox's first work mirrored as a Title with its products, as the title sync leaves it."""
    state = consonance.app.state
    work = state.works[state.work_ids[0]]
    title = TitleFactory(
        consonance_id=work["id"],
        title=work["title"],
        todos=[{**todo, "dueDate": todo["dueDate"].isoformat()} for todo in state.todos_of_work(work["id"])],
    )
    for product in work["products"]:
        ProductFactory(title=title, consonance_id=product["id"])
    assert JACKET_TODO in [todo["id"] for todo in title.todos]
    return title


def full_use(title, **changes) -> IntendedUse:
    products = tuple(title.products.order_by("consonance_id")[:2])
    use = {
        "title": title,
        "placement": Placement.FRONT_COVER,
        "products": products,
        "channels": ("print", "digital"),
        "territories": ("IE", "GB"),
        "print_run": 5000,
        "period_start": dt.date(2027, 1, 1),
        "period_end": dt.date(2031, 12, 31),
        "fee": Decimal("250.00"),
        "consonance_todo_id": str(JACKET_TODO),
    }
    return IntendedUse(**{**use, **changes})


def submit(requester, title, **changes) -> ApprovalRequest:
    asset, _ = shortlisted_asset(title=title)
    return request_submit(asset=asset, use=full_use(title, **changes), requester=requester)


def permissions(consonance) -> list[dict]:
    return consonance.app.picture_permissions()


def history(permission: dict) -> list[tuple]:
    return [(n["step"], n["decision"], n["by"], n["comment"]) for n in permission["approvalHistory"]]


def test_a_full_editorial_legal_production_run_grants_one_permission_and_attaches_the_picture_to_the_todo(
    consonance, work_title, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        req = submit(people.mary, work_title)
    [requested] = permissions(consonance)
    assert requested["status"] == "REQUESTED"
    assert requested["approvalStatus"] == "Editorial: waiting for decision"
    assert history(requested) == [("Submission", "Submitted", "mary", None)]

    for person, comment in (
        (people.edith, "Right mood."),
        (people.lena, "RF, fine."),
        (people.pat, "Sharp."),
    ):
        with django_capture_on_commit_callbacks(execute=True):
            step_approve(approval_request=req, actor=person, comment=comment)

    [permission] = permissions(consonance)
    asset = req.asset
    product_ids = sorted(p.consonance_id for p in req.products.all())
    assert permission["externalRef"] == f"getty:{asset.getty_id}:{req.pk}"
    assert permission["workId"] == work_title.consonance_id
    assert permission["status"] == "GRANTED"
    assert permission["approvalStatus"] == "Approved: Editorial, Legal, Production"
    assert history(permission) == [
        ("Submission", "Submitted", "mary", None),
        ("Editorial", "Approved", "edith", "Right mood."),
        ("Legal", "Approved", "lena", "RF, fine."),
        ("Production", "Approved", "pat", "Sharp."),
    ]
    assert all(note["at"] for note in permission["approvalHistory"])
    assert permission["licenceType"] == "ROYALTY_FREE"
    assert permission["rightsHolder"] == "Jane Doe (Getty Images, Moment)"
    assert permission["requiredCredit"] == "Jane Doe / Getty Images"
    assert permission["caption"] == asset.caption
    assert permission["placement"] == "FRONT_COVER"
    assert permission["channels"] == ["PRINT", "EBOOK", "AUDIO", "WEB"]
    assert permission["territoryIncluded"] == "GB IE"
    assert permission["productIds"] == product_ids and len(product_ids) == 2
    assert permission["printRunCap"] == 5000
    assert permission["validFrom"] == dt.date(2027, 1, 1)
    assert permission["validUntil"] == dt.date(2031, 12, 31)
    assert permission["fee"] == {"amount": "250.00", "currencyCode": "GBP"}

    [attachment] = consonance.app.todo_attachments()
    assert attachment["todoId"] == JACKET_TODO
    assert attachment["externalRef"] == permission["externalRef"]
    assert attachment["url"] == settings.SITE_URL + reverse("approvals:request-detail", args=[req.pk])
    assert asset.getty_id in attachment["label"] and "Jane Doe / Getty Images" in attachment["label"]
    assert f"Comp: {asset.comp_url}" in attachment["label"]

    writes = OutboxMessage.objects.filter(target=OutboxMessage.Target.CONSONANCE)
    assert {(m.kind, m.status) for m in writes} == {
        (Kind.PICTURE_PERMISSION, Status.SENT),
        (Kind.TODO_ATTACHMENT, Status.SENT),
    }
    assert {m.natural_key for m in writes} == {
        f"permission:getty:{asset.getty_id}:{req.pk}",
        f"todo:{JACKET_TODO}:getty:{asset.getty_id}:{req.pk}",
    }
    assert all(m.source_type == "approval_request" and m.source_id == req.pk for m in writes)
    assert all(m.title_id == work_title.pk for m in writes)
    assert writes.filter(kind=Kind.PICTURE_PERMISSION).first().label.startswith("Permission GRANTED")


def test_a_rejection_refuses_the_permission_and_attaches_nothing(
    consonance, work_title, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        req = submit(people.edith, work_title)
        step_reject(approval_request=req, actor=people.lena, comment="Model release missing.")
    [permission] = permissions(consonance)
    assert permission["status"] == "REFUSED"
    assert permission["approvalStatus"] == "Legal: rejected"
    decisions = history(permission)
    assert decisions[0] == ("Submission", "Submitted", "edith", None)
    assert decisions[1][:2] == ("Editorial", "Skipped")  # the editor's submission is the sign-off
    assert decisions[-1] == ("Legal", "Rejected", "lena", "Model release missing.")
    assert consonance.app.todo_attachments() == []


def test_resubmission_updates_the_same_permission_and_clears_what_the_new_use_left_out(
    consonance, work_title, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        req = submit(people.edith, work_title)
        step_request_changes(approval_request=req, actor=people.lena, comment="World rights, please.")
    [changes] = permissions(consonance)
    assert changes["status"] == "REQUESTED"
    assert changes["approvalStatus"] == "Legal: changes requested; waiting for the requester to resubmit"
    ref = changes["externalRef"]

    with django_capture_on_commit_callbacks(execute=True):
        request_resubmit(
            approval_request=req,
            actor=people.edith,
            use=full_use(work_title, territories=("WORLD",), print_run=None, fee=None, products=()),
        )
    [permission] = permissions(consonance)
    assert permission["externalRef"] == ref and permission["id"] == changes["id"]
    assert permission["status"] == "REQUESTED"
    assert permission["approvalStatus"] == "Legal: waiting for decision"
    assert permission["territoryIncluded"] == "WORLD"
    assert permission["printRunCap"] is None and permission["fee"] is None
    assert permission["productIds"] == []  # every product
    decisions = [(step, decision) for step, decision, _, _ in history(permission)]
    assert ("Legal", "Changes requested") in decisions
    assert ("Submission (round 2)", "Resubmitted") in decisions
    assert decisions[-1] == ("Editorial (round 2)", "Skipped")


def test_a_withdrawn_request_reads_as_refused_and_withdrawn(
    consonance, work_title, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        req = submit(people.edith, work_title)
        request_withdraw(approval_request=req, actor=people.edith, comment="Found a better one.")
    [permission] = permissions(consonance)
    assert permission["status"] == "REFUSED"
    assert permission["approvalStatus"] == "Withdrawn by the requester"
    assert history(permission)[-1] == ("Legal", "Withdrawn", "edith", "Found a better one.")


def test_a_rolled_back_submission_leaves_no_outbox_row_and_queues_no_task(
    consonance, work_title, people, django_capture_on_commit_callbacks
):
    asset, _ = shortlisted_asset(title=work_title)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            request_submit(asset=asset, use=full_use(work_title), requester=people.edith)
            raise RuntimeError("the page failed after submitting")
    assert callbacks == []
    assert not ApprovalRequest.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert not Task.objects.exists() and not OrmQ.objects.exists()
    assert permissions(consonance) == [] and mail.outbox == []


def test_a_stale_decision_writes_nothing(consonance, work_title, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        req = submit(people.edith, work_title)
    stale = ApprovalRequest.objects.select_related("current_step").get(pk=req.pk)  # Luke's open page
    with django_capture_on_commit_callbacks(execute=True):
        step_approve(approval_request=req, actor=people.lena, comment="ok")
    rows, tasks = OutboxMessage.objects.count(), Task.objects.count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(StaleDecision):
            step_reject(approval_request=stale, actor=people.luke, comment="No.")
    assert callbacks == []
    assert OutboxMessage.objects.count() == rows and Task.objects.count() == tasks
    [permission] = permissions(consonance)
    assert (
        permission["status"] == "REQUESTED"
        and permission["approvalStatus"] == "Production: waiting for decision"
    )


def test_a_todo_that_is_not_a_consonance_id_is_refused_at_submission(work_title, people):
    asset, _ = shortlisted_asset(title=work_title)
    for bad in ("jacket", "٣", "70002.0", str(2**31)):
        with pytest.raises(ApprovalError) as refused:
            request_submit(
                asset=asset, use=full_use(work_title, consonance_todo_id=bad), requester=people.edith
            )
        assert refused.value.message == TODO_NOT_AN_ID.format(value=bad)
    assert not ApprovalRequest.objects.exists() and not OutboxMessage.objects.exists()


def test_the_api_refuses_a_garbled_todo_with_a_400(client, work_title, people):
    asset, _ = shortlisted_asset(title=work_title)
    client.force_login(people.edith)
    response = client.post(
        reverse("approvals-api:requests"),
        {
            "asset": asset.getty_id,
            "title": work_title.pk,
            "placement": "interior",
            "territories": ["GB"],
            "consonance_todo_id": "jacket",
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and "jacket" in response.content.decode()
    assert not ApprovalRequest.objects.exists()


# --- notifications ---------------------------------------------------------------------------------


def notification_rows():
    return OutboxMessage.objects.filter(kind=Kind.NOTIFICATION).order_by("id")


def test_an_event_that_tells_someone_writes_a_notification_row_in_its_transaction(
    consonance, work_title, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        req = submit(people.edith, work_title)
    started = req.events.get(kind="step_started")
    [row] = notification_rows()
    assert row.natural_key == f"event:{started.pk}" and row.payload == {"event_id": started.pk}
    assert row.target == OutboxMessage.Target.PICTURE_DESK and row.status == Status.PENDING
    assert row.source_type == "approval_request" and row.source_id == req.pk
    assert mail.outbox == []  # nothing goes before commit
    for callback in callbacks:
        callback()
    row.refresh_from_db()
    assert row.status == Status.SENT and row.last_response == {"eventId": started.pk, "notified": 2}
    assert sorted(m.to[0] for m in mail.outbox) == ["lena@example.com", "luke@example.com"]


def test_delivering_a_notification_twice_sends_each_email_once(
    consonance, work_title, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(people.edith, work_title)
    [row] = notification_rows()
    assert len(mail.outbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        outbox_replay(message=row)
    again = notification_rows().last()
    assert again.pk != row.pk and again.status == Status.SENT
    assert again.last_response["notified"] == 0
    assert len(mail.outbox) == 2


class RefusingEmailBackend:
    """An SMTP server that is down: no sandbox stands in for one."""

    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server unreachable")


def test_an_email_that_fails_is_retried_by_the_outbox_until_it_goes(
    consonance, work_title, people, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingEmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        submit(people.edith, work_title)
    [row] = notification_rows()
    assert row.status == Status.RETRYING and "SMTP server unreachable" in row.last_error
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxMessage.objects.filter(pk=row.pk).update(next_attempt_at=row.created_at)  # its retry is due
    outbox_deliver_due(time_budget=5)
    row.refresh_from_db()
    assert row.status == Status.SENT
    assert sorted(m.to[0] for m in mail.outbox) == ["lena@example.com", "luke@example.com"]
