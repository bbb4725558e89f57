"""Usage reports to Getty: a printing under an agreement that asks for them is counted once, on its date.

Against the Getty sandbox: the first printing of a licence (the request's print run) reaches Getty as
the batch "pd-printing-<id>" with its quantity and date; an answer lost after Getty stored it is sent
again, answered 409 and counted as sent, and Getty still holds the batch once; a printing dated later
waits for the daily run on its date; an agreement that asks for no reports sends none.
"""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone
from django_q.models import Schedule

from integration.models import OutboxMessage
from integration.services.outbox_delivery import outbox_deliver_due
from rights.models import ClearanceCheck, Licence, Printing
from rights.schedules import USAGE_REPORT_FUNC, USAGE_REPORT_SCHEDULE
from rights.services import LicenseOrder, picture_license
from rights.services.clearance import ClearanceEvent, clearance_check, clearance_record_printing
from rights.services.usage_reports import printing_usage_enqueue, usage_reports_queue_due
from rights.tasks import report_due_usages
from tests.rights.conftest import sandbox_picture

pytestmark = pytest.mark.django_db

USAGES = OutboxMessage.Kind.USAGE_REPORT


def utc_today() -> dt.date:
    return timezone.now().astimezone(dt.UTC).date()


def license_it(approved, people, capture, product="40101") -> Licence:
    with capture(execute=True):
        licence = picture_license(
            approval_request=approved, order=LicenseOrder(product), actor=people.pat
        ).licence
    return licence


def first_printing(licence: Licence) -> Printing:
    return Printing.objects.get(usage__licence=licence)


def test_the_first_printing_reaches_getty_once_as_a_batch_named_after_it(
    getty, make_approved, people, django_capture_on_commit_callbacks
):
    printed_on = utc_today() - dt.timedelta(days=10)
    approved = make_approved(print_run=3000, period_start=printed_on)
    licence = license_it(approved, people, django_capture_on_commit_callbacks)
    printing = first_printing(licence)

    assert getty.app.usage.batches == {
        f"pd-printing-{printing.pk}": [
            {"asset_id": licence.asset.getty_id, "quantity": 3000, "usage_date": printed_on.isoformat()}
        ]
    }
    row = OutboxMessage.objects.get(kind=USAGES)
    assert (row.status, row.target, row.natural_key) == (
        OutboxMessage.Status.SENT,
        OutboxMessage.Target.GETTY,
        f"getty-usage:pd-printing-{printing.pk}",
    )
    assert row.last_response == {
        "batchId": f"pd-printing-{printing.pk}",
        "alreadyRecorded": False,
        "processed": 1,
        "invalidAssets": [],
    }


