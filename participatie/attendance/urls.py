"""Attendance pages of a municipality (included under ``/<municipality_slug>/``)."""

from __future__ import annotations

from django.urls import path

from participatie.attendance import views

app_name = "attendance"

urlpatterns = [
    path("aanwezigheid/", views.grid, name="grid"),
    path("aanwezigheid/cel/<int:placement_pk>/", views.cell, name="cell"),
    path("aanwezigheid/week/", views.week_action, name="week-action"),
    path("aanwezigheid/vergrendeling/", views.lock, name="lock"),
    path("aanwezigheid/controle/", views.check_overview, name="check"),
    path(
        "aanwezigheid/controle/<int:enrolment_pk>/",
        views.check_company,
        name="check-company",
    ),
]
