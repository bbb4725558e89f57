from django.urls import path

from .views import sync, titles

app_name = "integration"

urlpatterns = [
    path("", titles.title_list, name="title-list"),
    path("<int:pk>/", titles.title_detail, name="title-detail"),
    path("sync/", sync.sync_status, name="sync-status"),
]
