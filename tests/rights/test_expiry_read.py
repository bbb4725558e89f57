"""The read of the daily expiry watch: exactly the licences whose status the day changes (the rule of
rights/status.py, at every boundary), found through the status and end-date index, never by reading
every licence."""

import datetime as dt

import pytest
from django.db import connection

from rights.expiry_selectors import licences_out_of_date, out_of_date, out_of_date_ids
from rights.models import Licence
from rights.status import status_on
from tests.factories.rights import book, make_licence

pytestmark = pytest.mark.django_db

Status = Licence.Status
TODAY = dt.date(2026, 6, 2)
CREATED = dt.datetime(2025, 1, 6, 9, 0, tzinfo=dt.UTC)


WINDOWS = ([90, 30, 7], [14])
# No end, and each side of every boundary: the last day, and the widest warning window of each setting.
DAYS_LEFT = [None, -400, -1, 0, 1, 13, 14, 15, 89, 90, 91, 990]


@pytest.fixture
def every_case():
    """A licence for every status with every end (and a perpetual one of every status)."""
    title, _ = book()
    licences = []
    for status in Status.values:
        for left in DAYS_LEFT:
            end = None if left is None else TODAY + dt.timedelta(days=left)
            licences.append(make_licence(title=title, valid_until=end, status=status, now=CREATED))
        licences.append(make_licence(title=title, perpetual=True, status=status, now=CREATED))
    return licences


def _should_move(licence: Licence) -> bool:
    new = status_on(
        current=licence.status, valid_until=licence.valid_until, perpetual=licence.perpetual, today=TODAY
    )
    return new != licence.status


def test_the_read_finds_exactly_the_licences_whose_status_the_day_changes(every_case, settings):
    for windows in WINDOWS:
        settings.RIGHTS_EXPIRY_WINDOWS_DAYS = windows
        expected = sorted(licence.pk for licence in every_case if _should_move(licence))
        assert out_of_date_ids(TODAY) == expected, windows
        assert [licence.pk for licence in licences_out_of_date(TODAY, page=4)] == expected
    moved = {
        (lic.status, lic.valid_until and (lic.valid_until - TODAY).days)
        for lic in every_case
        if _should_move(lic)
    }
    # What the grid exercises (with a 14-day window): each way a status goes out of date.
    assert ("active", -1) in moved and ("expiring", -1) in moved  # last day passed: expired
    assert ("active", 0) in moved and ("expired", 14) in moved  # inside the window: expiring
    assert ("expired", 15) in moved and ("expiring", None) in moved  # beyond it, or no end: active
    assert not any(status in Licence.FINAL_STATUSES for status, _ in moved)


def test_the_licences_come_with_what_the_watch_needs_a_page_at_a_time(every_case, django_assert_num_queries):
    due = out_of_date_ids(TODAY)
    assert len(due) > 8
    pages = -(-len(due) // 8)
    # The ids, then per page the licences (with picture, title, request) and their products.
    with django_assert_num_queries(1 + 2 * pages):
        for licence in licences_out_of_date(TODAY, page=8):
            assert licence.asset.getty_id and licence.title.title and licence.request.pk
            list(licence.products.all())


def test_the_read_is_served_by_the_status_and_end_date_index():
    sql, params = (
        Licence.objects.filter(out_of_date(TODAY)).order_by().values_list("id").query.sql_with_params()
    )
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = [row[-1] for row in cursor.fetchall()]
            assert not [step for step in plan if step.startswith("SCAN")], plan
        else:
            # An empty table is read whole whatever the indexes: forbid that, and see what is left.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = [row[0] for row in cursor.fetchall()]
            assert not [step for step in plan if "Seq Scan" in step], plan
    assert [step for step in plan if "licence_expiry_scan" in step], plan
