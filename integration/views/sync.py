"""The title sync status page: recent runs, what the schedule does, and "Sync now" for staff and Rights."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from integration import tasks
from integration.access import VIEW_SYNC_RUNS, may_see_sync_health, may_start_title_sync
from integration.selectors.sync import sync_run_last_successful, sync_run_list
from integration.services.title_sync import title_sync_claim

log = logging.getLogger(__name__)

RUNS_SHOWN = 20
SYNC_KINDS = {"incremental": False, "full": True}
SYNC_QUEUED = {
    False: "Sync queued: titles changed in Consonance since the last successful sync will be fetched.",
    True: "Full sync queued: every title will be read again; titles gone from Consonance become inactive.",
}
SYNC_JOINED = "A {kind} sync is already running (started {started:%H:%M}); your request joins it."
FULL_SYNC_WAITS = (
    "An incremental sync is running (started {started:%H:%M}); start the full sync once it has finished."
)
UNKNOWN_SYNC_KIND = "Choose “Sync now” or “Full sync”."


@require_http_methods(["GET", "POST"])
@permission_required(VIEW_SYNC_RUNS, raise_exception=True)
def sync_status(request):
    if request.method == "POST":
        return _start_sync(request)
    runs = sync_run_list(limit=RUNS_SHOWN)
    context = {
        "runs": runs,
        "last_successful": sync_run_last_successful(),
        "any_running": any(run.status == "running" for run in runs),
        "may_start_sync": may_start_title_sync(request.user),
        "may_see_sync_health": may_see_sync_health(request.user),
        "interval_minutes": settings.SYNC_INTERVAL_MINUTES,
        "safety_margin_days": settings.SYNC_SAFETY_MARGIN_DAYS,
    }
    if request.htmx.target == "sync-runs" and not request.htmx.history_restore_request:
        return render(request, "integration/_sync_runs.html", context)
    return render(request, "integration/sync_status.html", context)


def _start_sync(request):
    if not may_start_title_sync(request.user):
        raise PermissionDenied("Only staff and Rights start a title sync by hand.")
    kind = request.POST.get("kind", "")
    if kind not in SYNC_KINDS:
        messages.error(request, UNKNOWN_SYNC_KIND)
        return redirect("integration:sync-status")
    full = SYNC_KINDS[kind]
    run, started = title_sync_claim(full=full)
    if not started:
        # Clicking again while a sync runs joins it instead of queueing another behind it.
        joined = FULL_SYNC_WAITS if full and run.kind == run.Kind.INCREMENTAL else SYNC_JOINED
        kind_name = run.get_kind_display().lower()
        messages.info(request, joined.format(kind=kind_name, started=timezone.localtime(run.started_at)))
        return redirect("integration:sync-status")
    task_name = tasks.enqueue_title_sync(full=full, run_id=run.pk)
    log.info("title sync %s queued by %s: %s", run.pk, request.user.username, task_name)
    messages.success(request, SYNC_QUEUED[full])
    return redirect("integration:sync-status")
