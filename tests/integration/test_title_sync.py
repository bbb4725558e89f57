"""The title sync against the Consonance sandbox: the mirror after full, incremental and failed runs."""

import dataclasses
import datetime as dt
import io
import socket
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from integration.consonance.client import ConsonanceClient
from integration.consonance.errors import ConsonanceQueryError
from integration.models import Product, SyncRun, Title
from integration.selectors.sync import sync_run_last_successful, sync_run_latest, sync_run_list
from integration.services.title_mirror import title_page_write
from integration.services.title_sync import title_sync_run
from integration.tasks import enqueue_title_sync, sync_titles
from sandboxes.consonance.app import ConsonanceSandbox
from sandboxes.server import serve_in_thread
from tests.factories.sync import SyncRunFactory
from tests.fixtures.consonance import CONSONANCE_TEST_KEY, CONSONANCE_TEST_WORKS

pytestmark = pytest.mark.django_db


def sandbox_work(consonance, work_id: int) -> dict:
    return consonance.app.state.works[work_id]


def mirror_snapshot() -> tuple[list[dict], list[dict]]:
    return list(Title.objects.order_by("id").values()), list(Product.objects.order_by("id").values())


def test_full_sync_mirrors_every_work_and_product(consonance):
    run = title_sync_run(full=True)

    assert run.status == SyncRun.Status.SUCCEEDED, run.error
    assert (run.kind, run.works_seen, run.titles_created) == (
        "full",
        CONSONANCE_TEST_WORKS,
        CONSONANCE_TEST_WORKS,
    )
    assert Title.objects.count() == CONSONANCE_TEST_WORKS
    assert Product.objects.count() == consonance.app.state.counts()["products"] == run.products_seen

    work = sandbox_work(consonance, consonance.app.work_ids()[0])
    physical = next(p for p in work["products"] if p["__typename"] == "PhysicalBookProduct")
    product = Product.objects.select_related("title").get(isbn13=physical["isbn"]["isbn13"])
    assert product.title.consonance_id == work["id"]
    assert product.title.title == work["title"]
    assert product.title.imprint_name == work["imprint"]["name"]
    assert product.for_sale_countries == physical["forSaleCountryCodes"]
    assert product.not_for_sale_countries == physical["notForSaleCountryCodes"]
    assert product.height_cm == Decimal(str(physical["_heightCm"])).quantize(Decimal("0.01"))
    assert product.page_count == physical["approximatePageCount"]
    assert product.onix_form_code == physical["onix21ProductFormCode"]

    title = product.title
    assert title.first_publication_date == min(p["publicationDate"] for p in work["products"])
    assert title.keywords == physical["keywords"]
    assert title.audience_code == physical["audienceCode"]
    assert {s["scheme"] for s in title.subjects} == {"THEMA", "BIC", "BISAC"}
    assert title.genre
    assert [t["id"] for t in title.todos] == [t["id"] for t in consonance.app.state.todos_of_work(work["id"])]
    assert all(t.is_active for t in Title.objects.all())


def test_supporting_resources_consonance_holds_are_mirrored(consonance):
    title_sync_run(full=True)

    with_cover = Title.objects.exclude(supporting_resources=[]).first()
    assert with_cover is not None
    assert with_cover.supporting_resources[0]["resource_variant"] == "FRONT_COVER"
    assert with_cover.supporting_resources[0]["url"].endswith("-cover.jpg")


def test_running_a_full_sync_twice_changes_nothing(consonance):
    title_sync_run(full=True)
    before = mirror_snapshot()

    again = title_sync_run(full=True, now=timezone.now() + dt.timedelta(hours=1))

    assert (again.titles_created, again.titles_updated, again.titles_deactivated) == (0, 0, 0)
    assert mirror_snapshot() == before


def test_the_first_sync_ever_is_full_even_when_incremental_is_asked(consonance):
    run = title_sync_run(full=False)

    assert run.kind == SyncRun.Kind.FULL
    assert run.changed_since is None
    assert Title.objects.count() == CONSONANCE_TEST_WORKS


def test_incremental_sync_asks_for_recent_changes_and_updates_the_touched_work(consonance, settings):
    settings.SYNC_SAFETY_MARGIN_DAYS = 1
    # Later than anything the seeded catalogue changed, whatever today's date is.
    start = dt.datetime(2030, 6, 1, 9, tzinfo=dt.UTC)
    title_sync_run(full=True, now=start)
    work_id = consonance.app.work_ids()[10]
    consonance.app.touch_work(work_id, title="The Renamed Lighthouse", on=dt.date(2030, 6, 1))

    run = title_sync_run(full=False, now=start + dt.timedelta(minutes=15))

    assert run.status == SyncRun.Status.SUCCEEDED, run.error
    assert run.kind == SyncRun.Kind.INCREMENTAL
    assert run.changed_since == dt.date(2030, 5, 31)
    # Consonance answered only what changed since then: the changedSince filter was sent.
    assert (run.works_seen, run.titles_created, run.titles_updated) == (1, 0, 1)
    title = Title.objects.get(consonance_id=work_id)
    assert title.title == "The Renamed Lighthouse"
    assert set(title.products.values_list("full_title", flat=True)) == {"The Renamed Lighthouse"}


