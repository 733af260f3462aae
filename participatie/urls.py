from __future__ import annotations

from django.urls import include, path

from participatie import views

app_name = "participatie"

urlpatterns = [
    path("", views.tenant_home, name="tenant-home"),
    path("leerwerkbedrijven/", views.enrolment_list, name="enrolment-list"),
    path("leerwerkbedrijven/aanmelden/", views.enrolment_register, name="enrolment-register"),
    path("leerwerkbedrijven/<int:pk>/", views.enrolment_detail, name="enrolment-detail"),
    path(
        "leerwerkbedrijven/<int:pk>/status/",
        views.enrolment_transition,
        name="enrolment-transition",
    ),
    path("", include("participatie.placements.urls")),
    path("", include("participatie.attendance.urls")),
    path("", include("participatie.absence.urls")),
    path("", include("participatie.development.urls")),
    path("", include("participatie.reports.urls")),
]
