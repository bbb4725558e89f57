"""Writes of a title's visual themes and reference imagery.

Each change queues the title's whole picture brief for Consonance in the same transaction
(`picture_brief_enqueue`), so Consonance ends up with what the title holds, or nothing changes.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from config.errors import DomainError
from integration.models import Asset, ReferenceImage, Title, VisualTheme
from integration.services.picture_brief import picture_brief_enqueue
from integration.services.shortlists import NOTE_MAX_CHARS, NOTE_TOO_LONG, require_permission

THEME_NAME_MAX_CHARS = 100
THEME_NAME_EMPTY = "Give the visual theme a name."
THEME_NAME_TOO_LONG = f"Keep a visual theme under {THEME_NAME_MAX_CHARS} characters."
THEME_EXISTS = "“{name}” is already a visual theme of this title."
REFERENCE_EXISTS = "This picture is already kept as reference imagery for this title."
# The picture brief goes to Consonance whole; these keep it inside what it takes.
THEMES_PER_TITLE = 100
REFERENCES_PER_TITLE = 200
TOO_MANY_THEMES = f"A title keeps at most {THEMES_PER_TITLE} visual themes; remove one before adding another."
TOO_MANY_REFERENCES = (
    f"A title keeps at most {REFERENCES_PER_TITLE} reference pictures; remove one before adding another."
)


class ThemeError(DomainError):
    pass


def _theme_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ThemeError(THEME_NAME_EMPTY)
    if len(name) > THEME_NAME_MAX_CHARS:
        raise ThemeError(THEME_NAME_TOO_LONG)
    return name


def visual_theme_add(
    *,
    title: Title,
    name: str,
    user,
    keyword_id: str = "",
    source_asset: Asset | None = None,
    now: dt.datetime | None = None,
) -> VisualTheme:
    """Tag the title with a theme, typed or taken from a Getty keyword (then `keyword_id` is set)."""
    require_permission(user, "integration.add_visualtheme")
    name = _theme_name(name)
    if VisualTheme.objects.filter(title=title, name__iexact=name).exists():
        raise ThemeError(THEME_EXISTS.format(name=name))
    if VisualTheme.objects.filter(title=title).count() >= THEMES_PER_TITLE:
        raise ThemeError(TOO_MANY_THEMES)
    source = VisualTheme.Source.KEYWORD if (keyword_id or source_asset) else VisualTheme.Source.TYPED
    now = now or timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                theme = VisualTheme.objects.create(
                    title=title,
                    name=name,
                    source=source,
                    keyword_id=(keyword_id or "")[:64],
                    source_asset=source_asset,
                    added_by=user,
                    added_at=now,
                )
        except IntegrityError:
            raise ThemeError(THEME_EXISTS.format(name=name))
        picture_brief_enqueue(title, now=now)
    return theme


def visual_theme_remove(*, theme: VisualTheme, user, now: dt.datetime | None = None) -> None:
    require_permission(user, "integration.delete_visualtheme")
    with transaction.atomic():
        deleted, _ = VisualTheme.objects.filter(pk=theme.pk).delete()
        if deleted:
            picture_brief_enqueue(theme.title, now=now)


def reference_image_add(
    *, title: Title, asset: Asset, user, note: str = "", now: dt.datetime | None = None
) -> ReferenceImage:
    require_permission(user, "integration.add_referenceimage")
    note = (note or "").strip()
    if len(note) > NOTE_MAX_CHARS:
        raise ThemeError(NOTE_TOO_LONG)
    if ReferenceImage.objects.filter(title=title, asset=asset).exists():
        raise ThemeError(REFERENCE_EXISTS)
    if ReferenceImage.objects.filter(title=title).count() >= REFERENCES_PER_TITLE:
        raise ThemeError(TOO_MANY_REFERENCES)
    now = now or timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                reference = ReferenceImage.objects.create(
                    title=title, asset=asset, note=note, added_by=user, added_at=now
                )
        except IntegrityError:
            raise ThemeError(REFERENCE_EXISTS)
        picture_brief_enqueue(title, now=now)
    return reference


def reference_image_remove(*, reference: ReferenceImage, user, now: dt.datetime | None = None) -> None:
    require_permission(user, "integration.delete_referenceimage")
    with transaction.atomic():
        deleted, _ = ReferenceImage.objects.filter(pk=reference.pk).delete()
        if deleted:
            picture_brief_enqueue(reference.title, now=now)
