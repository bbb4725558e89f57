"""Rights opens the Rights menu entry: the dashboard draws the expiry chart with the vendored Chart.js under
the site's Content-Security-Policy (no console error, no refused script), shows the same numbers as a
table, the pictures at risk, a withdrawal and the recent clearance checks; a status figure leads to the
filtered licence list and a check to its page; the title's exports are offered on its page. Phone width
and axe on every page."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from accounts.roles import Role
from rights.models import ClearanceCheck, Licence
from rights.services.clearance import ClearanceEvent, clearance_check
from tests.factories.rights import book, make_licence

from .page_checks import PHONE, check_page, wait_for_layout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LOCAL_IMAGE = "/static/favicon.svg"
IMAGES = {"thumb_url": LOCAL_IMAGE, "comp_url": LOCAL_IMAGE, "preview_url": LOCAL_IMAGE}


def _desk(today: dt.date, rights) -> dict:
    title, products = book(title="The Salt Road")
    products["hardback"].publication_date = today + dt.timedelta(days=75)
    products["hardback"].save()
    products["paperback"].publication_date = today - dt.timedelta(days=100)  # out already: not at risk
    products["paperback"].save()
    licences = []
    for months_ahead, count in ((0, 1), (1, 3), (2, 2), (4, 5), (7, 1), (11, 4)):
        for _ in range(count):
            until = today + dt.timedelta(days=30 * months_ahead + 3)
            licences.append(
                make_licence(title=title, covered=[products["paperback"]], valid_until=until, **IMAGES)
            )
    at_risk = make_licence(
        title=title, covered=[products["hardback"]], valid_until=today + dt.timedelta(days=45), **IMAGES
    )
    gone = make_licence(title=title, status=Licence.Status.WITHDRAWN, **IMAGES)
    gone.asset.withdrawn_at = timezone.now()
    gone.asset.save()
    make_licence(title=title, perpetual=True, **IMAGES)
    reprint = ClearanceEvent(
        kind=ClearanceCheck.Kind.REPRINT,
        planned_on=today + dt.timedelta(days=60),
        products=(products["hardback"],),
        quantity=3000,
        territories=("GB",),
    )
    check = clearance_check(title=title, event=reprint, by=rights)
    return {"title": title, "at_risk": at_risk, "gone": gone, "check": check}


def test_rights_reads_the_dashboard_with_its_chart_and_follows_a_figure(page, sign_in, role_user):
    rita = role_user(Role.RIGHTS, "rita")
    desk = _desk(timezone.localdate(), rita)

    sign_in("rita")
    page.get_by_label("Main").get_by_role("link", name="Rights").click()
    page.get_by_role("heading", name="Rights", exact=True).wait_for()
    page.locator("#expiry-chart[data-drawn='true']").wait_for()
    check_page(page)

    # Chart.js drew bars on the canvas (not a blank box), from the page's JSON.
    painted = page.evaluate(
        """() => {
          const canvas = document.getElementById('expiry-chart');
          const chart = window.Chart.getChart(canvas);
          const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          let inked = 0;
          for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) inked++; }
          return {bars: chart.data.datasets[0].data, labels: chart.data.labels.length, inked};
        }"""
    )
    assert painted["labels"] == 12 and sum(painted["bars"]) >= 16 and painted["inked"] > 1000
    table = page.get_by_role("table", name="Licences ending each month")
    assert table.locator("tbody tr").count() == 12
    assert [int(n) for n in table.locator("tbody td").all_inner_texts()] == painted["bars"]

    at_risk = page.get_by_role("region", name="Pictures at risk for upcoming publication dates")
    assert at_risk.get_by_text("Ends before publication").count() == 1
    assert at_risk.get_by_role("link", name=f"#{desk['at_risk'].pk} The Salt Road").count() == 1
    withdrawals = page.get_by_role("region", name="Withdrawals")
    assert withdrawals.get_by_role("link", name=f"#{desk['gone'].pk} The Salt Road").count() == 1
    checks = page.get_by_role("region", name="Recent clearance checks")
    assert checks.get_by_role("row").filter(has_text="Reprint, 3000 copies").count() == 1

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "rights-dashboard.png"), full_page=True)
    page.set_viewport_size(PHONE)
    wait_for_layout(page)
    page.screenshot(path=str(ARTIFACTS / "rights-dashboard-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})

    checks.get_by_role("link", name=f"#{desk['check'].pk} Reprint, 3000 copies").click()
    page.get_by_role(
        "heading", name=f"Clearance check #{desk['check'].pk}: Reprint of The Salt Road"
    ).wait_for()
    check_page(page)
    page.go_back()

    page.get_by_role("region", name="Licences by status").get_by_role("link", name="Withdrawn").click()
    page.wait_for_url("**/rights/licences/?status=withdrawn")
    page.get_by_role("heading", name="Licences").wait_for()
    check_page(page)
    assert page.locator("table.list tbody tr").count() == 1

    page.goto(f"/titles/{desk['title'].pk}/")
    page.get_by_role("heading", name="Permissions log and evidence").wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="Permissions log (CSV)").click()
    assert download.value.suggested_filename.startswith(f"permissions-log-title-{desk['title'].pk}-")
    assert page.console_errors == []
