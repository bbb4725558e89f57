"""Turning approval events into emails and in-app notifications, each at most once per person.

A transition writes one outbox row per event that tells someone (`notifications_enqueue`, in its
transaction), so a committed decision's emails survive a lost task or a dead worker: the outbox
delivers the row through `notification_outbox_handler` and retries it until it is sent.
The Notification row is the idempotency record: unique per (event key, recipient), and its
`emailed_at` is claimed by compare-and-set before the email goes, so two deliveries of the same
event (at-least-once queues do that) still send one email.
"""

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from config.inputs import ascii_number
from integration.models import OutboxMessage
from integration.services.outbox import OutboxWrite, outbox_enqueue
from integration.services.outbox_delivery import Delivery, OutboxGiveUp

from ..models import ApprovalEvent, ApprovalRequest, ApprovalStep, Notification

Kind = ApprovalEvent.Kind
User = get_user_model()
# The events `recipients_for` tells someone about; the others (skips, approvals of a step that needs
# more, submissions) write no notification row.
NOTIFYING_KINDS = frozenset(
    {Kind.STEP_STARTED, Kind.REASSIGNED, Kind.CHANGES_REQUESTED, Kind.COMPLETED, Kind.REJECTED}
)


def _group_members(group_id: int) -> list:
    return list(User.objects.filter(groups__id=group_id, is_active=True).order_by("username"))


def recipients_for(event: ApprovalEvent) -> tuple[str, list]:
    """Which email template goes to whom for this event; ("", []) when nobody needs to know."""
    approval_request = event.request
    requester = approval_request.requester
    if event.kind == Kind.STEP_STARTED:
        step = event.step
        people = [step.assignee] if step.assignee_id else _group_members(step.group_id)
        return "step_active", [p for p in people if p.pk != requester.pk]
    if event.kind == Kind.REASSIGNED:
        to_id = event.details.get("to_id")
        return "step_active", list(User.objects.filter(pk=to_id, is_active=True))
    if event.kind == Kind.CHANGES_REQUESTED:
        return "changes_requested", [requester]
    if event.kind == Kind.COMPLETED:
        return "approved", [requester]
    if event.kind == Kind.REJECTED:
        earlier = User.objects.filter(
            pk__in=ApprovalEvent.objects.filter(
                request=approval_request,
                kind=Kind.APPROVED,
                step__round=event.step.round,
                step__position__lt=event.step.position,
            ).values("actor_id"),
            is_active=True,
        )
        people = [requester, *[u for u in earlier if u.pk != requester.pk]]
        return "rejected", people
    return "", []


def _send(notification: Notification, template: str, context: dict, recipient, now: dt.datetime) -> None:
    if not recipient.email:
        return
    claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(emailed_at=now)
    if not claimed:
        return  # another delivery of the same event already sent it
    body = render_to_string(f"emails/{template}/body.txt", context)
    message = EmailMultiAlternatives(
        subject=notification.subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[recipient.email]
    )
    message.attach_alternative(render_to_string(f"emails/{template}/body.html", context), "text/html")
    try:
        message.send()
    except Exception:
        # Give the claim back so the queue's retry can send it.
        Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
        raise


def _notify(*, key: str, template: str, recipient, context: dict, url: str, now: dt.datetime) -> bool:
    """Create the in-app notification and send its email, unless this key already reached them."""
    context = {**context, "recipient": recipient, "url": url, "site_url": settings.SITE_URL}
    subject = " ".join(render_to_string(f"emails/{template}/subject.txt", context).split())
    try:
        with transaction.atomic():
            notification, created = Notification.objects.get_or_create(
                event_key=key,
                recipient=recipient,
                defaults={"template": template, "subject": subject, "url": url, "created_at": now},
            )
    except IntegrityError:
        return False
    if notification.emailed_at is not None:
        return False
    _send(notification, template, context, recipient, now)
    return created


