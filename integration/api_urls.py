"""The integration app's API routes, included under /api/ by config/api_urls.py."""

from django.urls import path

from .apis import outbox, pictures, shortlists, titles

urlpatterns = [
    path("titles/", titles.TitleListApi.as_view(), name="api-title-list"),
    path("titles/<id:pk>/", titles.TitleDetailApi.as_view(), name="api-title-detail"),
    path("products/", titles.ProductListApi.as_view(), name="api-product-list"),
    path("products/<id:pk>/", titles.ProductDetailApi.as_view(), name="api-product-detail"),
    # Pictures for a title: search, one picture, shortlist, visual themes, reference imagery.
    path(
        "titles/<id:pk>/pictures/", pictures.TitlePictureSearchApi.as_view(), name="api-title-picture-search"
    ),
    path("pictures/<getty_id:getty_id>/", pictures.PictureDetailApi.as_view(), name="api-picture-detail"),
    path("titles/<id:pk>/shortlist/", shortlists.ShortlistApi.as_view(), name="api-shortlist"),
    path(
        "titles/<id:pk>/shortlist/<id:item_id>/",
        shortlists.ShortlistItemApi.as_view(),
        name="api-shortlist-item",
    ),
    path(
        "titles/<id:pk>/shortlist/<id:item_id>/move/",
        shortlists.ShortlistMoveApi.as_view(),
        name="api-shortlist-move",
    ),
    path("titles/<id:pk>/themes/", shortlists.VisualThemeListApi.as_view(), name="api-visual-themes"),
    path(
        "titles/<id:pk>/themes/<id:theme_id>/", shortlists.VisualThemeApi.as_view(), name="api-visual-theme"
    ),
    path(
        "titles/<id:pk>/reference-images/",
        shortlists.ReferenceImageListApi.as_view(),
        name="api-reference-images",
    ),
    path(
        "titles/<id:pk>/reference-images/<id:reference_id>/",
        shortlists.ReferenceImageApi.as_view(),
        name="api-reference-image",
    ),
    # Writes to Consonance: of a record (?source_type=&source_id=), of a title, and retrying a dead one.
    path("outbox/", outbox.OutboxListApi.as_view(), name="api-outbox"),
    path("titles/<id:pk>/outbox/", outbox.TitleOutboxApi.as_view(), name="api-title-outbox"),
    path("outbox/<id:pk>/retry/", outbox.OutboxRetryApi.as_view(), name="api-outbox-retry"),
]
