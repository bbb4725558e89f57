"""Notices to a group of people (Rights), sent through the outbox: durable, and never twice.

Rights' notices (expiry warnings, withdrawal notices) are outbox rows of their own kind,
"licence_notice", delivered by `deliver_notice`, the one handler rights registers. Approvals' event
emails are rows of kind "notification", which approvals alone delivers: each app owns its kind, so
neither depends on the order in which the apps register their handlers.

The change that causes a notice queues it as an outbox row (target Picture Desk) in its own
transaction, so a crash after commit still delivers it and a rolled-back change sends nothing.
Delivery reuses approvals' notifications: for each active member of the group, `_notify` creates the
in-app notification and sends its email unless that key already reached them (the Notification row is
unique per key and person, and its email is claimed by compare-and-set). A retried delivery therefore
notifies only the people the failed attempt missed.

Payload: {"group", "key", "template", "url", "context"}; the context is plain JSON (strings and
numbers), rendered by templates/emails/<template>/. A notice to named people (the title's editors of a
withdrawn picture) names them by id in "people" instead of a group.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from approvals.services.notifications import _notify
from integration.models import OutboxMessage
from integration.services.outbox import OutboxWrite, outbox_enqueue
from integration.services.outbox_delivery import OutboxGiveUp

KEY_MAX = 100  # Notification.event_key


def notice_enqueue(
    *,
    group: str = "",
    people: list[int] | None = None,
    key: str,
    template: str,
    url: str,
    context: dict,
    label: str,
    title_id: int | None = None,
    source_type: str = "",
    source_id: int | None = None,
    now: dt.datetime,
) -> OutboxMessage:
    """Queue a notice to every member of `group`, or to `people` (user ids); call inside the
    transaction of the change."""
    if len(key) > KEY_MAX:
        raise ValueError(f"A notice key has at most {KEY_MAX} characters: {key!r}")
    if bool(group) == (people is not None):
        raise ValueError("A notice goes to a group or to people, one of the two.")
    addressed = {"group": group} if group else {"people": sorted(people)}
    return outbox_enqueue(
        OutboxWrite(
            kind=OutboxMessage.Kind.LICENCE_NOTICE,
            target=OutboxMessage.Target.PICTURE_DESK,
            natural_key=f"notice:{key}",
            payload={**addressed, "key": key, "template": template, "url": url, "context": context},
            label=label,
            title_id=title_id,
            source_type=source_type,
            source_id=source_id,
        ),
        now=now,
    )


def deliver_notice(payload: dict, delivery=None) -> dict:
    """The outbox handler of "licence_notice" rows: notify each active member of the group (or each
    person named) once."""
    try:
        group, key, template = payload.get("group", ""), payload["key"], payload["template"]
        url, context = payload.get("url", ""), dict(payload.get("context") or {})
        ids = [int(i) for i in payload["people"]] if "people" in payload else None
    except (KeyError, TypeError, ValueError) as exc:
        raise OutboxGiveUp(f"Not a notice: {exc}") from exc
    members = get_user_model().objects.filter(is_active=True).order_by("username")
    members = members.filter(pk__in=ids) if ids is not None else members.filter(groups__name=group)
    now = timezone.now()
    notified = 0
    people = list(members)
    for person in people:
        notified += _notify(key=key, template=template, recipient=person, context=context, url=url, now=now)
    return {"group": group or "people", "members": len(people), "notified": notified}
