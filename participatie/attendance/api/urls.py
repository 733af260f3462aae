"""Attendance API of a municipality (included under ``/api/v1/<municipality_slug>/``)."""

from __future__ import annotations

from django.urls import path

from participatie.attendance.api import views

urlpatterns = [
    path("attendance", views.AttendanceView.as_view(), name="api-attendance"),
]
