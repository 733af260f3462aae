"""API of the participants (under ``/api/v1/<municipality>/``)."""

from __future__ import annotations

from django.urls import path

from participatie.participants.api import views

urlpatterns = [
    path("participants", views.ParticipantListView.as_view(), name="api-participant-list"),
    path(
        "participants/<int:pk>",
        views.ParticipantDetailView.as_view(),
        name="api-participant-detail",
    ),
]
