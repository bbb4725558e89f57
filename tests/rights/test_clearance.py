"""Clearance checks: every reason at its boundary, which pictures an event touches, the saved check, and
recording a cleared reprint's printing. Time is passed in as `now=`."""

import datetime as dt
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.roles import Role
from rights.clearance_errors import ClearanceInvalid, ClearanceRefused
from rights.clearance_rules import Code, LicenceFacts, PlannedEvent, ProductRef, findings, is_go
from rights.errors import RightsNotPermitted
from rights.models import ClearanceCheck, Licence, LicenceEvent, Printing, Usage
from rights.services.clearance import ClearanceEvent, clearance_check, clearance_record_printing
from tests.factories.assets import AssetFactory
from tests.factories.rights import book, make_licence

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 6, 1, 10, 0, tzinfo=LONDON)
Kind = ClearanceCheck.Kind


@pytest.fixture
def rita(role_user):
    return role_user(Role.RIGHTS, "rita")


@pytest.fixture
def title_products():
    return book()


def reprint(products, quantity=1000, on=dt.date(2027, 3, 4), territories=("GB",), **more):
    return ClearanceEvent(
        kind=Kind.REPRINT,
        planned_on=on,
        products=tuple(products),
        quantity=quantity,
        territories=territories,
        **more,
    )


def codes(check: ClearanceCheck) -> list[str]:
    return [r["code"] for result in check.results.all() for r in result.reasons if r["blocking"]]


def run(title, event, by, now=NOW) -> ClearanceCheck:
    return clearance_check(title=title, event=event, by=by, now=now)


# --- the term ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "planned_on, verdict, code",
    [
        (dt.date(2027, 3, 3), "go", None),  # the day before the last day
        (dt.date(2027, 3, 4), "go", None),  # the last day covered
        (dt.date(2027, 3, 5), "no_go", Code.ENDS_BEFORE_DATE),  # the day after
    ],
)
def test_a_licence_covers_its_last_day_and_not_the_day_after(title_products, rita, planned_on, verdict, code):
    title, p = title_products
    make_licence(title=title, valid_until=dt.date(2027, 3, 4))
    check = run(title, reprint([p["hardback"]], on=planned_on), rita)
    assert check.verdict == verdict
    assert codes(check) == ([code] if code else [])
    if code:
        assert "The licence ends on 4 Mar 2027, before the reprint on 5 Mar 2027." in str(
            check.results.get().reasons
        )


@pytest.mark.parametrize(
    "now, verdict",
    [
        (dt.datetime(2026, 9, 30, 23, 59, 59, tzinfo=LONDON), "go"),  # the last second of the last day
        (dt.datetime(2026, 10, 1, 0, 0, 0, tzinfo=LONDON), "no_go"),  # the first second after it
    ],
)
def test_an_expired_licence_blocks_from_the_first_second_after_its_last_day(
    title_products, rita, now, verdict
):
    title, p = title_products
    make_licence(title=title, valid_until=dt.date(2026, 9, 30), now=NOW)
    check = run(title, reprint([p["hardback"]], on=now.date()), rita, now=now)
    assert check.verdict == verdict
    if verdict == "no_go":
        assert codes(check) == [Code.EXPIRED]
        reason = check.results.get().reasons[0]
        assert reason["message"] == "The licence expired: its last day was 30 Sep 2026."
        assert reason["fix"] == "terms"


def test_a_licence_that_starts_after_the_event_blocks_it(title_products, rita):
    title, p = title_products
    make_licence(title=title, valid_from=dt.date(2027, 1, 1))
    assert codes(run(title, reprint([p["hardback"]], on=dt.date(2026, 12, 31)), rita)) == [Code.NOT_YET_VALID]
    assert run(title, reprint([p["hardback"]], on=dt.date(2027, 1, 1)), rita).verdict == "go"


def test_perpetual_covers_any_date_and_a_missing_end_date_blocks(title_products, rita):
    title, p = title_products
    make_licence(title=title, perpetual=True)
    assert run(title, reprint([p["hardback"]], on=dt.date(2070, 1, 1)), rita).verdict == "go"
    other, q = book()
    make_licence(title=other, valid_until=None)
    assert codes(run(other, reprint([q["hardback"]]), rita)) == [Code.NO_END_DATE]


