from __future__ import annotations

from django.urls import include, path

from participatie import region_views

app_name = "regio"

urlpatterns = [
    path("", region_views.region_home, name="home"),
    path("", include("participatie.reports.urls")),
]
