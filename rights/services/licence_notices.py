"""Who hears that Getty withdrew a licensed picture, and where each is sent.

Through the rights notices (notices.py: outbox rows of kind "licence_notice", written in the
withdrawal's transaction and delivered once per person): the Rights group, who own the licence, to the
licence page; and the title's editors, to the page that finds a replacement. The title's editors are
whoever asked for this picture (the licence's request) and the Editorial people who asked for pictures
for the same title, taken when the withdrawal is processed; a member of Rights among them hears once,
as Rights.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import formats, timezone

from accounts.roles import Role
from approvals.models import ApprovalRequest
from integration.models import OutboxMessage

from ..models import Licence
from .notices import notice_enqueue

User = get_user_model()
TEMPLATE = "licence_withdrawn"


def title_editors(licence: Licence) -> list:
    """Whoever asked for this picture, and the Editorial people who asked for pictures for its title."""
    requesters = ApprovalRequest.objects.filter(title_id=licence.title_id).values("requester_id")
    editors = User.objects.filter(
        pk__in=requesters, groups__name=str(Role.EDITORIAL), is_active=True
    ).distinct()
    people = {u.pk: u for u in editors}
    requester = licence.request.requester
    if requester.is_active:
        people.setdefault(requester.pk, requester)
    return sorted(people.values(), key=lambda u: u.username)


def _context(licence: Licence) -> dict:
    asset = licence.asset
    withdrawn_at = asset.withdrawn_at
    return {
        "licence_id": licence.pk,
        "getty_id": asset.getty_id,
        "asset_title": asset.title or asset.getty_id,
        "title": licence.title.full_title,
        "placement": licence.request.get_placement_display().lower(),
        "withdrawn_on": formats.date_format(timezone.localtime(withdrawn_at), "j M Y")
        if withdrawn_at
        else "",
    }


def licence_withdrawn_notify(licence: Licence, *, now: dt.datetime) -> list[OutboxMessage]:
    """Queue the notices of a withdrawn licence (call inside the withdrawal's transaction)."""
    context = _context(licence)
    label = f"Notify: picture withdrawn by Getty (licence #{licence.pk})"
    common = {
        "template": TEMPLATE,
        "title_id": licence.title_id,
        "source_type": "licence",
        "source_id": licence.pk,
        "now": now,
    }
    rows = [
        notice_enqueue(
            group=str(Role.RIGHTS),
            key=f"licence:{licence.pk}:withdrawn",
            url=reverse("rights:licence-detail", args=[licence.pk]),
            context={**context, "action": "Open the licence and find a replacement"},
            label=f"{label} to Rights",
            **common,
        )
    ]
    rights = set(User.objects.filter(groups__name=str(Role.RIGHTS)).values_list("pk", flat=True))
    editors = [person.pk for person in title_editors(licence) if person.pk not in rights]
    if editors:
        rows.append(
            notice_enqueue(
                people=editors,
                key=f"licence:{licence.pk}:withdrawn:editors",
                url=reverse("rights:replacement-find", args=[licence.pk]),
                context={**context, "action": "Find a replacement among Getty's similar pictures"},
                label=f"{label} to the title's editors",
                **common,
            )
        )
    return rows
