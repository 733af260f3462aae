"""The matching unit's subsidy pages, under ``/<municipality_slug>/subsidies/matchingsunit/``
(included in ``subsidies.urls``, so in its namespace)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from subsidies import views_matching_unit as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.overview, name="mu-overview"),
    path("aanvragen/nieuw/", views.application_submit, name="mu-application-submit"),
    path("aanvragen/<int:pk>/beschikking/", views.decision_draft, name="mu-decision-draft"),
    path("beschikkingen/<int:pk>/", views.decision_detail, name="mu-decision-detail"),
    path("beschikkingen/<int:pk>/wijzigen/", views.decision_edit, name="mu-decision-edit"),
    path(
        "beschikkingen/<int:pk>/voorleggen/",
        views.decision_transition,
        {"action": "propose"},
        name="mu-decision-propose",
    ),
    path(
        "beschikkingen/<int:pk>/goedkeuren/",
        views.decision_transition,
        {"action": "approve"},
        name="mu-decision-approve",
    ),
    path(
        "beschikkingen/<int:pk>/verzenden/",
        views.decision_transition,
        {"action": "send"},
        name="mu-decision-send",
    ),
    path("beschikkingen/<int:pk>/pdf", views.decision_pdf, name="mu-decision-pdf"),
    path("kosten/nieuw/", views.cost_record, name="mu-cost-record"),
    path("kosten/<int:pk>/goedkeuren/", views.cost_approve, name="mu-cost-approve"),
]
