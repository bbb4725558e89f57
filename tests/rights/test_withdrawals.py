"""Getty withdraws a licensed picture: the poll of its asset-change channels marks the picture, the
licence and its usages withdrawn, tells Rights and the title's editors, writes WITHDRAWN to Consonance,
and confirms the change set to Getty only after all that committed. Against the Getty and Consonance
sandboxes; a withdrawal is injected with the Getty sandbox's own hook (`announce_change`)."""

import pytest
from django.core import mail
from django_q.models import Schedule

from accounts.roles import Role
from approvals.models import Notification
from approvals.services import IntendedUse, request_submit
from integration.getty.client import GettyClient
from integration.models import Asset, AssetChangeSet, OutboxMessage
from integration.schedules import ASSET_CHANGES_FUNC, ASSET_CHANGES_SCHEDULE, ensure_schedules
from integration.services.asset_changes import asset_changes_poll, change_set_process
from integration.tasks import poll_asset_changes
from rights.models import Licence, LicenceEvent, Usage
from rights.services import LicenseOrder, picture_license
from rights.services import licence_ended as licence_ended_module
from rights.services import withdrawals as withdrawals_module
from tests.factories.assets import ShortlistItemFactory

from .conftest import cached_asset, sandbox_picture

pytestmark = pytest.mark.django_db

Kind = OutboxMessage.Kind


def permission_in_consonance(consonance, licence: Licence) -> dict:
    state = consonance.app.state
    ref = f"getty:{licence.asset.getty_id}:{licence.request_id}"
    return state.permissions[state.permission_ids_by_ref[ref]]


@pytest.fixture
def licensed(getty, consonance, consonance_title, make_approved, people, django_capture_on_commit_callbacks):
    """A licensed picture of a Consonance sandbox title: the permission is GRANTED there."""
    approved = make_approved(title=consonance_title, print_run=2500, channels=("print",))
    with django_capture_on_commit_callbacks(execute=True):
        licence = picture_license(
            approval_request=approved, order=LicenseOrder("40101"), actor=people.pat
        ).licence
    assert permission_in_consonance(consonance, licence)["status"] == "GRANTED"
    return licence


@pytest.fixture
def title_editor(role_user, licensed, getty):
    """An editor who asked for another picture of the same title (so is one of the title's editors)."""
    eve = role_user(Role.EDITORIAL, "eve")
    other = cached_asset(sandbox_picture(getty, skip=3))
    ShortlistItemFactory(title=licensed.title, asset=other)
    request_submit(asset=other, use=IntendedUse(title=licensed.title, placement="interior"), requester=eve)
    return eve


def licence_notices(licence: Licence) -> list[OutboxMessage]:
    return list(
        OutboxMessage.objects.filter(
            kind=Kind.LICENCE_NOTICE,
            source_type="licence",
            source_id=licence.pk,
            natural_key__contains="withdrawn",
        )
    )


def withdrawal_events(licence: Licence):
    return LicenceEvent.objects.filter(
        licence=licence, kind=LicenceEvent.Kind.STATUS_CHANGED, details__to=Licence.Status.WITHDRAWN
    )


def counts(licence: Licence) -> dict:
    """Everything a second processing must leave as it is."""
    licence.refresh_from_db()
    return {
        "version": licence.version,
        "status": licence.status,
        "events": LicenceEvent.objects.filter(licence=licence).count(),
        "outbox": OutboxMessage.objects.count(),
        "notifications": Notification.objects.count(),
        "usages": sorted(Usage.objects.filter(licence=licence).values_list("status", flat=True)),
        "withdrawn_at": Asset.objects.get(pk=licence.asset_id).withdrawn_at,
    }


def test_an_injected_withdrawal_reaches_the_licence_rights_editors_consonance_and_getty(
    getty, consonance, licensed, title_editor, people, django_capture_on_commit_callbacks
):
    getty.app.announce_change(licensed.asset.getty_id, "Delete")
    assert getty.app.changes.pending_count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        summary = asset_changes_poll()

    assert (summary.sets_received, summary.sets_processed, summary.sets_failed) == (1, 1, 0)
    licensed.refresh_from_db()
    assert licensed.status == Licence.Status.WITHDRAWN
    assert licensed.asset.withdrawn_at is not None
    assert list(Usage.objects.filter(licence=licensed).values_list("status", flat=True)) == ["withdrawn"]
    event = withdrawal_events(licensed).get()
    assert event.details["from"] == "active" and event.details["getty_id"] == licensed.asset.getty_id
    assert "Getty withdrew picture" in event.reason

    # Consonance: the same permission record, now WITHDRAWN.
    assert permission_in_consonance(consonance, licensed)["status"] == "WITHDRAWN"
    notices = licence_notices(licensed)
    assert len(notices) == 2  # to Rights, and to the title's editors
    assert all(n.status == OutboxMessage.Status.SENT for n in notices), [n.last_error for n in notices]

    # Rights (licence page), the requester and the title's editor (the replacement page) are told once.
    told = {n.recipient.username: n for n in Notification.objects.select_related("recipient")}
    assert set(told) == {people.rita.username, people.mary.username, title_editor.username}
    assert told["rita"].url == f"/rights/licences/{licensed.pk}/"
    assert told["eve"].url == f"/rights/licences/{licensed.pk}/replacement/"
    assert all("Withdrawn by Getty" in n.subject for n in told.values())
    assert sorted(m.to[0] for m in mail.outbox if "Withdrawn by Getty" in m.subject) == [
        "eve@example.com",
        "mary@example.com",
        "rita@example.com",
    ]

    # Getty: the set is confirmed, only after processing; nothing is pending any more.
    record = AssetChangeSet.objects.get()
    assert record.processed_at is not None and record.confirmed_at is not None
    assert record.confirmed_at >= record.processed_at
    assert record.withdrawn_getty_ids == [licensed.asset.getty_id]
    assert record.outcome["rights"] == {"licences_withdrawn": [licensed.pk]}
    assert getty.app.changes.pending_count() == 0
    assert [s.id for s in getty.app.changes.confirmed] == [record.change_set_id]

    # The next poll finds nothing and changes nothing.
    before = counts(licensed)
    with django_capture_on_commit_callbacks(execute=True):
        assert asset_changes_poll().sets_received == 0
    assert counts(licensed) == before


