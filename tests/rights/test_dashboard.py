"""The Rights dashboard: licences by status, the expiry chart and its table, pictures at risk for
upcoming publication dates, withdrawals, the recent clearance checks; who sees it; a constant number of
queries."""

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rights.dashboard_selectors import (
    expiries_by_month,
    pictures_at_risk,
    recent_withdrawals,
    rights_dashboard,
)
from rights.models import ClearanceCheck, Licence
from rights.services.clearance import ClearanceEvent, clearance_check
from tests.factories.rights import book, make_licence
from tests.factories.titles import ProductFactory

pytestmark = pytest.mark.django_db

Status = Licence.Status
TODAY = dt.date(2026, 5, 20)
DASHBOARD = "/rights/"


def as_user(client, user):
    client.force_login(user)
    return client


def _months(board_months):
    return [(m.month.isoformat(), m.count) for m in board_months]


def test_expiries_are_counted_month_by_month_for_the_next_twelve_months():
    title, _ = book()
    for until in (
        dt.date(2026, 5, 19),  # ended yesterday: not in the chart
        dt.date(2026, 5, 20),  # its last day is today: this month
        dt.date(2026, 5, 31),
        dt.date(2026, 6, 1),
        dt.date(2026, 6, 30),
        dt.date(2027, 4, 30),  # the twelfth month's last day
        dt.date(2027, 5, 1),  # the thirteenth month: not in the chart
    ):
        make_licence(title=title, valid_until=until, status=Status.EXPIRING)
    make_licence(
        title=title, valid_until=dt.date(2026, 7, 1), status=Status.WITHDRAWN
    )  # end no longer matters
    make_licence(title=title, valid_until=dt.date(2026, 7, 2), status=Status.SUPERSEDED)
    make_licence(title=title, perpetual=True)

    months = expiries_by_month(today=TODAY)

    assert len(months) == 12
    assert months[0].month == dt.date(2026, 5, 1) and months[-1].month == dt.date(2027, 4, 1)
    counts = dict(_months(months))
    assert counts["2026-05-01"] == 2 and counts["2026-06-01"] == 2 and counts["2027-04-01"] == 1
    assert counts["2026-07-01"] == 0 and sum(counts.values()) == 5


def test_the_chart_crosses_a_year_end():
    months = expiries_by_month(today=dt.date(2026, 12, 31))
    assert [m.month for m in months[:3]] == [dt.date(2026, 12, 1), dt.date(2027, 1, 1), dt.date(2027, 2, 1)]
    assert months[-1].month == dt.date(2027, 11, 1)


def test_a_covered_product_publishing_after_or_near_the_end_is_at_risk_to_the_day(settings):
    settings.RIGHTS_EXPIRY_WINDOWS_DAYS = [90, 30, 7]
    title, products = book()  # every product publishes 4 March 2027
    published = dt.date(2027, 3, 4)
    hardback = [products["hardback"]]
    ends_before = make_licence(title=title, covered=hardback, valid_until=published - dt.timedelta(days=1))
    ends_on_the_day = make_licence(title=title, covered=hardback, valid_until=published)
    edge_of_window = make_licence(
        title=title, covered=hardback, valid_until=published + dt.timedelta(days=90)
    )
    make_licence(title=title, covered=hardback, valid_until=published + dt.timedelta(days=91))  # safe
    make_licence(title=title, covered=hardback, perpetual=True)
    make_licence(title=title, covered=hardback, valid_until=dt.date(2026, 6, 1), status=Status.WITHDRAWN)
    expired = make_licence(
        title=title, covered=hardback, valid_until=dt.date(2026, 1, 1), status=Status.EXPIRED
    )
    # Covers only the ebook, whose date is past: nothing upcoming.
    ProductFactory(title=title, format_name="Old ebook", publication_date=dt.date(2026, 1, 1))
    old = title.products.get(format_name="Old ebook")
    make_licence(title=title, covered=[old], valid_until=dt.date(2026, 2, 1), status=Status.EXPIRED)

    at_risk = pictures_at_risk(today=TODAY)

    ids = [row.licence.pk for row in at_risk.rows]
    assert at_risk.total == 4
    assert set(ids) == {ends_before.pk, ends_on_the_day.pk, edge_of_window.pk, expired.pk}
    by_id = {row.licence.pk: row for row in at_risk.rows}
    assert by_id[ends_before.pk].ends_before_publication and by_id[ends_before.pk].days_apart == 1
    assert not by_id[ends_on_the_day.pk].ends_before_publication
    assert by_id[edge_of_window.pk].days_apart == 90
    assert ids[0] == expired.pk  # the same publication date: the licence that ends first comes first
    assert all(row.isbn13 == products["hardback"].isbn13 for row in at_risk.rows)


