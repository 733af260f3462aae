"""Placement pages of a municipality (included under ``/<municipality_slug>/``)."""

from __future__ import annotations

from django.urls import path

from participatie.placements import views

app_name = "placements"

urlpatterns = [
    path("plaatsingen/", views.placement_list, name="placement-list"),
    path("plaatsingen/<int:pk>/", views.placement_detail, name="placement-detail"),
    path("plaatsingen/<int:pk>/trede-advies/", views.step_advise, name="step-advise"),
    path("plaatsingen/<int:pk>/beeindigen/", views.placement_end, name="placement-end"),
    path("inschalingen/<int:pk>/besluiten/", views.step_decide, name="step-decide"),
    path("inschalingen/<int:pk>/bezwaar/", views.objection_raise, name="objection-raise"),
    path("bezwaren/<int:pk>/behandelen/", views.objection_handle, name="objection-handle"),
    path("besluiten/", views.decision_queue, name="decision-queue"),
]
