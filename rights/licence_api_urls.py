"""The licences API's routes (rights/licence_apis.py), included under /api/rights/ by config/api_urls.py."""

from django.urls import path

from . import licence_apis

app_name = "licences-api"

urlpatterns = [
    path("licences/", licence_apis.LicenceListApi.as_view(), name="licences"),
    path("licences/<id:pk>/", licence_apis.LicenceDetailApi.as_view(), name="licence"),
    path("usages/", licence_apis.UsageListApi.as_view(), name="usages"),
    path("permissions-log/", licence_apis.PermissionsLogApi.as_view(), name="permissions-log"),
    path("titles/<id:pk>/evidence-pack/", licence_apis.EvidencePackApi.as_view(), name="evidence-pack"),
]
