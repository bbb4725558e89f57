"""Admin for the rights models, all read-only.

Downloads and licence events are history. Licences, usages and printings change only through the
services (the licensing and terms pages), so that every change has its event and its write to
Consonance: the admin shows them and links to the licence page where they are changed.
"""

from django.contrib import admin
from django.urls import reverse

from .models import Download, Licence, LicenceEvent, Printing, Usage


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LicenceEventInline(ReadOnlyInline):
    model = LicenceEvent
    fields = ("created_at", "kind", "actor", "reason", "details")
    readonly_fields = fields


class UsageInline(ReadOnlyInline):
    model = Usage
    fields = ("title", "placement", "status", "note", "created_at")
    readonly_fields = fields
    show_change_link = True


@admin.register(Licence)
class LicenceAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "asset",
        "title",
        "status",
        "license_model",
        "valid_until",
        "perpetual",
        "legal_confirmed_at",
        "created_at",
    )
    list_filter = ("status", "license_model", "perpetual", "getty_product_type")
    search_fields = ("asset__getty_id", "title__title", "licence_reference", "agreement_name")
    list_select_related = ("asset", "title")
    date_hierarchy = "created_at"
    inlines = [UsageInline, LicenceEventInline]
    view_on_site = True
    show_full_result_count = False

    def get_view_on_site_url(self, obj=None):
        return reverse("rights:licence-detail", args=[obj.pk]) if obj else None


@admin.register(LicenceEvent)
class LicenceEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "licence", "kind", "actor", "reason")
    list_filter = ("kind",)
    search_fields = ("licence__asset__getty_id", "reason")
    list_select_related = ("licence__asset", "licence__title", "actor")
    date_hierarchy = "created_at"


class PrintingInline(ReadOnlyInline):
    model = Printing
    fields = ("printed_on", "quantity", "note", "created_by", "created_at")
    readonly_fields = fields


@admin.register(Usage)
class UsageAdmin(ReadOnlyAdmin):
    list_display = ("id", "licence", "title", "placement", "status", "created_at")
    list_filter = ("status", "placement")
    search_fields = ("title__title", "licence__asset__getty_id")
    list_select_related = ("licence__asset", "licence__title", "title")
    inlines = [PrintingInline]


@admin.register(Printing)
class PrintingAdmin(ReadOnlyAdmin):
    list_display = ("id", "usage", "quantity", "printed_on", "created_at")
    list_select_related = ("usage__title", "usage__licence")
    date_hierarchy = "printed_on"


@admin.register(Download)
class DownloadAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "asset",
        "request",
        "status",
        "product_name",
        "started_at",
        "completed_at",
        "file_stored_at",
    )
    list_filter = ("status", "product_type")
    search_fields = ("asset__getty_id", "=request__id", "sha256")
    list_select_related = ("asset", "request__asset", "request__title")
    date_hierarchy = "started_at"


# --- clearance checks and expiry alerts (read-only: checks are run from the clearance page) -----------

from .models import ClearanceCheck, ClearanceResult, LicenceAlert  # noqa: E402


class ClearanceResultInline(ReadOnlyInline):
    model = ClearanceResult
    fields = ("licence", "verdict", "reasons", "terms")
    readonly_fields = fields


@admin.register(ClearanceCheck)
class ClearanceCheckAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "title",
        "kind",
        "planned_on",
        "verdict",
        "pictures_checked",
        "checked_by",
        "checked_at",
    )
    list_filter = ("kind", "verdict")
    search_fields = ("title__title", "note", "=id")
    list_select_related = ("title", "checked_by")
    date_hierarchy = "checked_at"
    inlines = [ClearanceResultInline]
    view_on_site = True
    show_full_result_count = False

    def get_view_on_site_url(self, obj=None):
        return reverse("rights:clearance-detail", args=[obj.pk]) if obj else None


@admin.register(LicenceAlert)
class LicenceAlertAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "licence", "kind", "window_days", "valid_until", "message")
    list_filter = ("kind", "window_days")
    search_fields = ("licence__asset__getty_id", "key", "message")
    list_select_related = ("licence",)
    date_hierarchy = "created_at"


# Replacements are made by the replacement page's service (rights/services/replacements.py).
from .models import Replacement  # noqa: E402


@admin.register(Replacement)
class ReplacementAdmin(ReadOnlyAdmin):
    list_display = ("id", "licence", "request", "licence_status", "chosen_by", "created_at", "new_licence")
    list_filter = ("licence_status",)
    search_fields = ("=licence__id", "=request__id", "licence__asset__getty_id")
    list_select_related = (
        "licence__asset",
        "licence__title",
        "request__asset",
        "request__title",
        "chosen_by",
    )
    date_hierarchy = "created_at"
