"""The public form under ``/aanmelden/``: no account, no tenant in the URL."""

from __future__ import annotations

from django.urls import URLPattern, path

from matching.partners import views

app_name = "public"

urlpatterns: list[URLPattern] = [
    path("", views.public_interest, name="interest"),
    path("verstuurd/", views.public_interest_done, name="interest-done"),
]
