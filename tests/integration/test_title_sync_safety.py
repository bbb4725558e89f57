"""A full sync that cannot wipe the catalogue, resumes where it failed, and runs once however often asked."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from integration.models import SyncRun, Title
from integration.services.title_sync import SyncAlreadyRunning, title_sync_claim, title_sync_run
from integration.views import sync as sync_views
from tests.fixtures.consonance import CONSONANCE_TEST_WORKS

pytestmark = pytest.mark.django_db

EMPTY_WORKS_PAGE = '{"data": {"works": []}}'


def answer_empty_pages(consonance, count):
    """From the next call on, Consonance answers `count` works queries with no works at all."""

    def after_the_first_page(works):
        if not consonance.app.faults.pending() and not planned:
            planned.append(True)
            consonance.app.faults.add(
                "status", status=200, body=EMPTY_WORKS_PAGE, path_prefix="/graphql", next_n=count
            )

    planned = []
    return after_the_first_page


def active_titles():
    return Title.objects.filter(is_active=True).count()


def test_one_empty_answer_in_the_middle_of_a_full_sync_deactivates_nothing(consonance):
    title_sync_run(full=True)

    # To-dos off: the fault then can only hit a works page (both go to /graphql).
    run = title_sync_run(full=True, todos=False, progress=answer_empty_pages(consonance, 1))

    assert run.status == SyncRun.Status.SUCCEEDED
    assert not consonance.app.faults.pending()  # the empty answer was served
    assert run.works_seen == CONSONANCE_TEST_WORKS
    assert run.titles_deactivated == 0 and run.deactivated_work_ids == []
    assert active_titles() == CONSONANCE_TEST_WORKS


def test_a_catalogue_cut_short_is_not_deactivated_without_permission(consonance):
    title_sync_run(full=True)

    # Two empty answers in a row look like the end: the share guard still keeps the titles.
    run = title_sync_run(full=True, todos=False, progress=answer_empty_pages(consonance, 2))

    assert run.status == SyncRun.Status.SUCCEEDED
    assert run.works_seen < CONSONANCE_TEST_WORKS
    assert run.deactivation_refused
    assert run.titles_deactivated == 0 and run.deactivated_work_ids == []
    assert "Deactivated nothing" in run.deactivation_note
    assert "--allow-mass-deactivation" in run.deactivation_note
    assert active_titles() == CONSONANCE_TEST_WORKS


def test_a_mass_deactivation_is_refused_without_the_flag_and_done_with_it(consonance, settings):
    title_sync_run(full=True)
    gone = consonance.app.work_ids()[:40]  # 40 of 300: more than the default 10 %
    for work_id in gone:
        consonance.app.remove_work(work_id)

    out = io.StringIO()
    call_command("sync_titles", "--full", stdout=out, stderr=io.StringIO())
    refused = SyncRun.objects.latest()
    assert refused.deactivation_refused and refused.titles_deactivated == 0
    assert "Deactivated nothing: 40 of 300 active titles" in out.getvalue()
    assert active_titles() == CONSONANCE_TEST_WORKS

    out = io.StringIO()
    call_command("sync_titles", "--full", "--allow-mass-deactivation", stdout=out, stderr=io.StringIO())
    allowed = SyncRun.objects.latest()
    assert not allowed.deactivation_refused
    assert allowed.titles_deactivated == 40
    assert allowed.deactivated_work_ids == sorted(gone)
    assert "Made 40 titles inactive" in allowed.deactivation_note
    assert "40 deactivated" in out.getvalue()
    assert active_titles() == CONSONANCE_TEST_WORKS - 40


def test_a_share_setting_lets_a_larger_deactivation_through(consonance, settings):
    title_sync_run(full=True)
    for work_id in consonance.app.work_ids()[:40]:
        consonance.app.remove_work(work_id)
    settings.SYNC_MAX_DEACTIVATION_SHARE = 0.2

    run = title_sync_run(full=True)

    assert run.titles_deactivated == 40 and not run.deactivation_refused


def test_a_failed_sync_resumes_after_the_last_page_it_wrote(consonance, settings):
    title_sync_run(full=True)
    settings.CONSONANCE_MAX_RETRIES = 1

    def break_consonance_after_the_first_page(works):
        consonance.app.faults.add("status", status=503, next_n=10)

    failed = title_sync_run(full=True, todos=False, progress=break_consonance_after_the_first_page)
    assert failed.status == SyncRun.Status.FAILED
    assert failed.cursor is not None
    written_before = failed.works_seen
    consonance.app.faults.clear()
    consonance.app.reset_calls()

    resumed = title_sync_run(full=False, todos=False)  # a failed full run is resumed whatever is asked

    assert resumed.status == SyncRun.Status.SUCCEEDED, resumed.error
    assert resumed.resumed_from == failed
    assert resumed.kind == SyncRun.Kind.FULL
    assert resumed.works_seen == CONSONANCE_TEST_WORKS - written_before  # nothing read twice
    assert f"Resumed after work {failed.cursor}" in resumed.notes
    assert consonance.app.total_calls() == resumed.pages + 2
    assert active_titles() == CONSONANCE_TEST_WORKS

    after_success = title_sync_run(full=True)
    assert after_success.resumed_from is None and after_success.works_seen == CONSONANCE_TEST_WORKS


def test_a_resumed_full_sync_deactivates_only_after_where_it_resumed(consonance, settings):
    title_sync_run(full=True)
    ids = consonance.app.work_ids()
    early, late = ids[0], ids[-1]
    consonance.app.remove_work(early)
    consonance.app.remove_work(late)
    settings.CONSONANCE_MAX_RETRIES = 1

    failed = title_sync_run(
        full=True,
        todos=False,
        progress=lambda works: consonance.app.faults.add("status", status=503, next_n=10),
    )
    consonance.app.faults.clear()
    resumed = title_sync_run(full=True, todos=False)

    assert resumed.resumed_from == failed
    assert resumed.deactivated_work_ids == [late]
    assert f"Only titles after work {failed.cursor}" in resumed.deactivation_note
    assert Title.objects.get(consonance_id=early).is_active  # the next full run from the start decides


def test_a_second_start_while_one_runs_joins_it(consonance):
    running, started = title_sync_claim(full=False)
    assert started

    again, started_again = title_sync_claim(full=True)
    assert not started_again and again == running
    with pytest.raises(SyncAlreadyRunning) as raised:
        title_sync_run(full=False)
    assert raised.value.run == running
    assert SyncRun.objects.count() == 1


def test_a_run_whose_worker_died_does_not_block_the_next(consonance, settings):
    long_ago = timezone.now() - dt.timedelta(hours=2)
    dead = SyncRun.objects.create(kind=SyncRun.Kind.FULL, started_at=long_ago, progress_at=long_ago)

    run = title_sync_run(full=True)

    dead.refresh_from_db()
    assert dead.status == SyncRun.Status.FAILED and "stopped without finishing" in dead.error
    assert run.status == SyncRun.Status.SUCCEEDED


def test_twenty_rapid_clicks_start_one_sync(client, role_user, monkeypatch):
    queued = []
    monkeypatch.setattr(
        sync_views.tasks, "enqueue_title_sync", lambda *, full, run_id: queued.append(run_id) or "task"
    )
    client.force_login(role_user(Role.RIGHTS, "rita"))

    responses = [client.post(reverse("integration:sync-status"), {"kind": "full"}) for _ in range(20)]

    assert all(r.status_code == 302 for r in responses)
    run = SyncRun.objects.get()
    assert queued == [run.pk]
    page = client.get(reverse("integration:sync-status")).content.decode()
    assert "your request joins it" in page


def test_a_full_sync_asked_while_an_incremental_runs_is_told_to_wait(client, role_user, monkeypatch):
    queued = []
    monkeypatch.setattr(
        sync_views.tasks, "enqueue_title_sync", lambda *, full, run_id: queued.append(run_id) or "task"
    )
    client.force_login(role_user(Role.RIGHTS, "rita"))
    client.post(reverse("integration:sync-status"), {"kind": "incremental"})

    page = client.post(reverse("integration:sync-status"), {"kind": "full"}, follow=True).content.decode()

    assert "start the full sync once it has finished" in page
    assert SyncRun.objects.count() == 1 and len(queued) == 1


def test_the_command_refuses_while_a_sync_runs(consonance):
    title_sync_claim(full=False)

    with pytest.raises(CommandError, match="already running"):
        call_command("sync_titles", stdout=io.StringIO(), stderr=io.StringIO())
    assert SyncRun.objects.count() == 1


def test_an_interrupted_sync_is_recorded_and_does_not_block_the_next(consonance):
    def interrupt(works):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        title_sync_run(full=True, progress=interrupt)

    interrupted = SyncRun.objects.get()
    assert interrupted.status == SyncRun.Status.FAILED and "interrupted" in interrupted.error
    assert title_sync_run(full=True).status == SyncRun.Status.SUCCEEDED


def test_empty_answers_at_fifteen_percent_of_calls_wipe_neither_titles_nor_todos(consonance):
    # The review's scenario: one call in seven answered with no works at all, to-dos read too.
    title_sync_run(full=True)
    todos_before = dict(Title.objects.values_list("consonance_id", "todos"))
    consonance.app.faults.add("status", status=200, body=EMPTY_WORKS_PAGE, path_prefix="/graphql", share=0.15)

    runs = []
    while not runs or runs[-1].status != SyncRun.Status.SUCCEEDED:
        assert len(runs) < 20, [run.error for run in runs]
        runs.append(title_sync_run(full=True))

    assert sum(run.titles_deactivated for run in runs) == 0
    assert active_titles() == CONSONANCE_TEST_WORKS
    assert dict(Title.objects.values_list("consonance_id", "todos")) == todos_before
