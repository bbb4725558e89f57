"""The rights API's routes, included under /api/rights/ by config/api_urls.py."""

from django.urls import path

from . import clearance_apis

app_name = "rights-api"

urlpatterns = [
    path("clearance-checks/", clearance_apis.ClearanceCheckListApi.as_view(), name="clearance-checks"),
    path(
        "clearance-checks/<id:pk>/", clearance_apis.ClearanceCheckDetailApi.as_view(), name="clearance-check"
    ),
    path(
        "clearance-checks/<id:pk>/record-printing/",
        clearance_apis.ClearanceRecordPrintingApi.as_view(),
        name="clearance-record-printing",
    ),
]
