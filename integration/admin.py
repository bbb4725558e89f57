"""Admin for every integration model.

Titles, products and Getty assets are mirrors: Consonance and Getty are the sources of truth, so the
admin shows them read-only (no add, change or delete). Sync runs are history and read-only too.
Shortlist items are our own data and stay editable.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from .models import Asset, Product, ShortlistItem, SyncRun, Title


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
