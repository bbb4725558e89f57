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
