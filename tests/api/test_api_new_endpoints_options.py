"""OPTIONS on the report, development, absence, custom-budget and claim endpoints, with every
role: an answer (200, or 403/404 for who may not see it), never a server error."""

from __future__ import annotations

import uuid

import pytest

from tests.api.conftest import url
from tests.conftest import in_tenant, login
from tests.factories import AbsenceSignalFactory, DevelopmentPlanFactory, ReportRunFactory
from tests.factories_subsidies import CrossMunicipalClaimFactory, CustomBudgetExpenseFactory

WHO = ["account_holder", "policy_officer", "consultant", "lwb_a_admin", "lwb_a_supervisor"]


def test_options_never_fails(client, dordrecht):
    m = dordrecht.municipality
    with in_tenant(m):
        signal = AbsenceSignalFactory(municipality=m)
        plan = DevelopmentPlanFactory(municipality=m)
        expense = CustomBudgetExpenseFactory(municipality=m)
        claim = CrossMunicipalClaimFactory(municipality=m)
        run = ReportRunFactory(municipality=m, kind="occupancy")
    tails = [
        "absence-signals",
        f"absence-signals/{signal.id}",
        f"absence-signals/{signal.id}/follow-up",
        "development-plans",
        f"development-plans/{plan.id}",
        f"development-plans/{plan.id}/talks",
        "custom-budget-expenses",
        f"custom-budget-expenses/{expense.id}",
        f"claims/{claim.id}",
        "report-kinds",
        "report-runs",
        f"report-runs/{run.reference}",
        f"report-runs/{run.reference}/files/pdf",
        f"report-runs/{uuid.uuid4()}",
    ]
    failures = []
    for who in WHO:
        login(client, getattr(dordrecht, who))
        for tail in tails:
            status = client.options(url(dordrecht, tail)).status_code
            if status not in (200, 403, 404):
                failures.append((who, tail, status))
    assert failures == []


@pytest.mark.parametrize("who", ["consultant", "lwb_a_admin"])
def test_options_describes_the_post_of_a_list(client, dordrecht, who):
    login(client, getattr(dordrecht, who))
    response = client.options(url(dordrecht, "development-plans"))
    assert response.status_code == 200
