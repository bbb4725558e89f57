"""Recording printings at the same moment, with real threads and connections: the print-run cap holds
and a check's printing is recorded once. Runs on SQLite by default, PostgreSQL via DATABASE_URL."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from accounts.roles import Role
from rights.clearance_errors import ClearanceRefused
from rights.models import ClearanceCheck, Printing
from rights.services.clearance import ClearanceEvent, clearance_check, clearance_record_printing
from tests.factories.rights import book, make_licence

pytestmark = pytest.mark.django_db(transaction=True)


def record_together(check_ids, user):
    barrier = threading.Barrier(len(check_ids))
    outcomes = [None] * len(check_ids)

    def record(index, check_id):
        try:
            check = ClearanceCheck.objects.get(pk=check_id)
            barrier.wait(timeout=10)
            clearance_record_printing(check=check, by=user)
            outcomes[index] = ("won", "")
        except ClearanceRefused as error:
            outcomes[index] = ("lost", error.message)
        except Exception as error:  # noqa: BLE001 - reported by the assertions below
            outcomes[index] = ("error", repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=record, args=(i, pk)) for i, pk in enumerate(check_ids)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.fixture
def rita(role_user):
    return role_user(Role.RIGHTS, "rita")


def cleared_reprint(title, product, rita, quantity):
    event = ClearanceEvent(
        kind="reprint",
        planned_on=timezone.localdate() + dt.timedelta(days=30),
        products=(product,),
        quantity=quantity,
        territories=("GB",),
    )
    check = clearance_check(title=title, event=event, by=rita)
    assert check.verdict == "go"
    return check.pk


def test_two_cleared_reprints_recorded_at_once_cannot_pass_the_cap_together(rita):
    title, p = book()
    licence = make_licence(title=title, print_run_cap=5000, printed=(3000,))
    first, second = (cleared_reprint(title, p["hardback"], rita, 2000) for _ in range(2))
    outcomes = record_together([first, second], rita)
    assert sorted(o[0] for o in outcomes) == ["lost", "won"], outcomes
    assert "over the print-run cap of 5,000" in next(o[1] for o in outcomes if o[0] == "lost")
    assert sum(Printing.objects.filter(usage__licence=licence).values_list("quantity", flat=True)) == 5000


def test_one_check_recorded_twice_at_once_records_one_printing(rita):
    title, p = book()
    licence = make_licence(title=title, print_run_cap=50_000)
    check = cleared_reprint(title, p["hardback"], rita, 1000)
    outcomes = record_together([check, check, check], rita)
    assert sorted(o[0] for o in outcomes) == ["lost", "lost", "won"], outcomes
    assert Printing.objects.filter(usage__licence=licence).count() == 1
