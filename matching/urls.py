"""The matching unit's pages under ``/<municipality_slug>/``."""

from __future__ import annotations

from django.urls import path

from matching import views
from matching.imports import urls as import_urls
from matching.partners import urls as partner_urls

app_name = "matching"

urlpatterns = [
    path("aanmeldingen/", views.work_queues, name="work-queues"),
    path("aanmeldingen/nieuw/", views.referral_register, name="referral-register"),
    path("aanmeldingen/<int:pk>/", views.referral_detail, name="referral-detail"),
    path("aanmeldingen/<int:pk>/intake/", views.intake_record, name="intake-record"),
    path("aanmeldingen/<int:pk>/uitkomst/", views.intake_conclude, name="intake-conclude"),
    path("aanmeldingen/<int:pk>/zoeken/", views.matching_search, name="matching-search"),
    path(
        "aanmeldingen/<int:pk>/plaatsen/<int:enrolment_pk>/",
        views.intake_place,
        name="intake-place",
    ),
    path("bezetting/", views.occupancy_panel, name="occupancy"),
    path("deelnemers/", views.participant_list, name="participant-list"),
    *import_urls.urlpatterns,
    # Referrals by partners (issue 16).
    *partner_urls.urlpatterns,
]