# --- territory, channel, product -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "licensed, planned, missing",
    [
        (("GB", "IE"), ("GB",), None),
        (("GB", "IE"), ("GB", "IE"), None),
        (("GB", "IE"), ("GB", "FR"), "France (FR)"),
        (("WORLD",), ("FR", "US", "JP"), None),
        (("WORLD",), ("WORLD",), None),
        (("GB", "US"), ("WORLD",), "the world"),
        (("US",), ("DE", "FR"), "Germany (DE), France (FR)"),
    ],
)
def test_territories_must_be_covered_and_world_covers_all(title_products, rita, licensed, planned, missing):
    title, p = title_products
    make_licence(title=title, territories=licensed)
    check = run(title, reprint([p["hardback"]], territories=planned), rita)
    if missing is None:
        assert check.verdict == "go"
    else:
        assert codes(check) == [Code.TERRITORY]
        assert f"Territory not covered: {missing}." in check.results.get().reasons[0]["message"]


def test_a_reprint_without_territories_is_checked_for_where_its_products_sell(title_products, rita):
    title, p = title_products
    make_licence(title=title, territories=("GB",))
    check = run(title, reprint([p["hardback"]], territories=()), rita)
    assert check.territories == ["GB", "IE"]  # the hardback's sales rights
    assert codes(check) == [Code.TERRITORY]


def test_an_ebook_edition_needs_the_digital_channel(title_products, rita):
    title, p = title_products
    licence = make_licence(title=title, channels=("print",))
    event = ClearanceEvent(kind=Kind.EDITION, planned_on=dt.date(2027, 3, 4), products=(p["ebook"],))
    check = run(title, event, rita)
    assert check.channels == ["digital"] and check.territories == ["WORLD"]
    # The ebook is covered and sold worldwide... the licence is for GB and IE, print only.
    assert sorted(codes(check)) == sorted([Code.CHANNEL, Code.TERRITORY])
    assert "Channel not covered: Digital. The licence covers Print." in str(check.results.get().reasons)
    Licence.objects.filter(pk=licence.pk).update(channels=["print", "digital"], territories=["WORLD"])
    assert run(title, event, rita).verdict == "go"


def test_a_new_format_must_be_among_the_licensed_products(title_products, rita):
    title, p = title_products
    make_licence(title=title, covered=[p["hardback"]])
    event = ClearanceEvent(kind=Kind.NEW_PRODUCT, planned_on=dt.date(2027, 3, 4), products=(p["paperback"],))
    check = run(title, event, rita)
    assert codes(check) == [Code.PRODUCT]
    message = check.results.get().reasons[0]["message"]
    assert f"Product or format not covered: Paperback {p['paperback'].isbn13}." in message
    assert f"The licence covers Hardback {p['hardback'].isbn13}." in message
    assert run(title, reprint([p["hardback"]]), rita).verdict == "go"


# --- print run -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cap, quantity, verdict",
    [
        (5000, 1999, "go"),
        (5000, 2000, "go"),  # 3,000 printed + 2,000: the cap exactly reached
        (5000, 2001, "no_go"),  # one copy over
        (None, 10_000_000, "go"),  # no cap
    ],
)
def test_the_print_run_adds_up_earlier_printings_against_the_cap(
    title_products, rita, cap, quantity, verdict
):
    title, p = title_products
    make_licence(title=title, print_run_cap=cap, printed=(1000, 2000))
    check = run(title, reprint([p["hardback"]], quantity=quantity), rita)
    assert check.verdict == verdict
    if verdict == "no_go":
        assert codes(check) == [Code.PRINT_RUN]
        assert check.results.get().reasons[0]["message"] == (
            "3,000 copies printed so far and 2,001 copies planned make 5,001, over the print-run cap of "
            "5,000 by 1."
        )
        assert check.results.get().terms["printed"] == 3000


