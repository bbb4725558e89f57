from django.urls import path

from . import replacement_views, views

app_name = "rights"

urlpatterns = [
    path("licences/", views.licence_list, name="licence-list"),
    path("licences/<id:pk>/", views.licence_detail, name="licence-detail"),
    path("licences/<id:pk>/file/", views.licence_file, name="licence-file"),
    path("licences/<id:pk>/fetch-file/", views.licence_fetch_file, name="licence-fetch-file"),
    path("licences/<id:pk>/terms/", views.licence_terms, name="licence-terms"),
    path("licences/<id:pk>/replacement/", replacement_views.replacement_find, name="replacement-find"),
    path(
        "licences/<id:pk>/replacement/<getty_id:getty_id>/",
        replacement_views.replacement_choose_view,
        name="replacement-choose",
    ),
    path("requests/<id:pk>/license/", views.license_request, name="license-request"),
]

# Clearance checks (rights/clearance_views.py).
from . import clearance_views  # noqa: E402

urlpatterns += [
    path("titles/<id:pk>/clearance/", clearance_views.clearance_new, name="clearance-new"),
    path("clearance/", clearance_views.clearance_list, name="clearance-list"),
    path("clearance/<id:pk>/", clearance_views.clearance_detail, name="clearance-detail"),
    path(
        "clearance/<id:pk>/record-printing/",
        clearance_views.clearance_record_printing_view,
        name="clearance-record-printing",
    ),
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
