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
