"""Development plan API of a municipality (included under ``/api/v1/<municipality_slug>/``)."""

from __future__ import annotations

from django.urls import path

from participatie.development.api import views

urlpatterns = [
    path(
        "development-plans",
        views.DevelopmentPlanListView.as_view(),
        name="api-developmentplan-list",
    ),
    path(
        "development-plans/<int:pk>",
        views.DevelopmentPlanDetailView.as_view(),
        name="api-developmentplan-detail",
    ),
    path(
        "development-plans/<int:pk>/talks",
        views.DevelopmentTalkRecordView.as_view(),
        name="api-developmentplan-talks",
    ),
]
