"""Report API of a municipality (included under ``/api/v1/<municipality_slug>/``)."""

from __future__ import annotations

from django.urls import path

from participatie.reports.api import views

urlpatterns = [
    path("report-kinds", views.ReportKindListView.as_view(), name="api-reportkind-list"),
    path("report-runs", views.ReportRunListView.as_view(), name="api-reportrun-list"),
    path(
        "report-runs/<uuid:reference>",
        views.ReportRunDetailView.as_view(),
        name="api-reportrun-detail",
    ),
    path(
        "report-runs/<uuid:reference>/files/<slug:fmt>",
        views.ReportRunFileView.as_view(),
        name="api-reportrun-file",
    ),
]
