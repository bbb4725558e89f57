"""Admin for every integration model.

Titles, products and Getty assets are mirrors: Consonance and Getty are the sources of truth, so the
admin shows them read-only (no add, change or delete). Sync runs are history and read-only too.
Shortlist items are our own data and stay editable. Outbox rows are read-only too: the only changes
a person makes to them are "Retry" and "Replay", through the same services as the pages.
"""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from .access import RETRY_OUTBOX
from .models import Asset, OutboxMessage, Product, ReconciliationRun, ShortlistItem, SyncRun, Title
from .services.outbox import OutboxRefused, outbox_replay, outbox_retry


class ReadOnlyAdminMixin:
    """View-only: the model is written by a sync or a cache refresh, never by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ProductInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Product
    extra = 0
    fields = (
        "isbn13",
        "format_name",
        "onix_form_code",
        "publication_date",
        "publishing_status",
        "for_sale_worldwide",
        "height_cm",
        "page_count",
    )
    readonly_fields = fields
    ordering = ("publication_date", "id")
    show_change_link = True


@admin.register(Title)
class TitleAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "title",
        "contributors",
        "imprint_name",
        "first_publication_date",
        "is_active",
        "consonance_id",
        "synced_at",
    )
    list_filter = ("is_active", "imprint_name", "work_type", "first_publication_date")
    search_fields = ("title", "subtitle", "contributors", "=consonance_id", "products__isbn13")
    date_hierarchy = "first_publication_date"
    inlines = [ProductInline]
    show_full_result_count = False
    view_on_site = True

    def get_view_on_site_url(self, obj=None):
        return reverse("integration:title-detail", args=[obj.pk]) if obj else None


@admin.register(Product)
class ProductAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("isbn13", "full_title", "format_name", "onix_form_code", "publication_date", "title_link")
    list_filter = ("onix_form_code", "format_name", "publishing_status", "for_sale_worldwide")
    search_fields = ("isbn13", "full_title", "=consonance_id", "title__title")
    list_select_related = ("title",)
    date_hierarchy = "publication_date"

    @admin.display(description="Title", ordering="title__title")
    def title_link(self, obj):
        url = reverse("admin:integration_title_change", args=[obj.title_id])
        return format_html('<a href="{}">{}</a>', url, obj.title.title)


@admin.register(SyncRun)
class SyncRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "started_at",
        "kind",
        "status",
        "finished_at",
        "works_seen",
        "titles_created",
        "titles_updated",
        "titles_deactivated",
        "products_seen",
        "short_error",
    )
    list_filter = ("status", "kind", "started_at")
    search_fields = ("error", "notes")
    date_hierarchy = "started_at"

    @admin.display(description="Error")
    def short_error(self, obj):
        return (obj.error[:80] + "…") if len(obj.error) > 80 else obj.error


@admin.register(Asset)
class AssetAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "getty_id",
        "title",
        "asset_family",
        "license_model",
        "collection_name",
        "artist",
        "fetched_at",
        "withdrawn_at",
    )
    list_filter = ("asset_family", "license_model", "collection_name", "withdrawn_at")
    search_fields = ("=getty_id", "title", "caption", "artist", "credit_line")
    date_hierarchy = "fetched_at"


@admin.register(ShortlistItem)
class ShortlistItemAdmin(admin.ModelAdmin):
    list_display = ("asset", "title", "position", "added_by", "added_at")
    list_filter = ("added_at",)
    search_fields = ("title__title", "asset__getty_id", "asset__title", "note")
    list_select_related = ("title", "asset", "added_by")
    autocomplete_fields = ("title", "asset")
    raw_id_fields = ("added_by",)
    date_hierarchy = "added_at"


def _short(text: str, length: int = 80) -> str:
    return (text[:length] + "…") if len(text) > length else text


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "id",
        "kind",
        "label",
        "natural_key",
        "status",
        "attempts",
        "source",
        "next_attempt_at",
        "sent_at",
        "short_error",
    )
    list_filter = ("status", "kind", "target")
    search_fields = ("=natural_key", "natural_key", "label", "=source_id")
    list_select_related = ("title",)
    date_hierarchy = "created_at"
    show_full_result_count = False
    actions = ("retry", "replay")
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]

    @admin.display(description="Caused by")
    def source(self, obj):
        return f"{obj.source_type} {obj.source_id}" if obj.source_type else "—"

    @admin.display(description="Last error")
    def short_error(self, obj):
        return _short(obj.last_error)

    def has_retry_permission(self, request) -> bool:
        return request.user.has_perm(RETRY_OUTBOX)

    @admin.action(description="Retry the selected dead writes", permissions=["retry"])
    def retry(self, request, queryset):
        self._each(
            request, queryset, lambda row: outbox_retry(message=row, by=request.user.username), "retried"
        )

    @admin.action(description="Replay: send the selected writes' payloads again", permissions=["retry"])
    def replay(self, request, queryset):
        self._each(request, queryset, lambda row: outbox_replay(message=row), "queued again")

    def _each(self, request, queryset, act, done: str) -> None:
        """Act on every selected row; a refusal is said per row and stops nothing else."""
        succeeded = 0
        for row in queryset.order_by("id"):
            try:
                act(row)
            except OutboxRefused as refused:
                self.message_user(
                    request, f"Write {row.pk} ({row.natural_key}): {refused.message}", messages.ERROR
                )
            else:
                succeeded += 1
        if succeeded:
            self.message_user(
                request, f"{succeeded} write{'s' if succeeded != 1 else ''} {done}.", messages.SUCCESS
            )


@admin.register(ReconciliationRun)
class ReconciliationRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "started_at",
        "status",
        "full_scan",
        "changed_since",
        "records_checked",
        "differences_count",
        "requeued",
        "started_by",
        "short_error",
    )
    list_filter = ("status", "full_scan", "started_at")
    search_fields = ("started_by", "error")
    date_hierarchy = "started_at"
    readonly_fields = [field.name for field in ReconciliationRun._meta.fields]

    @admin.display(description="Error")
    def short_error(self, obj):
        return _short(obj.error)


# Getty's change sets: history of the withdrawal watch (integration/services/asset_changes.py).
from .models import AssetChangeSet  # noqa: E402


@admin.register(AssetChangeSet)
class AssetChangeSetAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("change_set_id", "channel_id", "received_at", "times_received", "state", "short_error")
    list_filter = ("channel_id", "received_at")
    search_fields = ("=change_set_id", "withdrawn_getty_ids")
    date_hierarchy = "received_at"
    readonly_fields = [field.name for field in AssetChangeSet._meta.fields]

    @admin.display(description="Error")
    def short_error(self, obj):
        return _short(obj.error)