def test_a_failure_mid_processing_leaves_the_set_unconfirmed_and_the_next_poll_processes_it_once(
    getty, consonance, licensed, people, monkeypatch, django_capture_on_commit_callbacks
):
    getty.app.announce_change(licensed.asset.getty_id, "Delete")
    before = counts(licensed)

    def fail(*args, **kwargs):  # after the licence, its usages and its event were written
        raise RuntimeError("worker lost its database connection")

    monkeypatch.setattr(withdrawals_module, "licence_withdrawn_notify", fail)
    with django_capture_on_commit_callbacks(execute=True):
        summary = asset_changes_poll()

    assert (summary.sets_received, summary.sets_processed, summary.sets_failed) == (1, 0, 1)
    assert counts(licensed) == before  # nothing of the set was kept: not even the asset's stamp
    record = AssetChangeSet.objects.get()
    assert record.processed_at is None and record.confirmed_at is None
    assert "worker lost its database connection" in record.error
    assert getty.app.changes.pending_count() == 1 and not getty.app.changes.confirmed
    assert permission_in_consonance(consonance, licensed)["status"] == "GRANTED"

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        summary = asset_changes_poll()

    assert (summary.sets_received, summary.sets_processed, summary.sets_failed) == (1, 1, 0)
    record.refresh_from_db()
    assert record.times_received == 2 and record.confirmed_at is not None and record.error == ""
    assert withdrawal_events(licensed).count() == 1
    assert len(licence_notices(licensed)) == 2  # to Rights and to the requester, once each
    assert Notification.objects.filter(recipient=people.rita).count() == 1
    assert permission_in_consonance(consonance, licensed)["status"] == "WITHDRAWN"
    assert getty.app.changes.pending_count() == 0


def test_processing_the_same_set_twice_changes_nothing(getty, licensed, django_capture_on_commit_callbacks):
    getty.app.announce_change(licensed.asset.getty_id, "Delete")
    with GettyClient.from_settings() as client:
        channel = next(c for c in client.asset_change_channels() if c.asset_family == "creative")
        change_set = client.next_change_set(channel.channel_id)
        again = client.next_change_set(channel.channel_id)  # unconfirmed: Getty hands out the same set
    assert again.change_set_id == change_set.change_set_id

    with django_capture_on_commit_callbacks(execute=True):
        change_set_process(channel_id=channel.channel_id, change_set=change_set)
    once = counts(licensed)
    assert once["status"] == Licence.Status.WITHDRAWN

    with django_capture_on_commit_callbacks(execute=True):
        change_set_process(channel_id=channel.channel_id, change_set=again)
    assert counts(licensed) == once
    assert withdrawal_events(licensed).count() == 1


def test_a_lost_confirmation_is_retried_by_the_next_poll_without_processing_again(
    getty, licensed, settings, django_capture_on_commit_callbacks
):
    settings.GETTY_MAX_RETRIES = 0
    getty.app.announce_change(licensed.asset.getty_id, "Delete")
    getty.app.faults.add("status", status=503, path_prefix="/v3/asset-changes/change-sets/", next_n=1)

    with django_capture_on_commit_callbacks(execute=True):
        summary = asset_changes_poll()

    assert (summary.sets_processed, summary.sets_confirmed) == (1, 0)
    record = AssetChangeSet.objects.get()
    assert record.processed_at is not None and record.confirmed_at is None
    assert "confirmation failed" in record.error
    assert getty.app.changes.pending_count() == 1
    once = counts(licensed)

    with django_capture_on_commit_callbacks(execute=True):
        summary = asset_changes_poll()

    assert (summary.sets_received, summary.sets_processed, summary.sets_confirmed) == (1, 0, 1)
    record.refresh_from_db()
    assert record.times_received == 2 and record.confirmed_at is not None
    assert counts(licensed) == once
    assert getty.app.changes.pending_count() == 0


