"""Browser pages of the approval workflow. Each view validates input, calls one service, renders."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import groups_of
from integration.models import ShortlistItem, Title

from . import selectors, services
from .actions import Action, actions_for
from .errors import ApprovalError, StaleDecision
from .facts import products_of
from .forms import PLACEMENT_FILTER_CHOICES, DecisionForm, IntendedUseForm, QueueFilterForm, SubmitForm
from .models import ApprovalRequest
from .paging import LookaheadPaginator
from .services.notifications import notifications_mark_read

VIEW_PERMISSION = "approvals.view_approvalrequest"
QUEUE_PAGE_SIZE = 25


def _require_view(request):
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied


def _queue_filters(request) -> tuple[selectors.QueueFilters, bool]:
    """The filters asked for, and whether they made sense; none when the query string holds only
    a page (the usual visit)."""
    if not request.GET.keys() - {"page"}:
        return selectors.NO_FILTERS, True
    form = QueueFilterForm(request.GET)
    if not form.is_valid():
        return selectors.NO_FILTERS, False
    data = form.cleaned_data
    return selectors.QueueFilters(
        q=data["q"].strip(),
        group_id=data["group"],
        placement=data["placement"],
        overdue_only=data["overdue"],
        assigned_to_me=data["mine"],
    ), True


@require_GET
def queue(request):
    _require_view(request)
    now = timezone.now()
    groups = groups_of(request.user)
    filters, understood = _queue_filters(request)
    steps = selectors.queue_for(request.user, filters=filters, now=now)
    page = LookaheadPaginator(steps, QUEUE_PAGE_SIZE, wanted=request.GET.get("page")).current_page()
    return render(
        request,
        "approvals/queue.html",
        {
            "chosen": {
                "q": request.GET.get("q", ""),
                "overdue": bool(request.GET.get("overdue")),
                "mine": bool(request.GET.get("mine")),
                "group": request.GET.get("group", ""),
                "placement": request.GET.get("placement", ""),
            },
            "group_choices": [("", "All my groups"), *groups],
            "placement_choices": PLACEMENT_FILTER_CHOICES,
            "rows": selectors.QueuePage(page.object_list, now=now).rows,
            "page": page,
            "filtered": filters != selectors.NO_FILTERS,
            "filters_understood": understood,
            "now": now,
        },
    )


@require_POST
def bulk_approve(request):
    _require_view(request)
    versions: dict[int, int | None] = {}
    for value in request.POST.getlist("pick"):
        pk, _, version = value.partition(":")
        if pk.isdigit():
            versions[int(pk)] = int(version) if version.isdigit() else None
    if not versions:
        messages.warning(request, "Tick the requests to approve first.")
        return redirect("approvals:queue")
    outcomes = services.requests_bulk_approve(
        versions=versions, actor=request.user, comment=request.POST.get("comment", "")
    )
    return render(
        request,
        "approvals/bulk_result.html",
        {
            "approved": [o for o in outcomes if o.approved],
            "refused": [o for o in outcomes if not o.approved],
        },
    )


def _request_or_404(pk: int) -> ApprovalRequest:
    approval_request = selectors.request_page(pk)
    if approval_request is None:
        raise Http404("No such approval request.")
    return approval_request


def _detail_context(request, approval_request, *, form=None, error=None):
    actions = actions_for(request.user, approval_request)
    step = approval_request.current_step
    members = []
    if Action.REASSIGN in actions:
        members = list(
            get_user_model()
            .objects.filter(groups=step.group_id, is_active=True)
            .exclude(pk=approval_request.requester_id)
            .order_by("username")
        )
    steps = list(approval_request.steps.all())
    return {
        "approval_request": approval_request,
        "asset": approval_request.asset,
        "products": products_of(approval_request),
        "all_products": not approval_request.chosen_products,
        "checks": selectors.checks_of(approval_request),
        "actions": [a.value for a in actions],
        "can_decide": Action.APPROVE in actions,
        "step": step,
        "rounds": sorted({s.round for s in steps}),
        "steps": steps,
        "events": list(approval_request.events.all()),
        "members": members,
        "form": form,
        "error": error,
        "now": timezone.now(),
    }


@require_GET
def request_detail(request, pk: int):
    _require_view(request)
    approval_request = _request_or_404(pk)
    return render(request, "approvals/request_detail.html", _detail_context(request, approval_request))


DECISION_SERVICES = {
    Action.APPROVE: (services.step_approve, "Approved: {step} step."),
    Action.REQUEST_CHANGES: (
        services.step_request_changes,
        "Changes requested; the requester has been told.",
    ),
    Action.REJECT: (services.step_reject, "Rejected."),
    Action.WITHDRAW: (services.request_withdraw, "Request withdrawn."),
}


@require_POST
def request_act(request, pk: int):
    """Every button of the request page posts here; the service checks again who may do what."""
    _require_view(request)
    approval_request = _request_or_404(pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, approval_request, form=form, error="Choose an action.")
        return render(request, "approvals/request_detail.html", context, status=400)
    data = form.cleaned_data
    action = Action(data["action"])
    step_name = approval_request.current_step.name if approval_request.current_step else ""
    try:
        if action == Action.REASSIGN:
            if data["assignee"] is None:
                raise ApprovalError("Choose who should decide this step.")
            services.step_reassign(
                approval_request=approval_request,
                actor=request.user,
                assignee=data["assignee"],
                comment=data["comment"],
                expected_version=data["version"],
            )
            success = f"Reassigned to {data['assignee'].get_full_name() or data['assignee'].username}."
        elif action == Action.RESUBMIT:
            return redirect("approvals:request-edit", pk=pk)
        else:
            service, success = DECISION_SERVICES[action]
            service(
                approval_request=approval_request,
                actor=request.user,
                comment=data["comment"],
                expected_version=data["version"],
            )
            success = success.format(step=step_name)
    except StaleDecision as error:
        fresh = _request_or_404(pk)
        context = _detail_context(request, fresh, form=form, error=error.message)
        return render(request, "approvals/request_detail.html", context, status=409)
    except ApprovalError as error:
        fresh = _request_or_404(pk)
        context = _detail_context(request, fresh, form=form, error=error.message)
        return render(request, "approvals/request_detail.html", context, status=error.status_code)
    messages.success(request, success)
    return redirect("approvals:request-detail", pk=pk)


@require_GET
def my_requests(request):
    _require_view(request)
    status = request.GET.get("status", "")
    if status not in ApprovalRequest.Status.values:
        status = ""
    page = Paginator(selectors.requests_of(request.user, status=status), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "approvals/my_requests.html",
        {"page": page, "status": status, "statuses": ApprovalRequest.Status.choices, "now": timezone.now()},
    )


def submit(request, title_id: int):
    """Submit pictures from a title's shortlist, one or many, for one intended use."""
    if not request.user.has_perm(services.submission.SUBMIT_PERMISSION):
        raise PermissionDenied
    title = get_object_or_404(Title, pk=title_id)
    preselected = [int(v) for v in request.GET.getlist("item") if v.isdigit()]
    form = SubmitForm(request.POST or None, title=title, initial={"items": preselected})
    if request.method == "POST" and form.is_valid():
        try:
            created, refused = services.requests_submit(
                shortlist_items=list(form.cleaned_data["items"]),
                use=form.intended_use(),
                requester=request.user,
            )
        except ApprovalError as error:
            form.add_error(None, error.message)
        else:
            for item, why in refused:
                messages.error(request, f"{item.asset.getty_id} not submitted: {why}")
            if created:
                messages.success(
                    request, f"Submitted {len(created)} picture{'s' if len(created) != 1 else ''}."
                )
                return redirect("approvals:my-requests")
    has_items = ShortlistItem.objects.filter(title=title).exists()
    return render(request, "approvals/submit.html", {"form": form, "title": title, "has_items": has_items})


