from django.urls import path

from .views import outbox, search, shortlists, sync, titles

app_name = "integration"

urlpatterns = [
    path("", titles.title_list, name="title-list"),
    path("<id:pk>/", titles.title_detail, name="title-detail"),
    path("sync/", sync.sync_status, name="sync-status"),
    # Writes to Consonance: the health page for staff, reconciliation, and retrying a dead write.
    # (Not under sync/: the menu marks the entry whose first 12 characters of path match the page's.)
    path("outbox/", outbox.sync_health, name="sync-health"),
    path("outbox/reconcile/", outbox.reconcile_now, name="sync-reconcile"),
    path("outbox/<id:pk>/retry/", outbox.outbox_retry_view, name="outbox-retry"),
    # Pictures for a title: search, asset panel, shortlist, visual themes, reference imagery.
    path("<id:pk>/pictures/", search.title_picture_search, name="title-search"),
    path("<id:pk>/pictures/<getty_id:getty_id>/", search.title_picture_detail, name="asset-detail"),
    path("<id:pk>/shortlist/", shortlists.shortlist_add, name="shortlist-add"),
    path("<id:pk>/shortlist/<id:item_id>/remove/", shortlists.shortlist_remove, name="shortlist-remove"),
    path("<id:pk>/shortlist/<id:item_id>/move/", shortlists.shortlist_move, name="shortlist-move"),
    path("<id:pk>/shortlist/<id:item_id>/note/", shortlists.shortlist_note, name="shortlist-note"),
    path("<id:pk>/themes/", shortlists.visual_theme_add, name="visual-theme-add"),
    path("<id:pk>/themes/<id:theme_id>/remove/", shortlists.visual_theme_remove, name="visual-theme-remove"),
    path("<id:pk>/references/", shortlists.reference_image_add, name="reference-image-add"),
    path(
        "<id:pk>/references/<id:reference_id>/remove/",
        shortlists.reference_image_remove,
        name="reference-image-remove",
    ),
]
