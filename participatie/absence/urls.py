"""Absence signal pages (included under ``/<municipality_slug>/``)."""

from __future__ import annotations

from django.urls import path

from participatie.absence import views

app_name = "absence"

urlpatterns = [
    path("signalen/", views.signal_list, name="signal-list"),
    path("signalen/<int:pk>/", views.signal_detail, name="signal-detail"),
]
