"""Report pages, included twice: under ``/<municipality_slug>/`` (namespace
``participatie:reports``) and under ``/regio/<region_slug>/`` (``regio:reports``)."""

from __future__ import annotations

from django.urls import path

from participatie.reports import views

app_name = "reports"

urlpatterns = [
    path("rapportages/", views.run_list, name="run-list"),
    path("rapportages/nieuw/<slug:kind>/", views.run_request, name="run-request"),
    path("rapportages/<uuid:reference>/", views.run_detail, name="run-detail"),
    path("rapportages/<uuid:reference>/voortgang/", views.run_progress, name="run-progress"),
    path("rapportages/<uuid:reference>/<slug:fmt>", views.run_download, name="run-download"),
]
