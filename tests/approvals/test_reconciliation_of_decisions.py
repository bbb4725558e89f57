"""Reconciliation over the permissions approvals really write: what the decisions sent compares equal to
what Consonance keeps (no false differences), and an edit made in Consonance is undone."""

import datetime as dt
from decimal import Decimal

import pytest

from approvals.models.requests import Placement
from approvals.services import (
    IntendedUse,
    request_resubmit,
    request_submit,
    step_approve,
    step_reject,
    step_request_changes,
)
from integration.services.reconciliation import reconciliation_run
from tests.factories.approvals import shortlisted_asset
from tests.factories.titles import ProductFactory, TitleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def work_title(consonance):
    state = consonance.app.state
    work = state.works[state.work_ids[0]]
    title = TitleFactory(consonance_id=work["id"], title=work["title"])
    for product in work["products"]:
        ProductFactory(title=title, consonance_id=product["id"])
    return title


def use(title, **changes) -> IntendedUse:
    fields = {
        "title": title,
        "placement": Placement.FRONT_COVER,
        "products": tuple(title.products.order_by("consonance_id")[:2]),
        "channels": ("print", "digital"),
        "territories": ("IE", "GB"),
        "print_run": 5000,
        "period_start": dt.date(2027, 1, 1),
        "period_end": dt.date(2031, 12, 31),
        "fee": Decimal("250.00"),
    }
    return IntendedUse(**{**fields, **changes})


def test_decisions_written_back_reconcile_to_zero_and_an_edit_in_consonance_is_undone(
    consonance, work_title, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        granted = request_submit(
            asset=shortlisted_asset(title=work_title)[0], use=use(work_title), requester=people.mary
        )
        refused = request_submit(
            asset=shortlisted_asset(title=work_title)[0],
            use=use(work_title, print_run=None, fee=None, territories=("WORLD",)),
            requester=people.mary,
        )
        for person in (people.edith, people.lena, people.pat):
            step_approve(approval_request=granted, actor=person, comment=f"Fine by {person.username}.")
        step_reject(approval_request=refused, actor=people.edith, comment="Wrong mood.")
        changed = request_submit(
            asset=shortlisted_asset(title=work_title)[0], use=use(work_title), requester=people.mary
        )
    with django_capture_on_commit_callbacks(execute=True):
        step_request_changes(approval_request=changed, actor=people.edith, comment="Interior instead.")
    changed.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        request_resubmit(
            approval_request=changed,
            use=use(work_title, placement=Placement.INTERIOR, print_run=None, period_end=None),
            actor=people.mary,
            expected_version=changed.version,
        )
    assert len(consonance.app.picture_permissions()) == 3

    clean = reconciliation_run()
    assert (clean.status, clean.records_checked, clean.differences_count) == ("succeeded", 3, 0), (
        clean.differences
    )

    ref = f"getty:{granted.asset.getty_id}:{granted.pk}"
    state = consonance.app.state
    with state.lock:
        permission_id = state.permission_ids_by_ref[ref]
        state.permissions[permission_id] = {**state.permissions[permission_id], "status": "REFUSED"}
    with django_capture_on_commit_callbacks(execute=True):
        run = reconciliation_run(full=True)
    assert [(d["external_ref"], d["fields"]) for d in run.differences] == [(ref, ["status"])]
    assert (
        next(p for p in consonance.app.picture_permissions() if p["externalRef"] == ref)["status"]
        == "GRANTED"
    )
