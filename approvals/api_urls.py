from django.urls import path

from . import apis

app_name = "approvals-api"

urlpatterns = [
    path("requests/", apis.RequestListApi.as_view(), name="requests"),
    path("requests/<id:pk>/", apis.RequestDetailApi.as_view(), name="request"),
    path("requests/<id:pk>/resubmit/", apis.RequestResubmitApi.as_view(), name="request-resubmit"),
    path("requests/<id:pk>/<str:action>/", apis.RequestActionApi.as_view(), name="request-action"),
    path("bulk-approve/", apis.BulkApproveApi.as_view(), name="bulk-approve"),
]
