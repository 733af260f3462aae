"""Absence signal API of a municipality (included under ``/api/v1/<municipality_slug>/``)."""

from __future__ import annotations

from django.urls import path

from participatie.absence.api import views

urlpatterns = [
    path("absence-signals", views.AbsenceSignalListView.as_view(), name="api-absencesignal-list"),
    path(
        "absence-signals/<int:pk>",
        views.AbsenceSignalDetailView.as_view(),
        name="api-absencesignal-detail",
    ),
    path(
        "absence-signals/<int:pk>/follow-up",
        views.AbsenceSignalFollowUpView.as_view(),
        name="api-absencesignal-follow-up",
    ),
]