# --- editorial use only, withdrawal ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "placement, channels, blocked",
    [
        ("interior", (), []),
        ("front_cover", (), [Code.EDITORIAL_COVER]),
        ("back_cover", (), [Code.EDITORIAL_COVER]),
        ("interior", ("advertising",), [Code.EDITORIAL_ADVERTISING]),
    ],
)
def test_editorial_use_only_never_on_a_cover_or_in_advertising(
    title_products, rita, placement, channels, blocked
):
    title, p = title_products
    make_licence(
        title=title,
        asset=AssetFactory(editorial=True),
        placement=placement,
        channels=("print", "advertising"),
    )
    check = run(title, reprint([p["hardback"]], channels=channels), rita)
    assert codes(check) == blocked
    if blocked:
        assert check.results.get().reasons[0]["fix"] == "replace"


def test_a_creative_picture_on_a_cover_is_fine(title_products, rita):
    title, p = title_products
    make_licence(title=title, placement="front_cover", channels=("print", "advertising"))
    assert run(title, reprint([p["hardback"]], channels=("advertising",)), rita).verdict == "go"


def test_a_picture_getty_withdrew_blocks_with_a_replacement_to_find(title_products, rita):
    title, p = title_products
    asset = AssetFactory(withdrawn_at=dt.datetime(2026, 5, 20, 9, 0, tzinfo=LONDON))
    make_licence(title=title, asset=asset)
    other = make_licence(title=title, status=Licence.Status.WITHDRAWN)
    check = run(title, reprint([p["hardback"]]), rita)
    assert codes(check) == [Code.WITHDRAWN, Code.WITHDRAWN]
    reasons = [r for result in check.results.order_by("licence_id") for r in result.reasons]
    assert reasons[0]["message"] == (
        "Getty withdrew this picture on 20 May 2026: it may not be printed or published again."
    )
    assert reasons[0]["fix"] == "replace" and other.pk


def test_unconfirmed_terms_are_noted_but_do_not_block(title_products, rita):
    title, p = title_products
    make_licence(title=title, confirmed=False)
    check = run(title, reprint([p["hardback"]]), rita)
    assert check.verdict == "go"
    (note,) = check.results.get().reasons
    assert note["code"] == Code.TERMS_UNCONFIRMED and note["blocking"] is False


def test_every_reason_is_reported_not_just_the_first(title_products, rita):
    title, p = title_products
    make_licence(
        title=title,
        asset=AssetFactory(editorial=True),
        placement="front_cover",
        covered=[p["hardback"]],
        used_in=[p["paperback"]],
        territories=("GB",),
        print_run_cap=100,
        valid_until=dt.date(2026, 12, 31),
    )
    event = reprint([p["paperback"]], quantity=101, territories=("FR",), channels=("advertising",))
    check = run(title, event, rita)
    assert set(codes(check)) == {
        Code.ENDS_BEFORE_DATE,
        Code.TERRITORY,
        Code.CHANNEL,
        Code.PRODUCT,
        Code.PRINT_RUN,
        Code.EDITORIAL_COVER,
        Code.EDITORIAL_ADVERTISING,
    }


# --- which pictures an event touches ---------------------------------------------------------------------


def test_a_reprint_touches_the_pictures_of_its_products_only(title_products, rita):
    title, p = title_products
    in_hardback = make_licence(title=title, covered=[p["hardback"]])
    in_paperback = make_licence(title=title, covered=[p["paperback"]], territories=("US",))
    everywhere = make_licence(title=title, used_in=[])  # a usage naming no product is in every product
    make_licence(title=title, status=Licence.Status.SUPERSEDED)
    make_licence(title=title, usage_status=Usage.Status.SUPERSEDED)
    check = run(title, reprint([p["hardback"]]), rita)
    assert set(check.results.values_list("licence_id", flat=True)) == {in_hardback.pk, everywhere.pk}
    assert check.verdict == "go" and check.pictures_checked == 2
    assert in_paperback.pk not in check.results.values_list("licence_id", flat=True)


