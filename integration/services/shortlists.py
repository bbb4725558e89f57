"""Writes of a title's shortlist: add, remove, move, annotate. Pages and API call these only."""

import datetime as dt
import logging

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from config.errors import DomainError
from integration.models import Asset, ShortlistItem, Title

security_log = logging.getLogger("picture_desk.security")

ALREADY_SHORTLISTED = "This picture is already on the shortlist of “{title}”."
NOT_ON_SHORTLIST = "That picture is no longer on this shortlist (someone may have removed it)."
BAD_DIRECTION = "Move a picture “up” or “down”."
NOTE_MAX_CHARS = 2000
NOTE_TOO_LONG = f"Keep the note under {NOTE_MAX_CHARS} characters."


class ShortlistError(DomainError):
    pass


def require_permission(user, permission: str) -> None:
    """Refuse (and log) a user without `permission`; every write service starts here."""
    if user is None or not user.has_perm(permission):
        security_log.warning(
            "permission denied: user=%s needs %s", getattr(user, "username", "") or "anonymous", permission
        )
        raise PermissionDenied(permission)


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX_CHARS:
        raise ShortlistError(NOTE_TOO_LONG)
    return note


def shortlist_add(
    *, title: Title, asset: Asset, user, note: str = "", now: dt.datetime | None = None
) -> ShortlistItem:
    require_permission(user, "integration.add_shortlistitem")
    note = _clean_note(note)
    if ShortlistItem.objects.filter(title=title, asset=asset).exists():
        raise ShortlistError(ALREADY_SHORTLISTED.format(title=title.title))
    try:
        with transaction.atomic():
            last = ShortlistItem.objects.filter(title=title).aggregate(last=Max("position"))["last"]
            return ShortlistItem.objects.create(
                title=title,
                asset=asset,
                note=note,
                position=0 if last is None else last + 1,
                added_by=user,
                added_at=now or timezone.now(),
            )
    except IntegrityError:
        # Two editors added the same picture at once: the unique constraint picked one.
        raise ShortlistError(ALREADY_SHORTLISTED.format(title=title.title))


def shortlist_remove(*, item: ShortlistItem, user) -> None:
    require_permission(user, "integration.delete_shortlistitem")
    ShortlistItem.objects.filter(pk=item.pk).delete()


def shortlist_update_note(*, item: ShortlistItem, user, note: str) -> ShortlistItem:
    require_permission(user, "integration.change_shortlistitem")
    item.note = _clean_note(note)
    if not ShortlistItem.objects.filter(pk=item.pk).update(note=item.note):
        raise ShortlistError(NOT_ON_SHORTLIST)
    return item


def shortlist_move(*, item: ShortlistItem, user, direction: str) -> list[ShortlistItem]:
    """Swap the item with its neighbour; returns the shortlist in its new order.

    Positions are renumbered 0..n-1 on every move, so earlier ties (or gaps) never make a move a no-op.
    """
    require_permission(user, "integration.change_shortlistitem")
    if direction not in ("up", "down"):
        raise ShortlistError(BAD_DIRECTION)
    with transaction.atomic():
        items = list(ShortlistItem.objects.filter(title_id=item.title_id).order_by("position", "id"))
        index = next((i for i, other in enumerate(items) if other.pk == item.pk), None)
        if index is None:
            raise ShortlistError(NOT_ON_SHORTLIST)
        target = index - 1 if direction == "up" else index + 1
        if 0 <= target < len(items):
            items[index], items[target] = items[target], items[index]
        for position, other in enumerate(items):
            other.position = position
        ShortlistItem.objects.bulk_update(items, ["position"])
    return items
