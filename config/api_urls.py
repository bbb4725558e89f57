"""Every app's API under /api/. Each app adds its routes to its own `apis.py` and is included here."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
