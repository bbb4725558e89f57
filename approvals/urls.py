from django.urls import path

from . import views

app_name = "approvals"

urlpatterns = [
    path("queue/", views.queue, name="queue"),
    path("queue/approve/", views.bulk_approve, name="bulk-approve"),
    path("mine/", views.my_requests, name="my-requests"),
    path("requests/<id:pk>/", views.request_detail, name="request-detail"),
    path("requests/<id:pk>/act/", views.request_act, name="request-act"),
    path("requests/<id:pk>/edit/", views.request_edit, name="request-edit"),
    path("titles/<id:title_id>/submit/", views.submit, name="submit"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications-read"),
]
