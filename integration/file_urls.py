from django.urls import path

from .views import file_links

app_name = "files"

urlpatterns = [
    path("<str:token>/<str:file_name>", file_links.signed_file, name="signed-file"),
]
