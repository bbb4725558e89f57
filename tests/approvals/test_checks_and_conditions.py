"""Automatic checks and step conditions are pure functions of the use's facts."""

from dataclasses import replace
from decimal import Decimal

import pytest

from approvals.conditions import evaluate
from approvals.facts import ProductFacts, UseFacts
from approvals.models import Condition
from approvals.use_checks import (
    Outcome,
    check_editorial_use,
    check_licence_model,
    check_release,
    check_resolution,
    check_territory,
    check_usage_restrictions,
    check_withdrawn,
)
from integration.placements import Placement, pixels_for_print

HARDBACK = ProductFacts("Hardback 9781780000001", Decimal("23.4"), False, ("GB", "IE"), ("US",), None)
FACTS = UseFacts(
    getty_id="1", is_rights_managed=False, is_editorial_use_only=False, license_model_label="Royalty-free",
    release_info="No release required", usage_restrictions=(), shows_people=False, max_width=4000,
    max_height=6000, withdrawn=False, placement="front_cover", channels=(), territories=("GB",), fee=None,
    products=(HARDBACK,),
)  # fmt: skip


def test_trim_size_at_300_dpi():
    assert pixels_for_print(Decimal("23.4"), placement=Placement.FRONT_COVER) == 2764  # 2763.8 rounded up
    assert check_resolution(FACTS).outcome == Outcome.PASS
    small = replace(FACTS, max_width=1800, max_height=2763)
    failed = check_resolution(small)
    assert failed.outcome == Outcome.FAIL
    assert failed.message == (
        "Front cover needs 1,843 × 2,764 px (width × height: a 2:3 portrait over the 23.4 cm trim height "
        "at 300 dpi). This picture is 1,800 × 2,763 px."
    )
    # Interior use needs half the trim height.
    assert check_resolution(replace(small, placement="interior")).outcome == Outcome.PASS


def test_a_landscape_picture_does_not_pass_a_portrait_cover_check():
    # The longest side (6000) is far more than the trim height needs; the height is not.
    landscape = replace(FACTS, max_width=6000, max_height=2000)
    check = check_resolution(landscape)
    assert check.outcome == Outcome.FAIL
    assert "This picture is 6,000 × 2,000 px." in check.message
    # Tall enough but narrower than a 2:3 portrait of the trim height.
    assert check_resolution(replace(FACTS, max_width=1842, max_height=2764)).outcome == Outcome.FAIL
    assert check_resolution(replace(FACTS, max_width=1843, max_height=2764)).outcome == Outcome.PASS


def test_interior_resolution_checks_half_the_page_height_and_says_so():
    product = replace(HARDBACK, height_cm=Decimal("17.8"))
    interior = replace(FACTS, placement="interior", products=(product,), max_width=2102, max_height=1050)
    check = check_resolution(interior)
    assert check.outcome == Outcome.FAIL
    assert check.message == (
        "Interior needs 1,052 px of height (half a page of the 17.8 cm trim height at 300 dpi). "
        "This picture is 2,102 × 1,050 px."
    )
    assert check_resolution(replace(interior, max_height=1052)).outcome == Outcome.PASS


def test_marketing_resolution_follows_the_channel():
    social = replace(FACTS, placement="marketing", channels=("social",), max_width=1000, max_height=1000)
    assert check_resolution(social).outcome == Outcome.FAIL
    assert check_resolution(replace(social, max_width=1080)).outcome == Outcome.PASS


@pytest.mark.parametrize(
    ("territories", "product", "outcome"),
    [
        (("GB",), HARDBACK, Outcome.PASS),
        (("GB", "IE"), HARDBACK, Outcome.PASS),
        (("FR",), HARDBACK, Outcome.FAIL),
        (("US",), HARDBACK, Outcome.FAIL),
        (("WORLD",), HARDBACK, Outcome.FAIL),
        (("WORLD",), replace(HARDBACK, for_sale_worldwide=True, not_for_sale_countries=()), Outcome.PASS),
    ],
)
def test_requested_territory_against_sales_rights(territories, product, outcome):
    assert check_territory(replace(FACTS, territories=territories, products=(product,))).outcome == outcome


