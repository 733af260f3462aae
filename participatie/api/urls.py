"""The core's API of one municipality (under ``/api/v1/<municipality_slug>/``): each feature
brings its own ``api/urls.py``."""

from __future__ import annotations

from django.urls import include, path

urlpatterns = [
    path("", include("participatie.enrolments.api.urls")),
    path("", include("participatie.placements.api.urls")),
    path("", include("participatie.participants.api.urls")),
    path("", include("participatie.attendance.api.urls")),
    path("", include("participatie.absence.api.urls")),
    path("", include("participatie.development.api.urls")),
    path("", include("participatie.reports.api.urls")),
]
