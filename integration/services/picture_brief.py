"""A title's picture brief for Consonance: its visual themes and reference imagery, sent whole.

Every change of a title's themes or reference images queues the brief's full current state in the
outbox, in the transaction of the change: a rolled-back change sends nothing, and a newer state
replaces an older one not yet sent (one natural key per work). Consonance's `updatePictureBrief`
[extension] replaces the whole brief, so the latest state is always safe to send again.
"""

import datetime as dt

from django.conf import settings
from django.urls import reverse

from ..consonance.extension import BriefReferenceImage, PictureBriefInput
from ..models import OutboxMessage, ReferenceImage, Title
from ..selectors import shortlists as selectors
from .outbox import OutboxWrite, outbox_enqueue


def picture_brief_key(title: Title) -> str:
    """The outbox's natural key of a work's brief: one record per Consonance work."""
    return f"brief:{title.consonance_id}"


def reference_external_ref(reference: ReferenceImage) -> str:
    """A reference image's stable key in the brief: the Getty asset, kept at most once per title."""
    return f"getty:{reference.asset.getty_id}"


def _reference_url(reference: ReferenceImage) -> str:
    """The comp (a watermarked preview a person can open), else the picture's page in Picture Desk."""
    asset = reference.asset
    for url in (asset.comp_url, asset.preview_url, asset.thumb_url):
        if url.startswith(("http://", "https://")):
            return url
    page = reverse("integration:asset-detail", kwargs={"pk": reference.title_id, "getty_id": asset.getty_id})
    return f"{settings.SITE_URL}{page}"


def picture_brief_input(title: Title) -> PictureBriefInput:
    """The title's brief as it stands in the database now, in the order the title page lists it."""
    return PictureBriefInput(
        work_id=title.consonance_id,
        visual_themes=[theme.name for theme in selectors.visual_themes(title.pk)],
        reference_images=[
            BriefReferenceImage(
                external_ref=reference_external_ref(reference),
                url=_reference_url(reference),
                caption=reference.note or reference.asset.title,
            )
            for reference in selectors.reference_images(title.pk)
        ],
    )


def picture_brief_enqueue(title: Title, *, now: dt.datetime | None = None) -> OutboxMessage:
    """Queue the title's whole brief for Consonance; call inside the transaction of the change.

    The title row is locked first (FOR NO KEY UPDATE on PostgreSQL, which the foreign-key locks of
    theme inserts do not conflict with; SQLite's write transactions are serial anyway), so two
    people changing one title's themes at once queue briefs that each include the other's change.
    """
    Title.objects.select_for_update(no_key=True).filter(pk=title.pk).values_list("pk").first()
    brief = picture_brief_input(title)
    themes, images = len(brief.visual_themes), len(brief.reference_images)
    return outbox_enqueue(
        OutboxWrite(
            kind=OutboxMessage.Kind.PICTURE_BRIEF,
            natural_key=picture_brief_key(title),
            payload=brief.to_graphql(),
            label=f"Picture brief: {themes} visual theme{'s' * (themes != 1)}, "
            f"{images} reference image{'s' * (images != 1)}",
            title_id=title.pk,
            source_type="title",
            source_id=title.pk,
        ),
        now=now,
    )
