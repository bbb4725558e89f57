"""Pages of the outbox: retry a dead write (from any Consonance panel), and the sync health page for
staff with its "Reconcile now" button. Each view checks who asks, calls one service, and redirects."""

import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from integration import tasks
from integration.access import RETRY_OUTBOX, may_see_sync_health
from integration.models import OutboxMessage
from integration.selectors import outbox as selectors
from integration.services.outbox import OutboxRefused, outbox_retry

log = logging.getLogger(__name__)

RETRIED = "Sent again: “{label}” is queued for delivery to Consonance."
RETRY_NOT_ALLOWED = "Only Production, Rights and admins can retry a write to Consonance."
RECONCILE_QUEUED = {
    False: "Reconciliation queued: Picture Desk will compare its permissions with Consonance and send "
    "again whatever differs. The result appears below when it has run.",
    True: "Full reconciliation queued: every permission in Consonance will be read and compared.",
}
RECONCILE_NOT_QUEUED = (
    "The reconciliation could not be queued: the task queue did not answer. The nightly schedule still "
    "runs it; try again once the worker's broker is back."
)
RECONCILE_RUNNING = (
    "A reconciliation is already running (started {started:%H:%M}); its result appears below when it ends."
)


def _require_health(request) -> None:
    if not may_see_sync_health(request.user):
        raise PermissionDenied("The sync health page is for staff.")


def _back_to(request, fallback: str) -> str:
    """Where a form posted from goes back to: `next` when it is one of our own pages."""
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return fallback


def _redirect(request, url: str):
    """Post/redirect/get; htmx is told to load the page whole, so the message shows at its top."""
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def _fallback_for(message: OutboxMessage | None) -> str:
    if message is not None and message.title_id:
        return reverse("integration:title-detail", args=[message.title_id]) + "#consonance-writes"
    return reverse("home")


@require_POST
def outbox_retry_view(request, pk: int):
    if not request.user.has_perm(RETRY_OUTBOX):
        raise PermissionDenied(RETRY_NOT_ALLOWED)
    message = OutboxMessage.objects.filter(pk=pk).first()
    if message is None:
        raise Http404("No such write.")
    back = _back_to(request, _fallback_for(message))
    try:
        retried = outbox_retry(message=message, by=request.user.username)
    except OutboxRefused as refused:
        messages.error(request, refused.message)
        return _redirect(request, back)
    log.info("outbox row %s retried by %s", message.pk, request.user.username)
    messages.success(request, RETRIED.format(label=retried.label or retried.get_kind_display()))
    return _redirect(request, back)


@require_GET
def sync_health(request):
    _require_health(request)
    now = timezone.now()
    dead = selectors.outbox_dead_rows()
    last = selectors.reconciliation_latest()
    return render(
        request,
        "integration/sync_health.html",
        {
            "health": selectors.outbox_health(now=now),
            "dead": {
                "rows": dead.rows,
                "more": dead.more,
                "may_retry": request.user.has_perm(RETRY_OUTBOX),
                "next": request.get_full_path(),
                "empty": "No write has given up. Nothing waits for a person.",
            },
            "last_run": last,
            "running": last is not None
            and last.status == last.Status.RUNNING
            and now - last.started_at < selectors.RECONCILIATION_STALE_AFTER,
            "full_scan_days": settings.RECONCILIATION_FULL_SCAN_DAYS,
            "max_attempts": settings.OUTBOX_MAX_ATTEMPTS,
        },
    )


@require_POST
def reconcile_now(request):
    _require_health(request)
    running = selectors.reconciliation_running()
    if running is not None:
        messages.info(request, RECONCILE_RUNNING.format(started=timezone.localtime(running.started_at)))
        return _redirect(request, reverse("integration:sync-health"))
    full = request.POST.get("scan") == "full"
    try:
        # Outside a transaction the on-commit hook runs at once, so a broker that is down is seen here.
        task_name = tasks.enqueue_reconciliation(started_by=request.user.username, full=full)
    except Exception:  # noqa: BLE001 - whatever the broker raised, the person gets a message, not a 500
        log.exception("could not queue a reconciliation for %s", request.user.username)
        messages.error(request, RECONCILE_NOT_QUEUED)
        return _redirect(request, reverse("integration:sync-health"))
    log.info("reconciliation queued by %s: %s", request.user.username, task_name)
    messages.success(request, RECONCILE_QUEUED[full])
    return _redirect(request, reverse("integration:sync-health"))
