"""The integration app's API routes, included under /api/ by config/api_urls.py."""

from django.urls import path

from .apis import pictures, shortlists, titles

urlpatterns = [
    path("titles/", titles.TitleListApi.as_view(), name="api-title-list"),
    path("titles/<int:pk>/", titles.TitleDetailApi.as_view(), name="api-title-detail"),
    path("products/", titles.ProductListApi.as_view(), name="api-product-list"),
    path("products/<int:pk>/", titles.ProductDetailApi.as_view(), name="api-product-detail"),
    # Pictures for a title: search, one picture, shortlist, visual themes, reference imagery.
    path(
        "titles/<int:pk>/pictures/", pictures.TitlePictureSearchApi.as_view(), name="api-title-picture-search"
    ),
    path("pictures/<str:getty_id>/", pictures.PictureDetailApi.as_view(), name="api-picture-detail"),
    path("titles/<int:pk>/shortlist/", shortlists.ShortlistApi.as_view(), name="api-shortlist"),
    path(
        "titles/<int:pk>/shortlist/<int:item_id>/",
        shortlists.ShortlistItemApi.as_view(),
        name="api-shortlist-item",
    ),
    path(
        "titles/<int:pk>/shortlist/<int:item_id>/move/",
        shortlists.ShortlistMoveApi.as_view(),
        name="api-shortlist-move",
    ),
    path("titles/<int:pk>/themes/", shortlists.VisualThemeListApi.as_view(), name="api-visual-themes"),
    path(
        "titles/<int:pk>/themes/<int:theme_id>/", shortlists.VisualThemeApi.as_view(), name="api-visual-theme"
    ),
    path(
        "titles/<int:pk>/reference-images/",
        shortlists.ReferenceImageListApi.as_view(),
        name="api-reference-images",
    ),
    path(
        "titles/<int:pk>/reference-images/<int:reference_id>/",
        shortlists.ReferenceImageApi.as_view(),
        name="api-reference-image",
    ),
]