def test_incremental_starts_from_the_last_successful_run_minus_the_margin(consonance, settings):
    settings.SYNC_SAFETY_MARGIN_DAYS = 2
    SyncRunFactory(started_at=dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC))
    SyncRunFactory(started_at=dt.datetime(2026, 11, 25, 9, tzinfo=dt.UTC), status=SyncRun.Status.FAILED)

    run = title_sync_run(full=False)

    assert run.changed_since == dt.date(2026, 11, 18)


def test_a_work_gone_from_consonance_is_deactivated_only_by_a_full_sync(consonance):
    title_sync_run(full=True)
    work_id = consonance.app.work_ids()[5]
    consonance.app.remove_work(work_id)

    incremental = title_sync_run(full=False)
    assert incremental.titles_deactivated == 0
    assert Title.objects.get(consonance_id=work_id).is_active

    full = title_sync_run(full=True)
    assert full.titles_deactivated == 1
    gone = Title.objects.get(consonance_id=work_id)
    assert not gone.is_active
    assert Title.objects.filter(is_active=True).count() == CONSONANCE_TEST_WORKS - 1

    consonance.app.reset()  # the work is back in Consonance
    back = title_sync_run(full=True)
    assert back.titles_updated == 1
    assert Title.objects.get(consonance_id=work_id).is_active


def test_a_product_that_left_its_work_is_removed_from_the_mirror(consonance):
    with ConsonanceClient() as client:
        works = next(client.iter_work_pages())
    title_page_write(works=works, todos={}, synced_at=timezone.now())
    work = next(w for w in works if len(w.products) > 1)
    dropped, kept = work.products[0], work.products[1:]

    untouched = next(w for w in works if w.id != work.id)
    stamps_before = dict(Title.objects.values_list("consonance_id", "synced_at"))
    shrunk = [dataclasses.replace(w, products=kept) if w.id == work.id else w for w in works]
    second_sync = timezone.now()
    written = title_page_write(works=shrunk, todos={}, synced_at=second_sync)

    assert written.titles_updated == 0  # only a product changed
    # ...but the title's stamp moves, so what is built from it and its products is built again.
    assert Title.objects.get(consonance_id=work.id).synced_at == second_sync
    assert Title.objects.get(consonance_id=untouched.id).synced_at == stamps_before[untouched.id]
    assert not Product.objects.filter(consonance_id=dropped.id).exists()
    assert sorted(
        Title.objects.get(consonance_id=work.id).products.values_list("consonance_id", flat=True)
    ) == sorted(p.id for p in kept)


def test_a_refused_key_fails_the_run_with_a_clear_message_and_keeps_the_titles(consonance, settings):
    title_sync_run(full=True)
    before = mirror_snapshot()
    settings.CONSONANCE_API_KEY = "wrong-key-wrong-key-wrong-key-00"

    run = title_sync_run(full=True)

    assert run.status == SyncRun.Status.FAILED
    assert run.error == "Consonance refused our API key (401). Check CONSONANCE_API_KEY."
    assert run.finished_at is not None
    assert mirror_snapshot() == before
    assert sync_run_last_successful().pk != run.pk


def test_an_unreachable_consonance_fails_the_run_and_says_where_it_looked(consonance, settings):
    title_sync_run(full=True)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    settings.CONSONANCE_URL = url
    settings.CONSONANCE_MAX_RETRIES = 1

    run = title_sync_run(full=False)

    assert run.status == SyncRun.Status.FAILED
    assert run.error.startswith(f"Consonance could not be reached at {url}/graphql")
    assert Title.objects.filter(is_active=True).count() == CONSONANCE_TEST_WORKS


def test_a_run_failing_half_way_keeps_the_pages_it_wrote_and_deactivates_nothing(consonance, settings):
    title_sync_run(full=True)
    removed = consonance.app.work_ids()[-1]
    consonance.app.remove_work(removed)
    touched = consonance.app.work_ids()[0]
    consonance.app.touch_work(touched, title="Written Before The Failure")
    settings.CONSONANCE_MAX_RETRIES = 1

    def break_consonance_after_the_first_page(works: int) -> None:
        consonance.app.faults.add("status", status=503, next_n=10)

    run = title_sync_run(full=True, progress=break_consonance_after_the_first_page)

    assert run.status == SyncRun.Status.FAILED
    assert "HTTP 503" in run.error and "gave up after 2 attempts" in run.error
    # Page 2 may have been read ahead before the fault was planned; page 3 could not have been.
    assert run.pages in (1, 2)
    assert Title.objects.get(consonance_id=touched).title == "Written Before The Failure"
    assert Title.objects.get(consonance_id=removed).is_active
    assert run.titles_deactivated == 0


