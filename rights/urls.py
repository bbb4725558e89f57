from django.urls import path

from . import views

app_name = "rights"

urlpatterns = [
    path("licences/", views.licence_list, name="licence-list"),
    path("licences/<id:pk>/", views.licence_detail, name="licence-detail"),
    path("licences/<id:pk>/file/", views.licence_file, name="licence-file"),
    path("licences/<id:pk>/fetch-file/", views.licence_fetch_file, name="licence-fetch-file"),
    path("licences/<id:pk>/terms/", views.licence_terms, name="licence-terms"),
    path("requests/<id:pk>/license/", views.license_request, name="license-request"),
]

# The Rights dashboard (the Rights navigation entry) and the exports: rights/dashboard_views.py,
# rights/export_views.py.
from . import dashboard_views, export_views  # noqa: E402

urlpatterns += [
    path("", dashboard_views.dashboard, name="dashboard"),
    path("permissions-log.csv", export_views.permissions_log_all, name="permissions-log"),
    path(
        "titles/<id:pk>/permissions-log.csv",
        export_views.permissions_log_title,
        name="title-permissions-log",
    ),
    path("titles/<id:pk>/evidence-pack.zip", export_views.evidence_pack_title, name="title-evidence-pack"),
]