def test_a_new_format_asks_about_every_picture_in_use(title_products, rita):
    title, p = title_products
    make_licence(title=title, covered=[p["hardback"]])
    make_licence(
        title=title,
        covered=[p["hardback"], p["audio"]],
        channels=("print", "digital"),
        territories=("WORLD",),
    )
    event = ClearanceEvent(kind=Kind.NEW_PRODUCT, planned_on=dt.date(2027, 3, 4), products=(p["audio"],))
    check = run(title, event, rita)
    assert check.pictures_checked == 2 and check.pictures_blocked == 1 and check.verdict == "no_go"


def test_a_title_without_licences_is_clear(title_products, rita):
    title, p = title_products
    check = run(title, reprint([p["hardback"]]), rita)
    assert check.verdict == "go" and check.pictures_checked == 0 and not check.results.exists()


# --- the saved check -------------------------------------------------------------------------------------


def test_the_check_is_saved_with_who_when_what_and_each_pictures_answer(title_products, rita):
    title, p = title_products
    licence = make_licence(title=title, territories=("GB",), print_run_cap=5000, printed=(4000,))
    check = run(
        title, reprint([p["hardback"]], quantity=1500, territories=("GB", "IE"), note="2nd impression"), rita
    )
    check.refresh_from_db()
    assert (check.checked_by, check.checked_at, check.kind, check.quantity) == (rita, NOW, "reprint", 1500)
    assert list(check.products.all()) == [p["hardback"]]
    assert (
        check.territories == ["GB", "IE"] and check.channels == ["print"] and check.note == "2nd impression"
    )
    assert check.verdict == "no_go" and check.pictures_blocked == 1
    result = check.results.get()
    assert result.licence == licence and result.verdict == "no_go"
    assert [r["code"] for r in result.reasons] == [Code.TERRITORY, Code.PRINT_RUN]
    assert all(r["message"] and r["fix"] == "terms" for r in result.reasons)
    assert result.terms["territories"] == ["GB"] and result.terms["print_run_cap"] == 5000
    # The saved answer is evidence: it does not change when the licence does.
    Licence.objects.filter(pk=licence.pk).update(territories=["WORLD"])
    result.refresh_from_db()
    assert result.terms["territories"] == ["GB"]


def test_a_check_runs_a_constant_number_of_queries(rita):
    def queries_for(licences: int) -> int:
        title, p = book()
        for _ in range(licences):
            make_licence(title=title, printed=(100,))
        with CaptureQueriesContext(connection) as captured:
            check = run(title, reprint([p["hardback"]]), rita)
        assert check.pictures_checked == licences
        return len(captured)

    rita.has_perm("rights.add_clearancecheck")  # the roles are read once per request
    assert queries_for(3) == queries_for(40) <= 12


@pytest.mark.parametrize(
    "event, field, message",
    [
        (reprint([], quantity=10), "products", "Choose the products the reprint is for."),
        (
            ClearanceEvent(kind=Kind.REPRINT, planned_on=dt.date(2027, 1, 1)),
            "products",
            "Choose the products",
        ),
        (ClearanceEvent(kind="sequel", planned_on=dt.date(2027, 1, 1)), "kind", "Choose what is planned"),
        (ClearanceEvent(kind=Kind.EDITION, planned_on=None), "planned_on", "Give the date"),
        (ClearanceEvent(kind=Kind.EDITION, planned_on=dt.date(2026, 5, 31)), "planned_on", "in the past"),
        (ClearanceEvent(kind=Kind.EDITION, planned_on=dt.date(2090, 1, 1)), "planned_on", "at most 50 years"),
        (
            ClearanceEvent(kind=Kind.NEW_TERRITORY, planned_on=dt.date(2027, 1, 1)),
            "territories",
            "Name the new",
        ),
        (
            ClearanceEvent(kind=Kind.NEW_TERRITORY, planned_on=dt.date(2027, 1, 1), territories=("XX",)),
            "territories",
            "Not a country code: XX",
        ),
        (
            ClearanceEvent(kind=Kind.EDITION, planned_on=dt.date(2027, 1, 1), channels=("radio",)),
            "channels",
            "Unknown channel",
        ),
        (
            ClearanceEvent(kind=Kind.EDITION, planned_on=dt.date(2027, 1, 1), note="x" * 501),
            "note",
            "At most 500",
        ),
    ],
)
def test_a_bad_event_is_refused_naming_the_field_and_nothing_is_saved(
    title_products, rita, event, field, message
):
    title, _ = title_products
    make_licence(title=title)
    with pytest.raises(ClearanceInvalid) as refused:
        run(title, event, rita)
    assert refused.value.field == field and message in refused.value.message
    assert not ClearanceCheck.objects.exists()


