from __future__ import annotations

from django.urls import include, path

from participatie import region_views
from participatie.reports import urls as reports_urls

app_name = "regio"

urlpatterns = [
    path("", region_views.region_home, name="home"),
    path("", include((reports_urls.region_urlpatterns, reports_urls.app_name))),
]