def test_a_product_the_licence_does_not_cover_puts_nothing_at_risk():
    title, products = book()
    make_licence(title=title, covered=[products["ebook"]], valid_until=dt.date(2027, 1, 1))
    products["ebook"].publication_date = dt.date(2026, 4, 1)  # published already
    products["ebook"].save()
    assert pictures_at_risk(today=TODAY).total == 0


def test_withdrawals_list_marked_and_not_yet_marked_licences_newest_first():
    title, _ = book()
    older = make_licence(title=title, status=Status.WITHDRAWN)
    older.asset.withdrawn_at = timezone.make_aware(dt.datetime(2026, 4, 1, 9))
    older.asset.save()
    newer = make_licence(title=title)  # Getty withdrew it; the watch has not marked the licence yet
    newer.asset.withdrawn_at = timezone.make_aware(dt.datetime(2026, 5, 1, 9))
    newer.asset.save()
    make_licence(title=title)

    withdrawals = recent_withdrawals()

    assert withdrawals.total == 2
    assert [lic.pk for lic in withdrawals.rows] == [newer.pk, older.pk]
    assert withdrawals.rows[0].usages_in_use == 1


def _dashboard_text(client, user) -> str:
    response = as_user(client, user).get(DASHBOARD)
    assert response.status_code == 200
    return response.content.decode()


def _chart_json(text: str) -> dict:
    found = re.search(r'<script id="expiry-chart-data" type="application/json">(.*?)</script>', text, re.S)
    assert found, "the chart's numbers are not on the page"
    return json.loads(found.group(1))


def test_rights_sees_counts_linking_to_filtered_lists_and_the_chart_with_its_table(client, people):
    today = timezone.localdate()
    title, _ = book()
    in_a_month = today + dt.timedelta(days=31)
    make_licence(title=title, valid_until=in_a_month, status=Status.EXPIRING)
    make_licence(title=title, valid_until=in_a_month, status=Status.EXPIRING)
    make_licence(title=title, valid_until=today - dt.timedelta(days=3), status=Status.EXPIRED)
    make_licence(title=title, perpetual=True)

    text = _dashboard_text(client, people.rita)

    assert '<a href="/rights/licences/?status=expiring"><span class="figure">2</span>' in text
    assert '<a href="/rights/licences/?status=expired"><span class="figure">1</span>' in text
    assert '<a href="/rights/licences/?status=active"><span class="figure">1</span>' in text
    assert "All licences (4)" in text and 'href="/rights/licences/"' in text
    chart = _chart_json(text)
    month_label = f"{in_a_month:%b %Y}"
    assert len(chart["labels"]) == 12 and chart["labels"][0] == f"{today:%b %Y}"
    assert chart["counts"][chart["labels"].index(month_label)] == 2 and sum(chart["counts"]) == 2
    # The same numbers as a table, and the chart drawn only from the site's own files.
    assert f'<th scope="row">{in_a_month:%B %Y}</th><td>2</td>' in text
    scripts = re.findall(r"<script\b[^>]*>", text)
    assert all("src=" in tag or 'type="application/json"' in tag for tag in scripts)
    assert '/static/vendor/chartjs/chart.umd.min.js"' in text and '/static/js/rights_dashboard.js"' in text


