from __future__ import annotations

from django.urls import path

from participatie import views

app_name = "participatie"

urlpatterns = [
    path("", views.tenant_home, name="tenant-home"),
]