def test_notices_of_pictures_we_do_not_hold_and_updates_change_nothing_and_are_confirmed(
    getty, licensed, django_capture_on_commit_callbacks
):
    stranger = next(a.id for a in getty.app.catalogue if not Asset.objects.filter(getty_id=a.id).exists())
    getty.app.announce_change(stranger, "Delete")
    getty.app.announce_change(licensed.asset.getty_id, "Update", {"title": "A new title at Getty"})
    before = counts(licensed)

    with django_capture_on_commit_callbacks(execute=True):
        summary = asset_changes_poll()

    assert summary.sets_confirmed == summary.sets_received >= 1 and summary.assets_withdrawn == 0
    assert counts(licensed) == before
    assert getty.app.changes.pending_count() == 0


def test_a_superseded_licence_stays_superseded_and_hooks_run_once_per_withdrawn_licence(
    getty, licensed, monkeypatch, django_capture_on_commit_callbacks
):
    seen = []
    monkeypatch.setitem(licence_ended_module._hooks, "test", lambda licence, now: seen.append(licence.pk))
    getty.app.announce_change(licensed.asset.getty_id, "Delete")
    with django_capture_on_commit_callbacks(execute=True):
        asset_changes_poll()
    assert seen == [licensed.pk]

    Licence.objects.filter(pk=licensed.pk).update(status=Licence.Status.SUPERSEDED)
    getty.app.announce_change(licensed.asset.getty_id, "Delete")  # Getty repeats itself
    with django_capture_on_commit_callbacks(execute=True):
        asset_changes_poll()
    assert seen == [licensed.pk]
    licensed.refresh_from_db()
    assert licensed.status == Licence.Status.SUPERSEDED


def test_the_schedule_polls_the_channels_through_the_task(
    getty, licensed, django_capture_on_commit_callbacks
):
    ensure_schedules()
    ensure_schedules()
    schedule = Schedule.objects.get(name=ASSET_CHANGES_SCHEDULE)
    assert schedule.func == ASSET_CHANGES_FUNC == "integration.tasks.poll_asset_changes"
    assert schedule.schedule_type == Schedule.MINUTES and schedule.minutes == 60 and schedule.repeats == -1

    getty.app.announce_change(licensed.asset.getty_id, "Delete")
    with django_capture_on_commit_callbacks(execute=True):
        outcome = poll_asset_changes()
    assert outcome["sets_processed"] == 1 and outcome["assets_withdrawn"] == 1
    licensed.refresh_from_db()
    assert licensed.status == Licence.Status.WITHDRAWN


@pytest.mark.django_db(transaction=True)
def test_with_real_commits_each_set_is_confirmed_after_its_transaction_and_the_next_set_follows(getty):
    """The worker's path (no surrounding transaction): two sets in one poll, each confirmed only once
    its processing committed; a hook sees its set still open at Getty."""
    from integration.services import asset_changes

    first, second = (cached_asset(sandbox_picture(getty, skip=n)) for n in (0, 1))
    open_during_processing = []

    def watch(withdrawal):
        open_during_processing.append((withdrawal.change_set_id, [s.id for s in getty.app.changes.confirmed]))
        return {}

    asset_changes.register_withdrawal_hook("test-watch", watch)
    try:
        getty.app.announce_change(first.getty_id, "Delete")
        getty.app.announce_change(second.getty_id, "Delete")
        summary = asset_changes_poll(batch_size=1)
    finally:
        asset_changes._hooks.pop("test-watch")

    assert (summary.sets_received, summary.sets_processed, summary.sets_confirmed) == (2, 2, 2)
    assert summary.assets_withdrawn == 2
    assert not Asset.objects.filter(pk__in=[first.pk, second.pk], withdrawn_at__isnull=True).exists()
    one, two = open_during_processing
    assert one[1] == [] and two[1] == [one[0]]  # each set was still open while it was processed
    assert [s.id for s in getty.app.changes.confirmed] == [one[0], two[0]]
    assert getty.app.changes.pending_count() == 0


def test_the_admin_lists_change_sets_read_only(
    admin_client, getty, licensed, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    getty.app.announce_change(licensed.asset.getty_id, "Delete")
    with django_capture_on_commit_callbacks(execute=True):
        asset_changes_poll()
    record = AssetChangeSet.objects.get()
    changelist = reverse("admin:integration_assetchangeset_changelist")
    assert record.change_set_id in admin_client.get(changelist).content.decode()
    assert admin_client.get(changelist, {"q": licensed.asset.getty_id}).status_code == 200
    page = admin_client.get(reverse("admin:integration_assetchangeset_change", args=[record.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert admin_client.get(reverse("admin:integration_assetchangeset_add")).status_code == 403


def test_the_command_polls_now_and_says_what_it_did(getty, licensed, django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    getty.app.announce_change(licensed.asset.getty_id, "Delete")
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("poll_asset_changes", stdout=out)
    assert "1 change set received, 1 processed" in out.getvalue()
    assert "1 picture withdrawn" in out.getvalue()
    licensed.refresh_from_db()
    assert licensed.status == Licence.Status.WITHDRAWN
