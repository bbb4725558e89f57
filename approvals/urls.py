from django.urls import path

from . import views

app_name = "approvals"

urlpatterns = [
    path("queue/", views.queue, name="queue"),
    path("mine/", views.my_requests, name="my-requests"),
    path("requests/<int:pk>/", views.request_detail, name="request-detail"),
]
