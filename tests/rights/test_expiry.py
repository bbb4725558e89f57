"""The daily expiry watch: statuses at the second they change, warnings to Rights once per licence and
window (in-app and by email), earlier when a product publishes after the licence ends, the Consonance
permission rewritten, and a run repeated or a day missed leaving things right. Time is passed in."""

import datetime as dt
import zoneinfo

import pytest
from django.core import mail
from django_q.models import Schedule

from accounts.roles import Role
from approvals.models import Notification
from integration.models import OutboxMessage
from integration.services.outbox_delivery import Delivery, outbox_claim, outbox_send
from rights.models import Licence, LicenceAlert, LicenceEvent
from rights.schedules import EXPIRY_FUNC, EXPIRY_SCHEDULE, ensure_schedules
from rights.services.expiry import expiry_scan
from rights.tasks import watch_expiries
from tests.factories.rights import book, make_licence

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
CREATED = dt.datetime(2026, 1, 5, 9, 0, tzinfo=LONDON)
END = dt.date(2026, 9, 30)  # the licence's last day


def quiet_book():
    """A title whose products were published before the licences end (nothing at risk)."""
    return book(published=dt.date(2026, 3, 4))


def at(day: dt.date, *time) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, *(time or (6, 0)), tzinfo=LONDON)


@pytest.fixture
def rights_team(role_user):
    return [role_user(Role.RIGHTS, "rita"), role_user(Role.RIGHTS, "ravi"), role_user(Role.LEGAL, "lena")]


@pytest.fixture
def scan(consonance, django_capture_on_commit_callbacks):
    """Run the watch at a moment, with what it queues delivered (the Consonance sandbox answers).

    Rows are due from the moment passed in: those dated after the machine's clock are not due for the
    on-commit delivery, so they are delivered as the every-minute schedule would at that moment.
    """

    def run(now: dt.datetime):
        with django_capture_on_commit_callbacks(execute=True):
            result = expiry_scan(now=now)
        delivery = Delivery()
        while rows := outbox_claim(now=now, limit=50):
            for row in rows:
                outbox_send(row, delivery)
        delivery.close()
        return result

    return run


@pytest.fixture
def licence():
    title, _ = quiet_book()
    return make_licence(title=title, valid_until=END, now=CREATED)


def status_of(licence: Licence) -> str:
    licence.refresh_from_db()
    return licence.status


def status_events(licence: Licence) -> list[tuple[str, str]]:
    events = LicenceEvent.objects.filter(licence=licence, kind=LicenceEvent.Kind.STATUS_CHANGED)
    return [(e.details["from"], e.details["to"]) for e in events.order_by("created_at", "id")]


def alert_keys(licence: Licence) -> list[str]:
    return list(
        LicenceAlert.objects.filter(licence=licence)
        .order_by("created_at", "id")
        .values_list("key", flat=True)
    )


# --- statuses at the boundary ----------------------------------------------------------------------------


def test_a_licence_expires_at_the_first_second_after_its_last_day(licence):
    expiry_scan(now=at(END, 23, 59, 59))
    assert status_of(licence) == "expiring"
    expiry_scan(now=at(END + dt.timedelta(days=1), 0, 0, 0))
    assert status_of(licence) == "expired"
    assert status_events(licence) == [("active", "expiring"), ("expiring", "expired")]
    event = LicenceEvent.objects.filter(licence=licence).order_by("-id").first()
    assert event.actor is None and event.reason == "Expired: its last day was 30 Sep 2026."
    assert event.details["effective_on"] == "2026-10-01" and event.details["by"] == "expiry watch"


def test_a_licence_becomes_expiring_at_the_first_second_of_the_widest_window(licence):
    window_starts = END - dt.timedelta(days=90)  # 2 July 2026
    expiry_scan(now=at(window_starts - dt.timedelta(days=1), 23, 59, 59))
    assert status_of(licence) == "active" and not LicenceAlert.objects.exists()
    expiry_scan(now=at(window_starts, 0, 0, 0))
    assert status_of(licence) == "expiring"
    assert alert_keys(licence) == ["window:90:2026-09-30"]


def test_every_status_change_rewrites_the_permission_in_consonance(scan, consonance, consonance_title):
    licence = make_licence(title=consonance_title, valid_until=END, now=CREATED)
    ref = f"getty:{licence.asset.getty_id}:{licence.request_id}"
    scan(at(END - dt.timedelta(days=10)))
    message = OutboxMessage.objects.get(natural_key=f"permission:{ref}")
    assert message.status == OutboxMessage.Status.SENT, message.last_error
    state = consonance.app.state
    assert (
        state.permissions[state.permission_ids_by_ref[ref]]["status"] == "GRANTED"
    )  # expiring is still granted
    scan(at(END + dt.timedelta(days=1)))
    permission = state.permissions[state.permission_ids_by_ref[ref]]
    assert permission["status"] == "EXPIRED" and permission["validUntil"] == END