def test_editorial_use_only_fails_on_cover_and_is_a_note_inside():
    editorial = replace(FACTS, is_editorial_use_only=True)
    assert check_editorial_use(editorial).outcome == Outcome.FAIL
    assert check_editorial_use(replace(editorial, placement="interior")).outcome == Outcome.WARN
    assert check_editorial_use(FACTS).outcome == Outcome.PASS


def test_release_against_commercial_use():
    unreleased = replace(FACTS, release_info="Not released. More information", shows_people=True)
    assert check_release(unreleased).outcome == Outcome.FAIL
    assert check_release(replace(unreleased, placement="interior")).outcome == Outcome.PASS
    assert check_release(replace(FACTS, release_info="Model released")).outcome == Outcome.PASS


def test_licence_model_restrictions_and_withdrawal():
    assert check_licence_model(replace(FACTS, is_rights_managed=True)).outcome == Outcome.WARN
    restricted = check_usage_restrictions(replace(FACTS, usage_restrictions=("Not for use in advertising.",)))
    assert restricted.outcome == Outcome.WARN and restricted.message == "Not for use in advertising."
    assert check_withdrawn(replace(FACTS, withdrawn=True)).outcome == Outcome.FAIL


@pytest.mark.parametrize(
    ("condition", "facts", "holds", "reason"),
    [
        (Condition.RIGHTS_MANAGED, FACTS, False, "The picture is royalty-free."),
        (Condition.COVER_PLACEMENT, FACTS, True, "The placement is front cover."),
        (Condition.COVER_PLACEMENT, replace(FACTS, placement="interior"), False,
         "The placement is interior."),
        (Condition.ADVERTISING_OR_SOCIAL, replace(FACTS, channels=("social", "print")), True,
         "Channels include social."),
        (Condition.TERRITORY_NOT_WORLD, FACTS, True, "The territory is GB, not the world."),
        (Condition.TERRITORY_NOT_WORLD, replace(FACTS, territories=("WORLD",)), False,
         "The territory is the world."),
        (Condition.RELEASE_MISSING, replace(FACTS, shows_people=True, release_info="Not released"), True,
         "People are shown and there is no release."),
        (Condition.EDITORIAL_USE_ONLY, FACTS, False, "The picture is not restricted to editorial use."),
    ],
)  # fmt: skip
def test_conditions_say_why(condition, facts, holds, reason):
    result = evaluate(condition, facts)
    assert (result.holds, result.reason) == (holds, reason)


def test_fee_threshold_and_requester_group():
    assert evaluate(
        Condition.FEE_ABOVE_THRESHOLD, replace(FACTS, fee=Decimal("600")), fee_threshold=500
    ).holds
    assert not evaluate(
        Condition.FEE_ABOVE_THRESHOLD, replace(FACTS, fee=Decimal("500")), fee_threshold=500
    ).holds
    editor = replace(FACTS, requester_group_names=frozenset({"Editorial"}))
    assert not evaluate(Condition.REQUESTER_OUTSIDE_GROUP, editor, group_name="Editorial").holds
    assert evaluate(Condition.REQUESTER_OUTSIDE_GROUP, editor, group_name="Legal").holds


def test_step_deadline_follows_an_upcoming_publication_but_not_a_past_one():
    import datetime as dt
    from types import SimpleNamespace

    from django.utils import timezone

    from approvals.services.transitions import due_at_for

    started = timezone.make_aware(dt.datetime(2026, 11, 2, 10, 0))
    template = SimpleNamespace(deadline_days=5, days_before_publication=14)
    # Publication on 10 Nov: 14 days before is already past at the start, but it is upcoming: urgent.
    assert due_at_for(template, started_at=started, publication_date=dt.date(2026, 11, 10)) < started
    # Publication in March: the five days after the start come first.
    assert due_at_for(
        template, started_at=started, publication_date=dt.date(2027, 3, 1)
    ) == started + dt.timedelta(days=5)
    # Published last year (a reprint): only the five days count, never "overdue on arrival".
    assert due_at_for(
        template, started_at=started, publication_date=dt.date(2025, 11, 7)
    ) == started + dt.timedelta(days=5)
