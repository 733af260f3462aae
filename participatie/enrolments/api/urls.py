"""API of the enrolments (under ``/api/v1/<municipality>/``)."""

from __future__ import annotations

from django.urls import path

from participatie.enrolments.api import views

urlpatterns = [
    path("enrolments", views.EnrolmentListView.as_view(), name="api-enrolment-list"),
    path("enrolments/<int:pk>", views.EnrolmentDetailView.as_view(), name="api-enrolment-detail"),
]
