"""Enrolment pages; included without a namespace of their own, so their names stay
``participatie:enrolment-*``."""

from __future__ import annotations

from django.urls import path

from participatie.enrolments import views

urlpatterns = [
    path("leerwerkbedrijven/", views.enrolment_list, name="enrolment-list"),
    path("leerwerkbedrijven/aanmelden/", views.enrolment_register, name="enrolment-register"),
    path("leerwerkbedrijven/<int:pk>/", views.enrolment_detail, name="enrolment-detail"),
    path(
        "leerwerkbedrijven/<int:pk>/status/",
        views.enrolment_transition,
        name="enrolment-transition",
    ),
    path(
        "leerwerkbedrijven/<int:pk>/beoordeling/",
        views.enrolment_assess,
        name="enrolment-assess",
    ),
    path(
        "leerwerkbedrijven/<int:pk>/plekken/",
        views.enrolment_max_places,
        name="enrolment-max-places",
    ),
]
