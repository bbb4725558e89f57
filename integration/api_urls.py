"""The integration app's API routes, included under /api/ by config/api_urls.py."""

from django.urls import path

from .apis import titles

urlpatterns = [
    path("titles/", titles.TitleListApi.as_view(), name="api-title-list"),
    path("titles/<int:pk>/", titles.TitleDetailApi.as_view(), name="api-title-detail"),
    path("products/", titles.ProductListApi.as_view(), name="api-product-list"),
    path("products/<int:pk>/", titles.ProductDetailApi.as_view(), name="api-product-detail"),
]
