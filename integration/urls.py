from django.urls import path

from .views import search, shortlists, sync, titles

app_name = "integration"

urlpatterns = [
    path("", titles.title_list, name="title-list"),
    path("<int:pk>/", titles.title_detail, name="title-detail"),
    path("sync/", sync.sync_status, name="sync-status"),
    # Pictures for a title: search, asset panel, shortlist, visual themes, reference imagery.
    path("<int:pk>/pictures/", search.title_picture_search, name="title-search"),
    path("<int:pk>/pictures/<str:getty_id>/", search.title_picture_detail, name="asset-detail"),
    path("<int:pk>/shortlist/", shortlists.shortlist_add, name="shortlist-add"),
    path("<int:pk>/shortlist/<int:item_id>/remove/", shortlists.shortlist_remove, name="shortlist-remove"),
    path("<int:pk>/shortlist/<int:item_id>/move/", shortlists.shortlist_move, name="shortlist-move"),
    path("<int:pk>/shortlist/<int:item_id>/note/", shortlists.shortlist_note, name="shortlist-note"),
    path("<int:pk>/themes/", shortlists.visual_theme_add, name="visual-theme-add"),
    path(
        "<int:pk>/themes/<int:theme_id>/remove/", shortlists.visual_theme_remove, name="visual-theme-remove"
    ),
    path("<int:pk>/references/", shortlists.reference_image_add, name="reference-image-add"),
    path(
        "<int:pk>/references/<int:reference_id>/remove/",
        shortlists.reference_image_remove,
        name="reference-image-remove",
    ),
]