def test_withdrawn_superseded_and_perpetual_licences_are_left_alone():
    title, _ = quiet_book()
    withdrawn = make_licence(title=title, valid_until=END, status="withdrawn", now=CREATED)
    superseded = make_licence(title=title, valid_until=END, status="superseded", now=CREATED)
    perpetual = make_licence(title=title, perpetual=True, now=CREATED)
    scan = expiry_scan(now=at(END + dt.timedelta(days=5)))
    assert (status_of(withdrawn), status_of(superseded), status_of(perpetual)) == (
        "withdrawn",
        "superseded",
        "active",
    )
    assert (
        not scan.status_changes and not LicenceAlert.objects.exists() and not OutboxMessage.objects.exists()
    )


# --- warnings, once ---------------------------------------------------------------------------------------


def test_rights_is_warned_once_per_window_in_app_and_by_email(licence, rights_team, scan):
    rita, ravi, lena = rights_team
    days = [END - dt.timedelta(days=n) for n in (95, 90, 89, 60, 30, 29, 8, 7, 1, 0)] + [
        END + dt.timedelta(days=1),
        END + dt.timedelta(days=2),
    ]
    for day in days:
        scan(at(day))
    assert alert_keys(licence) == [
        "window:90:2026-09-30",
        "window:30:2026-09-30",
        "window:7:2026-09-30",
        "expired:2026-09-30",
    ]
    for person in (rita, ravi):
        subjects = list(
            Notification.objects.filter(recipient=person).order_by("id").values_list("subject", flat=True)
        )
        assert [s.split(":")[0] for s in subjects] == [
            f"Licence #{licence.pk} ends in 90 days",
            f"Licence #{licence.pk} ends in 30 days",
            f"Licence #{licence.pk} ends in 7 days",
            f"Licence #{licence.pk} has expired",
        ]
        assert (
            Notification.objects.filter(recipient=person, url=f"/rights/licences/{licence.pk}/").count() == 4
        )
    assert not Notification.objects.filter(recipient=lena).exists()
    assert len(mail.outbox) == 8 and {m.to[0] for m in mail.outbox} == {
        "rita@example.com",
        "ravi@example.com",
    }
    assert "ends on 30 Sep 2026 (within 30 days)" in mail.outbox[2].body
    assert f"/rights/licences/{licence.pk}/" in mail.outbox[2].body
    notices = OutboxMessage.objects.filter(kind=OutboxMessage.Kind.LICENCE_NOTICE)
    assert notices.count() == 4 and set(notices.values_list("status", flat=True)) == {"sent"}


def test_running_the_same_day_twice_changes_and_sends_nothing_more(licence, rights_team, scan):
    first = scan(at(END - dt.timedelta(days=20), 6, 0))
    assert first.status_changes == {"active->expiring": 1} and first.alerts == {"expiring:30": 1}
    state = (
        status_of(licence),
        licence.version,
        LicenceEvent.objects.count(),
        OutboxMessage.objects.count(),
        Notification.objects.count(),
        len(mail.outbox),
    )
    second = scan(at(END - dt.timedelta(days=20), 23, 0))
    assert not second.status_changes and not second.alerts and second.lost_races == 0
    licence.refresh_from_db()
    assert state == (
        status_of(licence),
        licence.version,
        LicenceEvent.objects.count(),
        OutboxMessage.objects.count(),
        Notification.objects.count(),
        len(mail.outbox),
    )


def test_missed_days_are_caught_up_with_the_warning_that_matters_now(rights_team, scan):
    title, _ = quiet_book()
    first_seen_late = make_licence(title=title, valid_until=END, now=CREATED)
    ran_then_missed = make_licence(title=title, valid_until=END, now=CREATED)
    scan(at(END - dt.timedelta(days=40)))  # the 90-day warning for both
    LicenceAlert.objects.filter(licence=first_seen_late).delete()  # as if it was made after that run

    # No run for 34 days: six days before the end, each hears of the 7-day window only.
    caught_up = scan(at(END - dt.timedelta(days=6)))
    assert caught_up.alerts == {"expiring:7": 2} and not caught_up.status_changes
    assert alert_keys(first_seen_late) == ["window:7:2026-09-30"]
    assert alert_keys(ran_then_missed) == ["window:90:2026-09-30", "window:7:2026-09-30"]

    # No run for the week around the end: expired, dated the day after the last day.
    scan(at(END + dt.timedelta(days=5)))
    assert status_of(ran_then_missed) == "expired"
    assert status_events(ran_then_missed) == [("active", "expiring"), ("expiring", "expired")]
    expired = LicenceEvent.objects.filter(licence=ran_then_missed).order_by("-id").first()
    assert expired.details["effective_on"] == "2026-10-01"
    assert alert_keys(ran_then_missed)[-1] == "expired:2026-09-30"


def test_a_licence_first_seen_long_after_it_expired_changes_status_but_is_not_news(scan, rights_team):
    title, _ = quiet_book()
    old = make_licence(title=title, valid_until=dt.date(2024, 1, 31), status="active", now=CREATED)
    scan(at(END))
    assert status_of(old) == "expired" and not LicenceAlert.objects.filter(licence=old).exists()