def test_a_reprint_needs_a_quantity_and_products_of_the_title(title_products, rita):
    title, p = title_products
    with pytest.raises(ClearanceInvalid, match="number of copies"):
        run(title, reprint([p["hardback"]], quantity=None), rita)
    _, foreign = book()
    with pytest.raises(ClearanceInvalid, match="is not one of"):
        run(title, reprint([foreign["hardback"]]), rita)


def test_only_rights_runs_checks(title_products, role_user):
    title, p = title_products
    for role in (Role.LEGAL, Role.PRODUCTION, Role.EDITORIAL):
        with pytest.raises(RightsNotPermitted):
            run(title, reprint([p["hardback"]]), role_user(role, f"{role}-person"))
    assert not ClearanceCheck.objects.exists()


# --- recording the printing ------------------------------------------------------------------------------


def test_recording_a_cleared_reprint_adds_its_quantity_to_the_usage_once(title_products, rita):
    title, p = title_products
    licence = make_licence(title=title, print_run_cap=5000, printed=(3000,))
    check = run(title, reprint([p["hardback"]], quantity=1500), rita)
    later = NOW + dt.timedelta(days=1)
    (printing,) = clearance_record_printing(check=check, by=rita, now=later)
    assert (printing.quantity, printing.printed_on, printing.usage.licence) == (
        1500,
        dt.date(2027, 3, 4),
        licence,
    )
    assert sum(Printing.objects.filter(usage__licence=licence).values_list("quantity", flat=True)) == 4500
    event = LicenceEvent.objects.filter(licence=licence, kind=LicenceEvent.Kind.USAGE_RECORDED).get()
    assert event.actor == rita and event.details["clearance_check"] == check.pk
    check.refresh_from_db()
    assert check.printing_recorded_at == later and check.printing_recorded_by == rita
    with pytest.raises(ClearanceRefused, match="already recorded"):
        clearance_record_printing(check=check, by=rita, now=later)
    assert Printing.objects.filter(usage__licence=licence).count() == 2
    # The next reprint counts it: 4,500 printed + 501 passes the cap.
    assert codes(run(title, reprint([p["hardback"]], quantity=501), rita)) == [Code.PRINT_RUN]
    assert run(title, reprint([p["hardback"]], quantity=500), rita).verdict == "go"


def test_two_cleared_reprints_cannot_pass_the_cap_together(title_products, rita):
    title, p = title_products
    licence = make_licence(title=title, print_run_cap=5000, printed=(3000,))
    first = run(title, reprint([p["hardback"]], quantity=2000), rita)
    second = run(title, reprint([p["hardback"]], quantity=2000), rita)
    assert first.verdict == second.verdict == "go"
    clearance_record_printing(check=first, by=rita, now=NOW)
    with pytest.raises(ClearanceRefused, match="no longer cleared.*over the print-run cap"):
        clearance_record_printing(check=second, by=rita, now=NOW)
    second.refresh_from_db()
    assert second.printing_recorded_at is None
    assert Printing.objects.filter(usage__licence=licence).count() == 2


def test_only_a_cleared_reprint_records_a_printing(title_products, rita, role_user):
    title, p = title_products
    make_licence(title=title, print_run_cap=10)
    blocked = run(title, reprint([p["hardback"]], quantity=11), rita)
    with pytest.raises(ClearanceRefused, match="not cleared"):
        clearance_record_printing(check=blocked, by=rita, now=NOW)
    edition = run(
        title,
        ClearanceEvent(kind=Kind.NEW_TERRITORY, planned_on=dt.date(2027, 1, 1), territories=("GB",)),
        rita,
    )
    with pytest.raises(ClearanceRefused, match="Only a reprint"):
        clearance_record_printing(check=edition, by=rita, now=NOW)
    cleared = run(title, reprint([p["hardback"]], quantity=10), rita)
    with pytest.raises(RightsNotPermitted):
        clearance_record_printing(check=cleared, by=role_user(Role.PRODUCTION, "pat"), now=NOW)
    assert not Printing.objects.exists()


