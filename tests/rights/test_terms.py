"""Legal confirms a licence's terms, Rights keeps them up to date: validation, events, status from the end
date, and the updated permission queued for Consonance."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from integration.models import OutboxMessage
from rights.errors import LicenceChanged, RightsNotPermitted, TermsInvalid
from rights.models import Licence, LicenceEvent
from rights.services import LicenceTerms, LicenseOrder, licence_set_terms, picture_license
from rights.status import status_on
from tests.factories.titles import ProductFactory
from tests.rights.conftest import sandbox_picture

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 30)


@pytest.fixture
def licence(getty, make_approved, people) -> Licence:
    approved = make_approved(sandbox_picture(getty, license_model="rightsmanaged"), print_run=3000)
    return picture_license(approval_request=approved, order=LicenseOrder("40101"), actor=people.pat).licence


def terms_of(licence, **changes) -> LicenceTerms:
    current = LicenceTerms.of(licence)
    return LicenceTerms(**{**current.__dict__, **changes})


def test_legal_confirms_terms_with_an_event_and_the_permission_updated(licence, people):
    hardback = licence.products.get(isbn13="9781780000011")
    terms = terms_of(
        licence,
        territories=("us", "gb", "GB"),
        channels=("print", "advertising"),
        products=(hardback,),
        print_run_cap=10_000,
        valid_from=dt.date(2027, 1, 1),
        valid_until=dt.date(2032, 12, 31),
        perpetual=False,
        fee=Decimal("350.00"),
        fee_currency="USD",
        licence_reference="  GI-RM-2027-0042 ",
        credit_line="Jane Doe / Getty Images",
        notes="Cover use needs a new licence.",
    )

    saved = licence_set_terms(
        licence=licence,
        terms=terms,
        actor=people.lena,
        confirm=True,
        reason="Quote 0042 agreed.",
        expected_version=1,
    )

    assert saved.version == 2 and saved.legal_confirmed_by == people.lena and saved.is_confirmed
    assert (saved.territories, saved.channels) == (["GB", "US"], ["advertising", "print"])
    assert list(saved.products.all()) == [hardback] and saved.licence_reference == "GI-RM-2027-0042"
    assert (saved.valid_until, saved.print_run_cap, saved.fee, saved.fee_currency) == (
        dt.date(2032, 12, 31),
        10_000,
        Decimal("350.00"),
        "USD",
    )
    event = saved.events.get(kind=LicenceEvent.Kind.TERMS_CONFIRMED)
    assert event.actor == people.lena and event.reason == "Quote 0042 agreed."
    assert event.details["changes"]["print_run_cap"] == [3000, 10000]
    assert event.details["changes"]["products"] == [["9781780000011", "9781780000028"], ["9781780000011"]]

    # The permission's write, not sent yet, now carries the confirmed terms.
    [message] = OutboxMessage.objects.filter(kind=OutboxMessage.Kind.PICTURE_PERMISSION)
    payload = message.payload
    assert payload["status"] == "GRANTED" and payload["licenceType"] == "RIGHTS_MANAGED"
    assert (payload["validUntil"], payload["printRunCap"], payload["licenceReference"]) == (
        "2032-12-31",
        10_000,
        "GI-RM-2027-0042",
    )
    assert payload["fee"] == {"amount": "350.00", "currencyCode": "USD"}
    assert payload["territoryIncluded"] == "GB US" and payload["channels"] == ["PRINT", "ADVERTISING"]
    assert payload["productIds"] == [hardback.consonance_id]
    assert "Cover use needs a new licence." in payload["restrictions"]


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"territories": ("GB", "XX")}, "territories", "Not a country code: XX"),
        ({"territories": ()}, "territories", "at least one territory"),
        ({"channels": ("print", "radio")}, "channels", "Unknown channel"),
        (
            {"perpetual": True, "valid_until": dt.date(2030, 1, 1)},
            "valid_until",
            "perpetual licence has no end",
        ),
        ({"perpetual": False, "valid_until": None}, "valid_until", "last day the licence covers"),
        (
            {"valid_from": dt.date(2030, 1, 2), "valid_until": dt.date(2030, 1, 1)},
            "valid_until",
            "ends before",
        ),
        ({"print_run_cap": 0}, "print_run_cap", "at least 1"),
        ({"fee": Decimal("-1")}, "fee", "at least 0"),
        ({"fee_currency": "XYZ"}, "fee_currency", "currency"),
        ({"licence_reference": "x" * 101}, "licence_reference", "At most 100"),
    ],
)
def test_terms_that_make_no_sense_are_refused_and_change_nothing(licence, people, changes, field, message):
    with pytest.raises(TermsInvalid, match=message) as refused:
        licence_set_terms(
            licence=licence, terms=terms_of(licence, **changes), actor=people.lena, confirm=True
        )
    assert refused.value.field == field
    licence.refresh_from_db()
    assert licence.version == 1 and not licence.is_confirmed
    assert not licence.events.filter(kind=LicenceEvent.Kind.TERMS_CONFIRMED).exists()


def test_a_product_of_another_title_is_refused(licence, people):
    stranger = ProductFactory()
    with pytest.raises(TermsInvalid, match="is not one of"):
        licence_set_terms(
            licence=licence, terms=terms_of(licence, products=(stranger,)), actor=people.lena, confirm=True
        )


def test_rights_edits_are_recorded_and_wait_for_legal_again(licence, people):
    licence = licence_set_terms(licence=licence, terms=terms_of(licence), actor=people.lena, confirm=True)
    assert licence.is_confirmed

    licence = licence_set_terms(
        licence=licence, terms=terms_of(licence, licence_reference="GI-1"), actor=people.rita, confirm=False
    )

    assert not licence.is_confirmed and licence.licence_reference == "GI-1"
    event = licence.events.get(kind=LicenceEvent.Kind.TERMS_CHANGED)
    assert event.actor == people.rita and event.details["changes"] == {"licence_reference": ["", "GI-1"]}
    unchanged = licence_set_terms(licence=licence, terms=terms_of(licence), actor=people.rita, confirm=False)
    assert unchanged.version == licence.version  # nothing to record


def test_who_may_confirm_and_who_may_edit(licence, people):
    with pytest.raises(RightsNotPermitted, match="Legal can"):
        licence_set_terms(licence=licence, terms=terms_of(licence), actor=people.rita, confirm=True)
    for person in (people.edith, people.pat, people.mary, people.nobody):
        with pytest.raises(RightsNotPermitted):
            licence_set_terms(
                licence=licence, terms=terms_of(licence, notes="x"), actor=person, confirm=False
            )


def test_a_save_on_an_older_version_is_refused(licence, people):
    licence_set_terms(
        licence=licence, terms=terms_of(licence, notes="first"), actor=people.rita, confirm=False
    )
    with pytest.raises(LicenceChanged, match="Someone else changed this licence"):
        licence_set_terms(
            licence=licence,
            terms=terms_of(licence, notes="second"),
            actor=people.lena,
            confirm=True,
            expected_version=1,
        )


def test_an_end_date_inside_the_warning_window_makes_it_expiring_and_a_past_one_expired(licence, people):
    now = timezone.make_aware(dt.datetime(2026, 11, 30, 12, 0))
    licence = licence_set_terms(
        licence=licence,
        terms=terms_of(licence, valid_from=None, valid_until=dt.date(2027, 2, 1)),
        actor=people.lena,
        confirm=True,
        now=now,
    )
    assert licence.status == Licence.Status.EXPIRING
    assert licence.events.get(kind=LicenceEvent.Kind.STATUS_CHANGED).details == {
        "from": "active",
        "to": "expiring",
    }

    licence = licence_set_terms(
        licence=licence,
        terms=terms_of(licence, valid_until=dt.date(2026, 11, 29)),
        actor=people.lena,
        confirm=True,
        now=now,
    )
    assert licence.status == Licence.Status.EXPIRED
    assert (
        OutboxMessage.objects.get(kind=OutboxMessage.Kind.PICTURE_PERMISSION).payload["status"] == "EXPIRED"
    )


@pytest.mark.parametrize(
    "valid_until, status",
    [
        (TODAY - dt.timedelta(days=1), "expired"),
        (TODAY, "expiring"),  # the last day is still covered
        (TODAY + dt.timedelta(days=90), "expiring"),
        (TODAY + dt.timedelta(days=91), "active"),
        (None, "active"),
    ],
)
def test_status_from_the_end_date_at_the_boundaries(valid_until, status):
    assert status_on(current="active", valid_until=valid_until, perpetual=False, today=TODAY) == status


def test_withdrawn_and_superseded_are_not_undone_by_dates():
    for final in ("withdrawn", "superseded"):
        assert (
            status_on(current=final, valid_until=TODAY + dt.timedelta(days=400), perpetual=False, today=TODAY)
            == final
        )
