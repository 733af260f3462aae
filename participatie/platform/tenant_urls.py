"""The municipality's own read-only page about its service areas; included in
``participatie.urls`` without a namespace of its own (``participatie:matching-units``)."""

from __future__ import annotations

from django.urls import path

from participatie.platform import views

urlpatterns = [
    path("matchingsunits/", views.matching_units, name="matching-units"),
]
