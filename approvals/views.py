"""Browser pages of the approval workflow. Each view validates input, calls one service, renders."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import groups_of
from config.exceptions import http_status_of
from integration.models import ShortlistItem, Title
from integration.outbox_panel import CONSONANCE, outbox_panel
from integration.selectors.outbox import outbox_rows_for_source

from . import selectors, services
from .actions import Action, actions_for
from .errors import ApprovalError
from .facts import products_of
from .forms import (
    CHOOSE_AN_ACTION,
    PLACEMENT_FILTER_CHOICES,
    BulkApproveForm,
    DecisionForm,
    IntendedUseForm,
    NotificationsReadForm,
    QueueFilterForm,
    ResubmitForm,
    SubmitForm,
)
from .models import ApprovalRequest
from .paging import LookaheadPaginator
from .permissions import SUBMIT_PERMISSION, VIEW_PERMISSION
from .services import write_back
from .services.notifications import notifications_mark_read

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
    form = BulkApproveForm(request.POST)
    if not form.is_valid():
        if "pick" not in request.POST:
            messages.warning(request, form.errors["pick"][0])
            return redirect("approvals:queue")
        error = next(iter(form.errors.values()))[0]
        return render(request, "approvals/bulk_result.html", {"error": error}, status=400)
    outcomes = services.requests_bulk_approve(
        versions=form.cleaned_data["pick"], actor=request.user, comment=form.cleaned_data["comment"]
    )
    return render(
        request,
        "approvals/bulk_result.html",
        {
            "approved": [o for o in outcomes if o.approved],
            "refused": [o for o in outcomes if not o.approved],
        },
    )


# Every transition writes the request's picture permission in its own transaction, so a request with no
# write is one from before Picture Desk wrote decisions back: its next decision writes the whole
# permission, and a closed one will never be written (say so rather than promise "yet").
NOTHING_WRITTEN_YET = (
    "Nothing has been written to Consonance for this request yet: its next decision writes its picture "
    "permission."
)
NOTHING_WRITTEN = (
    "Nothing was written to Consonance for this request: it was decided before Picture Desk wrote "
    "decisions back to Consonance."
)


def _request_or_404(pk: int) -> ApprovalRequest:
    approval_request = selectors.request_page(pk)
    if approval_request is None:
        raise Http404("No such approval request.")
    return approval_request


def _detail_context(request, approval_request, *, error=None, comment=""):
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
    events = list(approval_request.events.all())
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
        "events": events,
        # How a closed request ended: the event that moved it to its status (who, when, why).
        "ending": None
        if approval_request.is_active
        else next((e for e in reversed(events) if e.request_to == approval_request.status), None),
        "members": members,
        # What this request wrote to Consonance (permission, to-do attachment), and where each stands.
        "outbox": outbox_panel(
            request,
            lambda: outbox_rows_for_source(
                source_type=write_back.SOURCE_TYPE, source_id=approval_request.pk, target=CONSONANCE
            ),
            empty=NOTHING_WRITTEN_YET if approval_request.is_active else NOTHING_WRITTEN,
        ),
        "error": error,
        "comment": comment,
        "now": timezone.now(),
    }


def _refusal_key(pk: int) -> str:
    return f"approvals:refused:{pk}"


@require_GET
def request_detail(request, pk: int):
    _require_view(request)
    approval_request = _request_or_404(pk)
    # A refused action comes back here once (post/redirect/get), with why and the comment typed.
    refusal = request.session.pop(_refusal_key(pk), None) or {}
    context = _detail_context(
        request, approval_request, error=refusal.get("error"), comment=refusal.get("comment", "")
    )
    return render(request, "approvals/request_detail.html", context)


def _refused(request, pk: int, *, error: str, comment: str):
    """Back to the request page, as it stands now, saying why the action was refused.

    A redirect, not a page rendered at the action's URL: that URL takes only posts, so reloading
    the refusal would answer 405 (or post the decision again). 303 so the browser follows with a GET.
    """
    request.session[_refusal_key(pk)] = {"error": error, "comment": comment}
    response = HttpResponseRedirect(reverse("approvals:request-detail", args=[pk]))
    response.status_code = 303
    return response


@require_POST
def request_act(request, pk: int):
    """Every button of the request page posts here; the action layer checks again who may do what."""
    _require_view(request)
    approval_request = _request_or_404(pk)
    form = DecisionForm(request.POST)
    comment = str(request.POST.get("comment", ""))[:4000]
    if not form.is_valid():
        error = CHOOSE_AN_ACTION if "action" in form.errors else next(iter(form.errors.values()))[0]
        return _refused(request, pk, error=error, comment=comment)
    data = form.cleaned_data
    action = Action(data["action"])
    if action == Action.RESUBMIT:
        return redirect("approvals:request-edit", pk=pk)
    try:
        done = services.request_act(
            approval_request=approval_request,
            actor=request.user,
            action=action,
            version=data["version"],
            comment=data["comment"],
            assignee=data["assignee"],
        )
    except ApprovalError as error:
        return _refused(request, pk, error=error.message, comment=comment)
    messages.success(request, done.message)
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
    if not request.user.has_perm(SUBMIT_PERMISSION):
        raise PermissionDenied
    title = get_object_or_404(Title, pk=title_id)
    initial = SubmitForm.initial_from_query(request.GET, title)
    form = SubmitForm(request.POST or None, title=title, initial=initial)
    status = 200
    if request.method == "POST" and not form.is_valid():
        status = 400
    elif request.method == "POST":
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
    context = {"form": form, "title": title, "has_items": has_items}
    return render(request, "approvals/submit.html", context, status=status)


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
    form = ResubmitForm(request.POST or None, title=approval_request.title, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                done = services.request_act(
                    approval_request=approval_request,
                    actor=request.user,
                    action=Action.RESUBMIT,
                    version=form.cleaned_data["version"],
                    use=form.intended_use(),
                )
            except ApprovalError as error:
                form.add_error(None, error.message)
                status = http_status_of(error)
            else:
                messages.success(request, done.message)
                return redirect("approvals:request-detail", pk=pk)
        else:
            status = 400
    return render(
        request,
        "approvals/request_edit.html",
        {"form": form, "approval_request": approval_request},
        status=status,
    )


@require_GET
def notifications(request):
    page = Paginator(selectors.notifications_of(request.user), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "approvals/notifications.html", {"page": page})


@require_POST
def notifications_read(request):
    form = NotificationsReadForm(request.POST)
    if form.is_valid():
        notifications_mark_read(user=request.user, notification_ids=form.cleaned_data["id"] or None)
    target = form.cleaned_data.get("next", "") if form.is_valid() else ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("approvals:notifications")
    return redirect(target)