def _version_from(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


def request_edit(request, pk: int):
    """After changes were requested: edit the intended use and resubmit."""
    _require_view(request)
    approval_request = _request_or_404(pk)
    if Action.RESUBMIT not in actions_for(request.user, approval_request):
        messages.error(
            request, "Only the requester can edit a request, and only after changes were requested."
        )
        return redirect("approvals:request-detail", pk=pk)
    initial = IntendedUseForm.initial_from(approval_request)
    form = IntendedUseForm(request.POST or None, title=approval_request.title, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_resubmit(
                approval_request=approval_request,
                actor=request.user,
                use=form.intended_use(),
                expected_version=_version_from(request.POST.get("version")),
            )
        except ApprovalError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Resubmitted: the workflow starts again.")
            return redirect("approvals:request-detail", pk=pk)
    return render(
        request, "approvals/request_edit.html", {"form": form, "approval_request": approval_request}
    )


@require_GET
def notifications(request):
    page = Paginator(selectors.notifications_of(request.user), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "approvals/notifications.html", {"page": page})


@require_POST
def notifications_read(request):
    ids = [int(v) for v in request.POST.getlist("id") if v.isdigit()] or None
    notifications_mark_read(user=request.user, notification_ids=ids)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("approvals:notifications")
    return redirect(target)
