"""A saved clearance check's page for a title with 500 licences, against the trivial page in the same run.

The check is a reprint of the hardback judged over all 500 licensed pictures (rights/services/clearance.py
`clearance_check`); a tenth of them are blocked (territory not covered or print-run cap passed) and a
tenth carry the unconfirmed-terms note, so the page renders reasons and fixes as well as plain goes.
Both pages go through the whole middleware stack and base.html as the same signed-in Rights user, and
are requested in turn, one after the other, so a slow spell of the machine lands on both.
Target: check page p95 ≤ 5 × trivial page p95.

The POST that runs a new check over the 500 licences is timed a few times for scale (printed, no target:
each run saves 500 results). That the check runs a constant number of queries whatever the number of
licences is a test (tests/rights/test_clearance.py), not a benchmark.

BENCH_PROFILE=1 prints a cProfile of 50 check pages instead of the BENCH line.
"""

import datetime as dt
import os
import statistics
import sys
import time

from common import TRIVIAL_URL, fresh_database, report_against_trivial, setup_django, use_trivial_page

LICENCES = 500
SAMPLES = 400
WARM_UP = 20
RUNS = 5  # new checks posted, for scale
TARGET_RATIO = 5.0


def licensed_title(count: int, *, by, now):
    """A title (book(): hardback, paperback, ebook, audio) with `count` licensed pictures, written in bulk
    the way `licence_create` leaves them: an approved request, a completed download, the licence covering
    every product, an active usage in every product, and a printing of 1,000 copies."""
    from approvals.models import ApprovalRequest, Workflow
    from integration.models import Asset
    from rights.models import Download, Licence, Printing, Usage
    from tests.factories.assets import AssetFactory
    from tests.factories.rights import book

    title, products = book()
    workflow = Workflow.objects.get(is_default=True)
    assets = Asset.objects.bulk_create([AssetFactory.build() for _ in range(count)])
    requests = ApprovalRequest.objects.bulk_create(
        ApprovalRequest(
            asset=asset,
            workflow=workflow,
            requester=by,
            status=ApprovalRequest.Status.APPROVED,
            title=title,
            placement="interior",
            channels=["print"],
            territories=["GB", "IE"],
            use_fingerprint=f"bench-{i}",
            submitted_at=now,
            updated_at=now,
            decided_at=now,
        )  # fmt: skip
        for i, asset in enumerate(assets)
    )
    downloads = Download.objects.bulk_create(
        Download(
            request=r,
            asset=r.asset,
            status=Download.Status.COMPLETED,
            started_at=now,
            completed_at=now,
            product_id="40101",
            product_type="premiumaccess",
            product_name="Premium Access",
        )  # fmt: skip
        for r in requests
    )
    licences = Licence.objects.bulk_create(
        Licence(
            request=d.request,
            asset=d.asset,
            title=title,
            download=d,
            license_model=d.asset.license_model,
            downloaded_at=now,
            getty_product_id="40101",
            getty_product_type="premiumaccess",
            # Every tenth blocked: five in a hundred not for Ireland, five capped below the reprint.
            territories=["GB"] if i % 20 == 0 else ["GB", "IE"],
            channels=["print"],
            print_run_cap=1500 if i % 20 == 10 else None,
            valid_until=dt.date(2035, 12, 31),
            credit_line=d.asset.credit_line,
            status=Licence.Status.ACTIVE,
            legal_confirmed_at=None if i % 10 == 5 else now,
            created_at=now,
            updated_at=now,
        )  # fmt: skip
        for i, d in enumerate(downloads)
    )
    Licence.products.through.objects.bulk_create(
        Licence.products.through(licence=licence, product=product)
        for licence in licences
        for product in products.values()
    )
    usages = Usage.objects.bulk_create(
        Usage(licence=licence, title=title, placement="interior", status=Usage.Status.ACTIVE, created_at=now)
        for licence in licences
    )
    Usage.products.through.objects.bulk_create(
        Usage.products.through(usage=usage, product=product)
        for usage in usages
        for product in products.values()
    )
    Printing.objects.bulk_create(
        Printing(usage=usage, quantity=1000, printed_on=dt.date(2026, 1, 5), created_at=now)
        for usage in usages
    )
    return title, products


def main() -> int:
    setup_django()
    fresh_database()
    from django.conf import settings
    from django.test import Client

    from accounts.roles import Role

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    settings.DEBUG = False
    settings.STORAGES = {  # no collectstatic manifest in a benchmark run
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    use_trivial_page()

    from django.contrib.auth.models import Group, User
    from django.urls import reverse
    from django.utils import timezone

    from rights.models import ClearanceCheck
    from rights.services.clearance import ClearanceEvent, clearance_check

    now = timezone.now()
    rights = User.objects.create_user("bench-rights", password="x")
    rights.groups.add(Group.objects.get(name=Role.RIGHTS))
    title, products = licensed_title(LICENCES, by=rights, now=now)
    planned_on = timezone.localdate(now) + dt.timedelta(days=200)
    check = clearance_check(
        title=title,
        event=ClearanceEvent(
            kind=ClearanceCheck.Kind.REPRINT,
            planned_on=planned_on,
            products=(products["hardback"],),
            quantity=1000,
            note="Second impression",
        ),
        by=User.objects.get(pk=rights.pk),  # a fresh user: the page's own reads of the roles are timed
    )
    assert (check.pictures_checked, check.pictures_blocked) == (LICENCES, LICENCES // 10), check
    check_url = reverse("rights:clearance-detail", args=[check.pk])

    client = Client()
    client.force_login(rights)

    def timed(url: str) -> float:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
        assert response.status_code == 200
        return elapsed

    for _ in range(WARM_UP):
        timed(TRIVIAL_URL)
        timed(check_url)
    page = client.get(check_url).content.decode()  # the page measured is the full one
    assert page.count("Licence #") == LICENCES and page.count("Find a replacement") == 0, page[:2000]
    assert "50 of 500 licensed pictures may not be used" in page

    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(50):
            timed(check_url)
        profiler.disable()
        pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(60)
        return 0

    # Alternate the two request by request, so whatever the machine does meanwhile hits both alike.
    trivial, detail = [], []
    for _ in range(SAMPLES):
        trivial.append(timed(TRIVIAL_URL))
        detail.append(timed(check_url))

    # For scale: the POST that runs a new check over the 500 licences and saves it.
    new_url = reverse("rights:clearance-new", args=[title.pk])
    form = {
        "kind": "reprint",
        "planned_on": planned_on.isoformat(),
        "products": [products["hardback"].pk],
        "quantity": "1000",
    }
    runs = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.post(new_url, form)
        runs.append(time.perf_counter() - start)
        assert response.status_code == 302, response.content.decode()[:3000]
    assert ClearanceCheck.objects.filter(title=title, pictures_checked=LICENCES).count() == RUNS + 1

    print(f"{LICENCES} licences; check #{check.pk}: {check.pictures_blocked} blocked")
    print(f"running a new check (POST, {RUNS} runs): median {statistics.median(runs) * 1000:.1f} ms")
    ok = report_against_trivial(
        "clearance_check_page_p95_ratio", detail, trivial, TARGET_RATIO, what="check page"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
