"""The subsidy pages under ``/<municipality_slug>/subsidies/``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from subsidies import views_budgets, views_claims, views_settlement, views_statements, views_years
from subsidies import views_decisions as decisions

app_name = "subsidies"

# Applications, decisions (beschikkingen) and determinations (vaststellingen).
decision_patterns: list[URLPattern | URLResolver] = [
    path("aanvragen/", decisions.application_list, name="application-list"),
    path("aanvragen/nieuw/", decisions.application_submit, name="application-submit"),
    path("beschikkingen/", decisions.decision_list, name="decision-list"),
    path("beschikkingen/nieuw/", decisions.decision_draft, name="decision-draft"),
    path("beschikkingen/<int:pk>/", decisions.decision_detail, name="decision-detail"),
    path("beschikkingen/<int:pk>/wijzigen/", decisions.decision_edit, name="decision-edit"),
    path(
        "beschikkingen/<int:pk>/voorleggen/",
        decisions.decision_transition,
        {"action": "propose"},
        name="decision-propose",
    ),
    path(
        "beschikkingen/<int:pk>/goedkeuren/",
        decisions.decision_transition,
        {"action": "approve"},
        name="decision-approve",
    ),
    path(
        "beschikkingen/<int:pk>/verzenden/",
        decisions.decision_transition,
        {"action": "send"},
        name="decision-send",
    ),
    path("beschikkingen/<int:pk>/pdf", decisions.decision_pdf, name="decision-pdf"),
    path("vaststellingen/", decisions.determination_list, name="determination-list"),
    path("vaststellingen/<int:pk>/", decisions.determination_detail, name="determination-detail"),
    path(
        "vaststellingen/<int:pk>/goedkeuren/",
        decisions.determination_approve,
        name="determination-approve",
    ),
    path("vaststellingen/<int:pk>/pdf", decisions.determination_pdf, name="determination-pdf"),
]

# The account holder's queue, quarter statements and budgets.
statement_patterns: list[URLPattern | URLResolver] = [
    path("", views_statements.queue, name="queue"),
    path("declaraties/", views_statements.statement_list, name="statement-list"),
    path("declaraties/<int:pk>/", views_statements.statement_detail, name="statement-detail"),
    # Settling a quarter: the button, the runs and one run's progress.
    path("declaraties/afrekenen/", views_settlement.settle_start, name="settle"),
    path("afrekeningen/", views_settlement.run_list, name="settlement-run-list"),
    path("afrekeningen/<int:pk>/", views_settlement.run_detail, name="settlement-run"),
    path(
        "afrekeningen/<int:pk>/voortgang/",
        views_settlement.run_progress,
        name="settlement-run-progress",
    ),
    path(
        "declaraties/<int:pk>/bevestigen/",
        views_statements.statement_confirm,
        name="statement-confirm",
    ),
    path(
        "declaraties/<int:pk>/goedkeuren/",
        views_statements.statement_approve,
        name="statement-approve",
    ),
    path(
        "declaraties/<int:pk>/corrigeren/",
        views_statements.statement_correct,
        name="statement-correct",
    ),
    path("budget/", views_budgets.budget_dashboard, name="budget"),
    path("maatwerkbudget/", views_budgets.custom_budget, name="custom-budget"),
]

# Instellingen per jaar: step catalogue, tariffs and budget of one year.
year_patterns: list[URLPattern | URLResolver] = [
    path("jaren/", views_years.year_list, name="year-list"),
    path("jaren/nieuw/", views_years.year_create, name="year-create"),
    path("jaren/<int:year>/", views_years.year_detail, name="year-detail"),
    path("jaren/<int:year>/inrichten/", views_years.year_setup, name="year-setup"),
    path("jaren/<int:year>/treden/nieuw/", views_years.step_create, name="year-step-create"),
    path(
        "jaren/<int:year>/treden/<int:pk>/wijzigen/",
        views_years.step_edit,
        name="year-step-edit",
    ),
    path(
        "jaren/<int:year>/treden/<int:pk>/verwijderen/",
        views_years.step_delete,
        name="year-step-delete",
    ),
    path("jaren/<int:year>/tarieven/", views_years.tariff_update, name="year-tariffs"),
    path(
        "jaren/<int:year>/tarieven/versie/",
        views_years.tariff_version,
        name="year-tariff-version",
    ),
    path("jaren/<int:year>/budget/", views_years.budget_set, name="year-budget"),
]

# Verrekeningen tussen gemeenten: cross-municipal claims and the home municipality's answer.
claim_patterns: list[URLPattern | URLResolver] = [
    path("verrekeningen/", views_claims.claim_list, name="claim-list"),
    path("verrekeningen/<int:pk>/", views_claims.claim_detail, name="claim-detail"),
]

# Other concerns (statements, budgets) add their own list here.
urlpatterns: list[URLPattern | URLResolver] = [
    path("subsidies/", include(decision_patterns)),
    path("subsidies/", include(statement_patterns)),
    path("subsidies/", include(year_patterns)),
    path("subsidies/", include(claim_patterns)),
    path("subsidies/matchingsunit/", include("subsidies.urls_matching_unit")),
    path("subsidies/lumpsum/", include("subsidies.lump_sum.urls")),
]