def test_a_batch_whose_answer_was_lost_is_sent_again_answered_409_and_counted_once(
    getty, make_approved, people, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_CLIENT_RETRIES = 0  # the outbox, not the client, sends it again
    settings.OUTBOX_SETTLE_SECONDS = 0
    settings.OUTBOX_RETRY_BASE_SECONDS = 0
    getty.app.faults.add("drop", path_prefix="/v3/usage-batches", after=True)
    approved = make_approved(print_run=2500, period_start=utc_today() - dt.timedelta(days=1))
    licence = license_it(approved, people, django_capture_on_commit_callbacks)
    batch = f"pd-printing-{first_printing(licence).pk}"

    row = OutboxMessage.objects.get(kind=USAGES)
    assert row.status == OutboxMessage.Status.RETRYING, row.last_error
    assert list(getty.app.usage.batches) == [batch]  # stored, though we were not told

    outbox_deliver_due()

    row.refresh_from_db()
    assert row.status == OutboxMessage.Status.SENT and row.attempts == 2
    assert row.last_response["alreadyRecorded"] is True
    assert [(b, [u["quantity"] for u in usages]) for b, usages in getty.app.usage.recent_first()] == [
        (batch, [2500])
    ]


def test_a_printing_dated_later_waits_for_the_daily_run_on_its_date(
    getty, make_approved, people, django_capture_on_commit_callbacks
):
    printed_on = utc_today() + dt.timedelta(days=40)
    approved = make_approved(print_run=4000, period_start=printed_on)
    licence = license_it(approved, people, django_capture_on_commit_callbacks)
    printing = first_printing(licence)
    assert not OutboxMessage.objects.filter(kind=USAGES).exists()

    the_evening_before = dt.datetime.combine(printed_on, dt.time(23, 59), tzinfo=dt.UTC) - dt.timedelta(
        days=1
    )
    assert usage_reports_queue_due(now=the_evening_before) == 0

    on_the_day = dt.datetime.combine(printed_on, dt.time(0, 30), tzinfo=dt.UTC)
    assert usage_reports_queue_due(now=on_the_day) == 1
    assert usage_reports_queue_due(now=on_the_day) == 0  # queued once

    row = OutboxMessage.objects.get(kind=USAGES)
    assert row.natural_key == f"getty-usage:pd-printing-{printing.pk}"
    assert row.payload["asset_usages"] == [
        {"asset_id": licence.asset.getty_id, "quantity": 4000, "usage_date": printed_on.isoformat()}
    ]
    assert row.next_attempt_at == on_the_day


def test_the_daily_run_reports_a_printing_whose_date_has_come(
    getty, make_approved, people, django_capture_on_commit_callbacks
):
    approved = make_approved(print_run=1200, period_start=utc_today() + dt.timedelta(days=3))
    licence = license_it(approved, people, django_capture_on_commit_callbacks)
    printing = first_printing(licence)
    Printing.objects.filter(pk=printing.pk).update(printed_on=utc_today())  # the day has come

    with django_capture_on_commit_callbacks(execute=True):
        assert report_due_usages() == 1
    assert report_due_usages() == 0

    assert list(getty.app.usage.batches) == [f"pd-printing-{printing.pk}"]
    assert OutboxMessage.objects.get(kind=USAGES).status == OutboxMessage.Status.SENT


def test_a_printing_recorded_later_is_reported_through_the_hook(
    getty, make_approved, people, django_capture_on_commit_callbacks
):
    approved = make_approved(print_run=1000, period_start=utc_today() - dt.timedelta(days=30))
    licence = license_it(approved, people, django_capture_on_commit_callbacks)
    usage = licence.usages.get()

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        reprint = Printing.objects.create(
            usage=usage, quantity=800, printed_on=utc_today(), created_at=timezone.now(), note="Reprint."
        )
        printing_usage_enqueue(reprint)

    assert getty.app.usage.batches[f"pd-printing-{reprint.pk}"] == [
        {"asset_id": licence.asset.getty_id, "quantity": 800, "usage_date": utc_today().isoformat()}
    ]
    assert len(getty.app.usage.batches) == 2


def test_a_reprint_recorded_from_a_clearance_check_is_reported_on_its_date(
    getty, make_approved, people, django_capture_on_commit_callbacks
):
    approved = make_approved(
        print_run=1000, channels=("print",), period_start=utc_today() - dt.timedelta(days=60)
    )
    licence = license_it(approved, people, django_capture_on_commit_callbacks)
    hardback = licence.title.products.get(format_name="Hardback")
    planned_on = utc_today() + dt.timedelta(days=2)  # a clearance check is for an event to come
    check = clearance_check(
        title=licence.title,
        event=ClearanceEvent(
            kind=ClearanceCheck.Kind.REPRINT,
            planned_on=planned_on,
            products=(hardback,),
            quantity=700,
            territories=("GB",),
        ),
        by=people.rita,
    )
    assert check.verdict == "go"

    with django_capture_on_commit_callbacks(execute=True):
        (reprint,) = clearance_record_printing(check=check, by=people.rita)
    assert len(getty.app.usage.batches) == 1  # the first printing only: the reprint's day has not come

    on_the_day = dt.datetime.combine(planned_on, dt.time(6, 0), tzinfo=dt.UTC)
    assert usage_reports_queue_due(now=on_the_day) == 1
    row = OutboxMessage.objects.get(natural_key=f"getty-usage:pd-printing-{reprint.pk}")
    assert row.payload["asset_usages"] == [
        {"asset_id": licence.asset.getty_id, "quantity": 700, "usage_date": planned_on.isoformat()}
    ]


def test_an_agreement_that_asks_for_no_reports_sends_none(
    getty, make_approved, people, django_capture_on_commit_callbacks
):
    approved = make_approved(
        sandbox_picture(getty, skip=1), print_run=3000, period_start=utc_today() - dt.timedelta(days=5)
    )
    licence = license_it(
        approved, people, django_capture_on_commit_callbacks, product="40103"
    )  # an image pack

    assert licence.getty_product_type == "imagepack"
    assert usage_reports_queue_due() == 0
    assert not OutboxMessage.objects.filter(kind=USAGES).exists() and getty.app.usage.batches == {}


def test_a_batch_getty_refuses_is_dead_with_getty_s_reason(
    getty, make_approved, people, django_capture_on_commit_callbacks
):
    getty.app.faults.add(
        "status",
        status=400,
        body='{"ErrorCode": "InvalidRequest", "ErrorMessage": "Unknown asset id(s): 1."}',
        path_prefix="/v3/usage-batches",
    )
    approved = make_approved(print_run=3000, period_start=utc_today() - dt.timedelta(days=2))
    license_it(approved, people, django_capture_on_commit_callbacks)

    row = OutboxMessage.objects.get(kind=USAGES)
    assert row.status == OutboxMessage.Status.DEAD
    assert "Getty refused usage batch" in row.last_error and "Unknown asset id(s)" in row.last_error


def test_the_daily_schedule_exists_once():
    assert list(Schedule.objects.filter(name=USAGE_REPORT_SCHEDULE).values_list("func", "schedule_type")) == [
        (USAGE_REPORT_FUNC, Schedule.DAILY)
    ]
