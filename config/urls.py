from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

# Imported for its effect: registers the <id:...> and <getty_id:...> path converters the
# included urls.py files use, before they are loaded.
from . import (
    converters,  # noqa: F401
    health,
    views,
)

# Resolved on first use: the production storage's manifest names the hashed file.
FAVICON = RedirectView.as_view(url=lazy(static, str)("favicon.svg"), permanent=True)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages that name no icon (the vendor's pages, files); ours is an SVG.
    path("favicon.ico", login_not_required(FAVICON), name="favicon"),
    path("accounts/", include("accounts.urls")),
    path("titles/", include("integration.urls")),
    path("approvals/", include("approvals.urls")),
    path("rights/", include("rights.urls")),
    # Signed, expiring links to stored files for Consonance to fetch (integration/file_links.py).
    path("files/", include("integration.file_urls")),
    path("api/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as its own URL: the CSP forbids inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