# --- a licence covering more never gives fewer gos -------------------------------------------------------

COUNTRIES = ["GB", "IE", "FR", "DE", "US", "WORLD"]
CHANNELS = ["print", "digital", "social", "advertising", "point_of_sale"]
PRODUCTS = [ProductRef(id=i, isbn13=f"97800000000{i}") for i in range(1, 5)]
DAY0 = dt.date(2026, 6, 1)
days = st.integers(min_value=0, max_value=2000).map(lambda n: DAY0 + dt.timedelta(days=n))


@st.composite
def narrow_and_wide(draw):
    """A licence's facts, and the same licence covering at least as much."""
    narrow = LicenceFacts(
        status=draw(st.sampled_from(["active", "expiring", "expired", "withdrawn"])),
        withdrawn_on=draw(st.none() | days),
        valid_from=draw(st.none() | days),
        valid_until=draw(st.none() | days),
        perpetual=draw(st.booleans()),
        territories=tuple(draw(st.sets(st.sampled_from(COUNTRIES)))),
        channels=tuple(draw(st.sets(st.sampled_from(CHANNELS)))),
        products=tuple(draw(st.sets(st.sampled_from(PRODUCTS)))),
        print_run_cap=draw(st.none() | st.integers(1, 10_000)),
        printed=draw(st.integers(0, 10_000)),
        editorial_use_only=draw(st.booleans()),
        confirmed=draw(st.booleans()),
        placements=tuple(
            draw(st.sets(st.sampled_from(["interior", "front_cover", "marketing"]), min_size=1))
        ),
    )
    later = draw(st.integers(0, 500))
    wide = LicenceFacts(
        **{
            **narrow.__dict__,
            "valid_from": narrow.valid_from
            and narrow.valid_from - dt.timedelta(days=draw(st.integers(0, 500))),
            "valid_until": narrow.valid_until and narrow.valid_until + dt.timedelta(days=later),
            "perpetual": narrow.perpetual or draw(st.booleans()),
            "territories": tuple(set(narrow.territories) | draw(st.sets(st.sampled_from(COUNTRIES)))),
            "channels": tuple(set(narrow.channels) | draw(st.sets(st.sampled_from(CHANNELS)))),
            "products": tuple(set(narrow.products) | draw(st.sets(st.sampled_from(PRODUCTS)))),
            "print_run_cap": None
            if narrow.print_run_cap is None or draw(st.booleans())
            else narrow.print_run_cap + draw(st.integers(0, 5000)),
            "confirmed": narrow.confirmed or draw(st.booleans()),
        }
    )
    return narrow, wide


events = st.builds(
    PlannedEvent,
    kind=st.sampled_from(Kind.values),
    kind_label=st.just("Reprint"),
    planned_on=days,
    products=st.sets(st.sampled_from(PRODUCTS)).map(tuple),
    quantity=st.none() | st.integers(1, 10_000),
    territories=st.sets(st.sampled_from(COUNTRIES)).map(tuple),
    channels=st.sets(st.sampled_from(CHANNELS)).map(tuple),
)


@settings(max_examples=300, deadline=None)
@given(pair=narrow_and_wide(), event=events, today=days)
def test_a_licence_covering_more_never_gives_fewer_gos(pair, event, today):
    narrow, wide = pair
    narrow_blocks = [f for f in findings(narrow, event, today=today) if f.blocking]
    wide_blocks = [f for f in findings(wide, event, today=today) if f.blocking]
    # A later end may turn "expired" into "ends before the date", never add a reason.
    assert len(wide_blocks) <= len(narrow_blocks)
    if is_go(findings(narrow, event, today=today)):
        assert is_go(findings(wide, event, today=today))