def test_the_dashboard_shows_pictures_at_risk_and_withdrawals(client, people):
    today = timezone.localdate()
    title, products = book(title="The Salt Road")
    products["hardback"].publication_date = today + dt.timedelta(days=60)
    products["hardback"].save()
    risky = make_licence(
        title=title,
        covered=[products["hardback"]],
        valid_until=today + dt.timedelta(days=40),
        status=Status.EXPIRING,
    )
    gone = make_licence(title=title, status=Status.WITHDRAWN)
    gone.asset.withdrawn_at = timezone.now()
    gone.asset.save()

    text = _dashboard_text(client, people.rita)

    assert (
        f"#{risky.pk} The Salt Road" in text
        and "Ends before publication" in text
        and "20 days earlier" in text
    )
    assert reverse("rights:licence-terms", args=[risky.pk]) in text  # Rights may extend the terms
    assert f"#{gone.pk} The Salt Road" in text and "Withdrawn by Getty" in text
    assert reverse("rights:replacement-find", args=[gone.pk]) in text  # the replacement path
    # Production reads the same page without the links to change terms or look for replacements.
    text = _dashboard_text(client, people.pat)
    assert reverse("rights:licence-terms", args=[risky.pk]) not in text
    assert reverse("rights:replacement-find", args=[gone.pk]) not in text


def test_an_empty_desk_says_so(client, people):
    text = _dashboard_text(client, people.rita)
    assert "No covered product publishes after" in text and "Getty has withdrawn none" in text
    assert "No clearance check has been run yet." in text
    assert sum(_chart_json(text)["counts"]) == 0


@pytest.mark.parametrize(
    "who, status",
    [("rita", 200), ("lena", 200), ("pat", 200), ("edith", 403), ("mary", 403), ("nobody", 403)],
)
def test_who_sees_the_dashboard_follows_the_role_table(client, people, who, status):
    assert as_user(client, getattr(people, who)).get(DASHBOARD).status_code == status