def notifications_deliver_for_event(*, event_id: int, now: dt.datetime | None = None) -> int:
    """Notify everyone who needs to hear about this event; returns how many were newly notified."""
    now = now or timezone.now()
    event = (
        ApprovalEvent.objects.select_related(
            "request__asset", "request__title", "request__requester", "step__group", "step__assignee", "actor"
        )
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return 0
    template, people = recipients_for(event)
    if not template:
        return 0
    url = reverse("approvals:request-detail", args=[event.request_id])
    context = {"event": event, "approval_request": event.request, "step": event.step}
    sent = 0
    for person in people:
        sent += _notify(
            key=f"event:{event.pk}", template=template, recipient=person, context=context, url=url, now=now
        )
    return sent


def notifications_enqueue(
    approval_request: ApprovalRequest, events: list[ApprovalEvent], *, now: dt.datetime
) -> list[OutboxMessage]:
    """One outbox row per event that tells someone; call inside the transition's transaction."""
    return [
        outbox_enqueue(
            OutboxWrite(
                kind=OutboxMessage.Kind.NOTIFICATION,
                target=OutboxMessage.Target.PICTURE_DESK,
                natural_key=f"event:{event.pk}",
                payload={"event_id": event.pk},
                label=f"Notify: {event.get_kind_display().lower()}"
                + (f" ({event.step.name})" if event.step_id else ""),
                title_id=approval_request.title_id,
                source_type="approval_request",
                source_id=approval_request.pk,
            ),
            now=now,
        )
        for event in events
        if event.kind in NOTIFYING_KINDS
    ]


def notification_outbox_handler(payload: dict, delivery: Delivery) -> dict:
    """Deliver an outbox row of kind "notification": the emails and in-app notices of one event.

    Safe to run twice: each person is notified at most once per event (see the module's docstring).
    """
    event_id = ascii_number(payload.get("event_id"))
    if event_id is None:
        raise OutboxGiveUp(f"The notification names no approval event: {payload!r}.")
    return {"eventId": event_id, "notified": notifications_deliver_for_event(event_id=event_id)}


def notifications_send_overdue_digest(*, now: dt.datetime | None = None) -> int:
    """One digest per person with overdue steps waiting for them, at most once a day."""
    now = now or timezone.now()
    overdue = list(
        ApprovalStep.objects.filter(
            status=ApprovalStep.Status.ACTIVE,
            due_at__lt=now,
            request__status=ApprovalRequest.Status.IN_REVIEW,
        )
        .select_related("request__asset", "request__title", "group")
        .order_by("due_at")
    )
    by_person: dict = defaultdict(list)
    members: dict[int, list] = {}
    for step in overdue:
        if step.assignee_id:
            people = [step.assignee]
        else:
            if step.group_id not in members:
                members[step.group_id] = _group_members(step.group_id)
            people = members[step.group_id]
        for person in people:
            if person.pk != step.request.requester_id:
                by_person[person].append(step)
    day = timezone.localdate(now).isoformat()
    sent = 0
    for person, steps in by_person.items():
        sent += _notify(
            key=f"digest:{day}",
            template="overdue_digest",
            recipient=person,
            context={"steps": steps, "now": now},
            url=reverse("approvals:queue") + "?overdue=1",
            now=now,
        )
    return sent


def notifications_mark_read(
    *, user, notification_ids: list[int] | None = None, now: dt.datetime | None = None
) -> int:
    """Mark some (or all, when None) of the user's unread notifications read."""
    now = now or timezone.now()
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=now)


def notifications_mark_read_for_request(*, user, approval_request, now: dt.datetime | None = None) -> int:
    """Mark the user's unread notifications about this request read: acting on it reads them.

    A notification about a request links to its page, so that link is what names the request.
    """
    url = reverse("approvals:request-detail", args=[approval_request.pk])
    unread = Notification.objects.filter(recipient=user, url=url, read_at__isnull=True)
    return unread.update(read_at=now or timezone.now())
