from __future__ import annotations

from django.urls import include, path

from participatie import views

app_name = "participatie"

urlpatterns = [
    path("", views.tenant_home, name="tenant-home"),
    path("", include("participatie.enrolments.urls")),
    path("", include("participatie.placements.urls")),
    path("", include("participatie.attendance.urls")),
    path("", include("participatie.absence.urls")),
    path("", include("participatie.development.urls")),
    path("", include("participatie.reports.urls")),
    path("", include("participatie.privacy.urls")),
    path("", include("participatie.platform.tenant_urls")),
]