def test_anonymous_people_are_sent_to_sign_in(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_rights_menu_entry_opens_the_dashboard(client, people):
    text = as_user(client, people.rita).get("/").content.decode()
    assert '<a href="/rights/">Rights</a>' in text
    assert '<a href="/rights/">Rights' not in as_user(client, people.edith).get("/").content.decode()


def _queries_for_dashboard(client, user) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(DASHBOARD).status_code == 200
    return len(captured)


def _desk(n: int, today: dt.date, checked_by) -> None:
    title, products = book()
    products["hardback"].publication_date = today + dt.timedelta(days=100)
    products["hardback"].save()
    for k in range(n):
        make_licence(
            title=title,
            covered=[products["hardback"]],
            valid_until=today + dt.timedelta(days=20 + 30 * (k % 12)),
            status=Status.WITHDRAWN if k % 5 == 0 else Status.ACTIVE,
        )
    for k in range(n // 4):
        check_reprint(title, [products["hardback"]], by=checked_by, territories=("GB",) if k % 2 else ("FR",))


def test_the_dashboard_runs_a_constant_number_of_queries(client, people):
    today = timezone.localdate()
    as_user(client, people.rita)
    client.get(DASHBOARD)  # the session and the menu's caches settle
    _desk(4, today, people.rita)
    few = _queries_for_dashboard(client, people.rita)
    _desk(60, today, people.rita)
    many = _queries_for_dashboard(client, people.rita)
    assert few == many
    board = rights_dashboard(today=today)
    assert board.at_risk.total > len(board.at_risk.rows) and board.withdrawals.total > len(
        board.withdrawals.rows
    )
    assert board.clearance_checks.total == 16 and len(board.clearance_checks.rows) == 10


def test_the_dashboard_figures_take_eight_queries(django_assert_num_queries, people):
    _desk(12, TODAY, people.rita)
    # Counts, months, at-risk count and rows, withdrawals count and rows, clearance checks count and rows.
    with django_assert_num_queries(8):
        rights_dashboard(today=TODAY)
    with django_assert_num_queries(6):  # someone who may not read clearance checks: not read at all
        assert rights_dashboard(today=TODAY, clearance_checks=False).clearance_checks is None


def test_the_vendored_chart_library_is_the_pinned_version_with_its_licence():
    folder = Path(settings.BASE_DIR) / "static" / "vendor" / "chartjs"
    banner = (folder / "chart.umd.min.js").read_text(encoding="utf-8")[:200]
    assert "Chart.js v4.6.1" in banner and "Released under the MIT License" in banner
    assert "MIT License" in (folder / "LICENSE.md").read_text(encoding="utf-8")
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "**4.6.1**" in readme and "chart.js" in readme
    assert (folder / "chart.umd.min.js.map").exists()  # the file names it; the manifest storage needs it


def check_reprint(title, products, *, by, territories=("GB",), quantity=2000, now=None) -> ClearanceCheck:
    event = ClearanceEvent(
        kind=ClearanceCheck.Kind.REPRINT,
        planned_on=timezone.localdate() + dt.timedelta(days=30),
        products=tuple(products),
        quantity=quantity,
        territories=territories,
    )
    return clearance_check(title=title, event=event, by=by, now=now)


def _rows_of_section(text: str, heading_id: str) -> list[str]:
    section = text[text.index(f'id="{heading_id}"') :]
    section = section[: section.index("</section>")]
    body = section[section.index("<tbody>") : section.index("</tbody>")]
    return re.findall(r"<tr>(.*?)</tr>", body, re.S)


def test_the_recent_clearance_checks_say_what_was_checked_the_answer_who_and_when(client, people):
    people.rita.first_name, people.rita.last_name = "Rita", "Rowe"
    people.rita.save()
    title, p = book(title="The Salt Road")
    make_licence(title=title, territories=("GB", "IE"))  # covers every product, in GB and IE
    make_licence(title=title, territories=("GB",))
    earlier = timezone.now() - dt.timedelta(days=2)
    cleared = check_reprint(title, [p["hardback"]], by=people.rita, territories=("GB",), now=earlier)
    blocked = check_reprint(title, [p["hardback"]], by=people.rita, territories=("IE",), quantity=500)

    text = _dashboard_text(client, people.pat)  # Production reads them too

    rows = _rows_of_section(text, "clearance-heading")
    assert len(rows) == 2  # newest first
    newest, older = rows
    detail = reverse("rights:clearance-detail", args=[blocked.pk])
    assert (
        f'<a href="{detail}">#{blocked.pk} Reprint, 500 copies</a> <span class="muted">in IE</span>' in newest
    )
    assert f'<a href="{reverse("integration:title-detail", args=[title.pk])}">The Salt Road</a>' in newest
    assert "No go" in newest and "1 go, 1 no go" in newest
    assert "by Rita Rowe" in newest
    assert timezone.localtime(blocked.checked_at).strftime("%-d %b %Y %H:%M") in newest
    detail = reverse("rights:clearance-detail", args=[cleared.pk])
    assert f'<a href="{detail}">#{cleared.pk} Reprint, 2000 copies</a>' in older
    assert ">Go<" in older and "2 go, 0 no go" in older
    assert timezone.localtime(earlier).strftime("%-d %b %Y %H:%M") in older
    assert f'href="{reverse("rights:clearance-list")}">Every clearance check</a>' in text


def test_only_the_newest_ten_checks_are_listed_with_how_many_there_are(client, people):
    title, p = book()
    make_licence(title=title)
    checks = [check_reprint(title, [p["hardback"]], by=people.rita) for _ in range(12)]
    rows = _rows_of_section(_dashboard_text(client, people.rita), "clearance-heading")
    assert (
        len(rows) == 10
        and f">#{checks[-1].pk} Reprint" in rows[0]
        and f">#{checks[2].pk} Reprint" in rows[-1]
    )
    assert "The 10 newest of 12." in _dashboard_text(client, people.rita)


def test_someone_who_reads_licences_but_not_clearance_checks_sees_no_checks(client, people, role_user):
    title, p = book(title="The Salt Road")
    make_licence(title=title)
    check_reprint(title, [p["hardback"]], by=people.rita)
    reader = role_user(None, "licence-reader")
    reader.user_permissions.add(
        Permission.objects.get(codename="view_licence", content_type__app_label="rights")
    )
    text = _dashboard_text(client, reader)
    assert "Licences by status" in text and "Recent clearance checks" not in text
    assert "Recent clearance checks" in _dashboard_text(client, people.rita)
