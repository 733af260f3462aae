"""The privacy officer's pages (included under ``/<municipality_slug>/``)."""

from __future__ import annotations

from django.urls import path

from participatie.privacy import views

app_name = "privacy"

urlpatterns = [
    path("privacy/", views.home, name="home"),
    path("privacy/personen/<uuid:reference>/", views.person, name="person"),
    path(
        "privacy/personen/<uuid:reference>/inzage.<str:fmt>",
        views.person_export,
        name="person-export",
    ),
    path("privacy/personen/<uuid:reference>/bewaarplicht/", views.legal_hold, name="legal-hold"),
    path("privacy/personen/<uuid:reference>/verzoek/", views.request_record, name="request-new"),
    path("privacy/verzoeken/<int:pk>/", views.request_decide, name="request-decide"),
    path("privacy/inzagelog/", views.read_log, name="read-log"),
    path("privacy/inzagelog/export.csv", views.read_log_export, name="read-log-export"),
    path("privacy/wijzigingen/", views.change_log, name="change-log"),
    path("privacy/wijzigingen/export.csv", views.change_log_export, name="change-log-export"),
    path("privacy/bewaartermijnen/", views.retention_settings, name="retention"),
]
