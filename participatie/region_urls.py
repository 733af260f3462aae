from __future__ import annotations

from django.urls import include, path

from participatie import region_pages, region_views
from participatie.capacity import views as capacity_views
from participatie.reports import urls as reports_urls

app_name = "regio"

urlpatterns = [
    path("", region_views.region_home, name="home"),
    path("capaciteit/", capacity_views.capacity, name="capacity"),
    path("", include((reports_urls.region_urlpatterns, reports_urls.app_name))),
    # Pages of other apps (the budget key, the effort obligations: subsidies).
    path("", include(region_pages.region_urlpatterns())),
]
