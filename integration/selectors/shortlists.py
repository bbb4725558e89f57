"""Reads of a title's shortlist, visual themes and reference imagery."""

from integration.models import ReferenceImage, ShortlistItem, VisualTheme


def shortlist_items(title_id: int) -> list[ShortlistItem]:
    return list(
        ShortlistItem.objects.filter(title_id=title_id)
        .select_related("asset", "added_by")
        .order_by("position", "id")
    )


# What the shortlist panel (_shortlist.html) shows; an Asset row also carries Getty's whole answer (keywords,
# raw JSON), which the panel never reads. A field added to the panel must be added here (a deferred
# field would cost one query per item; tests/integration/test_shortlists.py counts them).
PANEL_FIELDS = (
    "id", "title_id", "asset_id", "added_by_id", "note", "position", "added_at",
    "asset__getty_id", "asset__title", "asset__thumb_url", "asset__comp_url",
    "asset__asset_family", "asset__usage_restrictions", "asset__license_model",
    "added_by__username", "added_by__first_name", "added_by__last_name",
)  # fmt: skip


def shortlist_panel_items(title_id: int) -> list[ShortlistItem]:
    """The shortlist as the panel shows it: its items with only the fields the panel reads."""
    return list(
        ShortlistItem.objects.filter(title_id=title_id)
        .select_related("asset", "added_by")
        .only(*PANEL_FIELDS)
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
