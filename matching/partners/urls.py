"""Partner pages under ``/<municipality_slug>/`` (included in ``matching.urls``, so in the
``matching`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path

from matching.partners import views

urlpatterns: list[URLPattern] = [
    path("verwijzingen/", views.referral_list, name="partner-referral-list"),
    path("verwijzingen/nieuw/", views.referral_submit, name="partner-referral-submit"),
    path("verwijzingen/<int:pk>/toestemming/", views.client_consent, name="partner-client-consent"),
    path("verwijzingen/<int:pk>/gezien/", views.paid_work_seen, name="partner-paid-work-seen"),
    path("aanmeldingen/binnengekomen/<int:pk>/", views.inbound_detail, name="partner-inbound"),
    path(
        "verwijzingen/kwartaalrapportages/",
        views.quarterly_reports,
        name="partner-quarterly-reports",
    ),
    path(
        "verwijzingen/kwartaalrapportages/<uuid:reference>/<str:fmt>/",
        views.quarterly_report_download,
        name="partner-quarterly-download",
    ),
]