def test_an_extended_licence_earns_new_warnings_for_its_new_end(licence, rights_team, scan):
    scan(at(END - dt.timedelta(days=25)))
    assert alert_keys(licence) == ["window:30:2026-09-30"]
    new_end = dt.date(2027, 3, 31)
    Licence.objects.filter(pk=licence.pk).update(valid_until=new_end)
    back = scan(at(END - dt.timedelta(days=24)))
    assert back.status_changes == {"expiring->active": 1} and status_of(licence) == "active"
    scan(at(new_end - dt.timedelta(days=29)))
    assert alert_keys(licence) == ["window:30:2026-09-30", "window:30:2027-03-31"]
    notices = OutboxMessage.objects.filter(kind="licence_notice").order_by("id")
    assert [(m.status, m.last_error) for m in notices] == [("sent", ""), ("sent", "")]
    assert Notification.objects.filter(recipient__username="rita").count() == 2


def test_the_windows_are_a_setting(settings, licence, scan):
    settings.RIGHTS_EXPIRY_WINDOWS_DAYS = [60, 14]
    scan(at(END - dt.timedelta(days=70)))
    assert status_of(licence) == "active"
    scan(at(END - dt.timedelta(days=60)))
    scan(at(END - dt.timedelta(days=30)))
    scan(at(END - dt.timedelta(days=14)))
    assert status_of(licence) == "expiring"
    assert alert_keys(licence) == ["window:60:2026-09-30", "window:14:2026-09-30"]


# --- a dated event that depends on the picture ------------------------------------------------------------


def test_a_product_publishing_after_the_licence_ends_is_warned_of_at_once(rights_team, scan):
    title, p = book()  # every product publishes on 4 March 2027
    licence = make_licence(title=title, covered=[p["hardback"], p["ebook"]], valid_until=END, now=CREATED)
    make_licence(title=title, valid_until=dt.date(2027, 12, 31), now=CREATED)  # outlives them: fine
    first = scan(at(dt.date(2026, 2, 1)))  # long before any expiry window
    assert first.alerts == {"at_risk": 2} and status_of(licence) == "active"
    assert alert_keys(licence) == [
        f"at_risk:{p['hardback'].pk}:2027-03-04:2026-09-30",
        f"at_risk:{p['ebook'].pk}:2027-03-04:2026-09-30",
    ]
    message = LicenceAlert.objects.filter(licence=licence).order_by("id").first().message
    assert f"ends on 30 Sep 2026, before Hardback {p['hardback'].isbn13} publishes on 4 Mar 2027" in message
    assert Notification.objects.filter(recipient__username="rita").count() == 2
    assert not scan(at(dt.date(2026, 2, 2))).alerts  # once

    p["hardback"].publication_date = dt.date(2026, 8, 1)  # moved before the end: no longer at risk
    p["hardback"].save()
    p["ebook"].publication_date = dt.date(2027, 5, 1)  # moved later: a new date to warn of
    p["ebook"].save()
    assert scan(at(dt.date(2026, 2, 3))).alerts == {"at_risk": 1}


# --- the schedule ------------------------------------------------------------------------------------------


def test_migrations_leave_exactly_one_daily_expiry_schedule_and_ensuring_again_adds_none():
    schedule = Schedule.objects.get(name=EXPIRY_SCHEDULE)
    assert (schedule.func, schedule.schedule_type, schedule.repeats) == (EXPIRY_FUNC, Schedule.DAILY, -1)
    Schedule.objects.filter(pk=schedule.pk).update(schedule_type=Schedule.HOURLY)
    Schedule.objects.create(name=EXPIRY_SCHEDULE, func=EXPIRY_FUNC)
    ensure_schedules()
    ensure_schedules()
    assert list(Schedule.objects.filter(name=EXPIRY_SCHEDULE).values_list("schedule_type", flat=True)) == [
        "D"
    ]


def test_the_scheduled_task_runs_the_watch(licence):
    Licence.objects.filter(pk=licence.pk).update(valid_until=dt.date(2000, 1, 1))
    assert "active->expired 1" in watch_expiries()
    assert status_of(licence) == "expired"
    assert "no status change" in watch_expiries()


def test_a_run_that_loses_the_race_for_a_warning_sends_nothing(licence, rights_team, scan):
    # Another run, at the same moment, wrote this warning between our read and our write.
    LicenceAlert.objects.create(
        licence=licence,
        kind=LicenceAlert.Kind.AT_RISK,  # not what our read looks for, so our read still finds it due
        key="window:30:2026-09-30",
        valid_until=END,
        message="written by the other run",
        created_at=at(END),
    )
    result = scan(at(END - dt.timedelta(days=20)))
    assert result.alerts == {} and result.lost_races == 1
    assert not OutboxMessage.objects.filter(kind="licence_notice").exists() and not mail.outbox
