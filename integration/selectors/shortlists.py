"""Reads of a title's shortlist, visual themes and reference imagery."""

from integration.models import ReferenceImage, ShortlistItem, VisualTheme


def shortlist_items(title_id: int) -> list[ShortlistItem]:
    return list(
        ShortlistItem.objects.filter(title_id=title_id)
        .select_related("asset", "added_by")
        .order_by("position", "id")
    )


def shortlisted_getty_ids(title_id: int) -> set[str]:
    return set(ShortlistItem.objects.filter(title_id=title_id).values_list("asset__getty_id", flat=True))


def visual_themes(title_id: int) -> list[VisualTheme]:
    return list(VisualTheme.objects.filter(title_id=title_id).order_by("name", "id"))


def reference_images(title_id: int) -> list[ReferenceImage]:
    return list(
        ReferenceImage.objects.filter(title_id=title_id).select_related("asset").order_by("-added_at", "id")
    )
