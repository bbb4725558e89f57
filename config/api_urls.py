"""Every app's API under /api/. Each app adds its routes to its own `apis.py` and is included here."""

from django.urls import include, path

urlpatterns: list = [
    path("approvals/", include("approvals.api_urls")),
    path("rights/", include("rights.api_urls")),
    path("", include("integration.api_urls")),
    path("rights/", include("rights.licence_api_urls")),
]
