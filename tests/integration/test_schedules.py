"""The django-q2 schedule that runs the incremental title sync."""

import pytest
from django_q.models import Schedule

from integration.schedules import TITLE_SYNC_SCHEDULE, ensure_schedules

pytestmark = pytest.mark.django_db


def test_migrations_leave_exactly_one_incremental_sync_schedule(settings):
    schedule = Schedule.objects.get(name=TITLE_SYNC_SCHEDULE)

    assert schedule.func == "integration.tasks.sync_titles"
    assert schedule.schedule_type == Schedule.MINUTES
    assert schedule.minutes == settings.SYNC_INTERVAL_MINUTES == 15
    assert schedule.repeats == -1


def test_ensuring_schedules_again_never_duplicates_and_follows_the_interval_setting(settings):
    settings.SYNC_INTERVAL_MINUTES = 5
    Schedule.objects.create(name=TITLE_SYNC_SCHEDULE, func="integration.tasks.sync_titles", minutes=30)

    ensure_schedules()
    ensure_schedules()

    assert list(Schedule.objects.filter(name=TITLE_SYNC_SCHEDULE).values_list("minutes", flat=True)) == [5]
