"""Telling people about a licence: an email and an in-app notification each, at most once per person.

A change that must tell someone (Getty withdrew the picture) writes one outbox row of kind
"licence_notice" in its own transaction, so the notice survives a lost task or a dead worker: the
outbox delivers it through `licence_notice_outbox_handler`, with retries. Approvals' Notification row
is the "sent once" record (`notification_send_once`, keyed "licence:<id>:<notice>"), so a row
delivered twice still notifies each person once.

Who hears of a withdrawal: the Rights group, who own the licence, and the title's editors: whoever
asked for this picture (the licence's request) and the Editorial people who asked for pictures for
the same title. Rights are sent to the licence page; the others, who choose pictures, to the page
that finds a replacement (or to the request, if they may not choose one).
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from approvals.models import ApprovalRequest
from approvals.services.notifications import notification_send_once
from config.inputs import ascii_number
from integration.models import OutboxMessage
from integration.services.outbox import OutboxWrite, outbox_enqueue
from integration.services.outbox_delivery import Delivery, OutboxGiveUp

from ..models import Licence

User = get_user_model()
SOURCE_TYPE = "licence"
WITHDRAWN = "withdrawn"
# notice -> email template (templates/emails/<template>/) and what the outbox row reads as.
NOTICES = {WITHDRAWN: ("licence_withdrawn", "Notify: picture withdrawn by Getty")}
VIEW_LICENCES = "rights.view_licence"
FIND_REPLACEMENT = "rights.find_replacement"


def licence_notice_enqueue(licence: Licence, notice: str, *, now: dt.datetime) -> OutboxMessage:
    """Queue the notice in the caller's transaction (call it inside the change's atomic block)."""
    _, label = NOTICES[notice]
    return outbox_enqueue(
        OutboxWrite(
            kind=OutboxMessage.Kind.LICENCE_NOTICE,
            target=OutboxMessage.Target.PICTURE_DESK,
            natural_key=f"licence-notice:{licence.pk}:{notice}",
            payload={"licence_id": licence.pk, "notice": notice},
            label=f"{label} (licence #{licence.pk})",
            title_id=licence.title_id,
            source_type=SOURCE_TYPE,
            source_id=licence.pk,
        ),
        now=now,
    )


def title_editors(licence: Licence) -> list:
    """Whoever asked for this picture, and the Editorial people who asked for pictures for its title."""
    requesters = ApprovalRequest.objects.filter(title_id=licence.title_id).values("requester_id")
    editors = User.objects.filter(pk__in=requesters, groups__name=Role.EDITORIAL, is_active=True)
    people = {u.pk: u for u in editors}
    requester = licence.request.requester
    if requester.is_active:
        people.setdefault(requester.pk, requester)
    return sorted(people.values(), key=lambda u: u.username)


def recipients(licence: Licence) -> list:
    rights = list(User.objects.filter(groups__name=Role.RIGHTS, is_active=True).order_by("username"))
    people = {u.pk: u for u in [*rights, *title_editors(licence)]}
    return sorted(people.values(), key=lambda u: u.username)


def _url_for(person, licence: Licence) -> str:
    if person.has_perm(VIEW_LICENCES):
        return reverse("rights:licence-detail", args=[licence.pk])
    if person.has_perm(FIND_REPLACEMENT):
        return reverse("rights:replacement-find", args=[licence.pk])
    return reverse("approvals:request-detail", args=[licence.request_id])


def licence_notice_deliver(*, licence_id: int, notice: str, now: dt.datetime | None = None) -> int:
    """Notify everyone who needs to hear; returns how many were newly notified."""
    now = now or timezone.now()
    licence = (
        Licence.objects.select_related("asset", "title", "request__requester").filter(pk=licence_id).first()
    )
    if licence is None:
        return 0
    template, _ = NOTICES[notice]
    context = {"licence": licence, "asset": licence.asset, "title": licence.title}
    return sum(
        notification_send_once(
            key=f"licence:{licence.pk}:{notice}",
            template=template,
            recipient=person,
            context=context,
            url=_url_for(person, licence),
            now=now,
        )
        for person in recipients(licence)
    )


def licence_notice_outbox_handler(payload: dict, delivery: Delivery) -> dict:
    """Deliver an outbox row of kind "licence_notice"; safe to run twice (see the module docstring)."""
    licence_id = ascii_number(payload.get("licence_id"))
    notice = payload.get("notice")
    if licence_id is None or notice not in NOTICES:
        raise OutboxGiveUp(f"The notice names no licence or an unknown notice: {payload!r}.")
    return {"licenceId": licence_id, "notified": licence_notice_deliver(licence_id=licence_id, notice=notice)}