def test_todos_are_kept_when_consonance_does_not_offer_the_todo_extension(consonance):
    title_sync_run(full=True)
    todos_before = dict(Title.objects.values_list("consonance_id", "todos"))

    class TenantWithoutTodos(ConsonanceClient):
        # A real Consonance tenant may not have our [extension]; the sandbox always has it.
        def todos_for_works(self, work_ids):
            raise ConsonanceQueryError(
                "Consonance rejected our query: Field 'todos' doesn't exist on type 'Query'"
            )

    run = title_sync_run(full=True, client=TenantWithoutTodos())

    assert run.status == SyncRun.Status.SUCCEEDED
    assert "to-dos were left as they were" in run.notes
    assert dict(Title.objects.values_list("consonance_id", "todos")) == todos_before


@pytest.fixture
def sandbox_paging_by():
    """Start a sandbox whose pages hold `page_size` works; stop it after the test."""
    running = []

    def start(page_size: int):
        running.append(serve_in_thread(ConsonanceSandbox(api_key=CONSONANCE_TEST_KEY, page_size=page_size)))
        return running[-1]

    yield start
    for sandbox in running:
        sandbox.stop()


def queries_per_page(sandbox) -> list[int]:
    """Database queries spent on each page after the first (the first also opens the run)."""
    marks = []
    with CaptureQueriesContext(connection) as captured:
        client = ConsonanceClient(base_url=sandbox.url, api_key=CONSONANCE_TEST_KEY)
        run = title_sync_run(full=True, client=client, progress=lambda works: marks.append(len(captured)))
    assert run.status == SyncRun.Status.SUCCEEDED, run.error
    return [after - before for before, after in zip(marks, marks[1:], strict=False)]


def test_queries_per_page_do_not_grow_with_the_page_size(sandbox_paging_by):
    small, large = sandbox_paging_by(50), sandbox_paging_by(200)

    first_sync_small = queries_per_page(small)
    Title.objects.all().delete()
    SyncRun.objects.all().delete()
    first_sync_large = queries_per_page(large)
    second_sync_large = queries_per_page(large)

    assert len(first_sync_small) == CONSONANCE_TEST_WORKS // 50 - 1
    assert set(first_sync_small) == set(first_sync_large)
    assert len(set(first_sync_small)) == 1
    assert second_sync_large[0] <= first_sync_large[0]


def test_sync_titles_command_prints_a_summary(consonance):
    out, err = io.StringIO(), io.StringIO()

    call_command("sync_titles", "--full", stdout=out, stderr=err)

    summary = out.getvalue()
    assert "Full title sync finished" in summary
    assert f"{CONSONANCE_TEST_WORKS} works" in summary
    assert f"{CONSONANCE_TEST_WORKS} titles created" in summary


def test_sync_titles_command_fails_with_the_reason(consonance, settings):
    settings.CONSONANCE_API_KEY = "wrong-key-wrong-key-wrong-key-00"

    with pytest.raises(CommandError) as raised:
        call_command("sync_titles", stdout=io.StringIO(), stderr=io.StringIO())

    assert "Consonance refused our API key (401). Check CONSONANCE_API_KEY." in str(raised.value)


def test_sync_titles_task_returns_the_run_id(consonance):
    run_id = sync_titles()

    assert SyncRun.objects.get(pk=run_id).status == SyncRun.Status.SUCCEEDED


def test_enqueued_sync_runs_after_commit(consonance, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        task_name = enqueue_title_sync(full=True)
    assert task_name.startswith("title-sync-full-")
    assert not SyncRun.objects.exists()  # nothing runs before the transaction commits

    for callback in callbacks:
        callback()  # test settings run django-q2 tasks inline

    assert sync_run_latest().kind == SyncRun.Kind.FULL


def test_sync_run_selectors_order_newest_first():
    old = SyncRunFactory(started_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    good = SyncRunFactory(started_at=dt.datetime(2026, 11, 2, tzinfo=dt.UTC))
    failed = SyncRunFactory(started_at=dt.datetime(2026, 11, 3, tzinfo=dt.UTC), status=SyncRun.Status.FAILED)

    assert sync_run_latest() == failed
    assert sync_run_last_successful() == good
    assert sync_run_list(limit=2) == [failed, good]
    assert sync_run_list() == [failed, good, old]


def test_a_sync_without_todos_reads_only_works_and_keeps_the_todos(consonance):
    title_sync_run(full=True)
    todos_before = dict(Title.objects.values_list("consonance_id", "todos"))
    consonance.app.reset_calls()

    run = title_sync_run(full=True, todos=False)

    assert run.status == SyncRun.Status.SUCCEEDED
    assert consonance.app.total_calls() == run.pages + 2  # works pages and the empty last page, read twice
    assert dict(Title.objects.values_list("consonance_id", "todos")) == todos_before
