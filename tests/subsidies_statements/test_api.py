"""The subsidies API: tariffs, budgets, statements (+ lines) with filters, confirm and approve,
determinations and claims; per role, problem+json errors, constant query counts."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from participatie.models import Enrolment
from subsidies.models import PaymentInstruction
from subsidies.services.settlement import quarter_settle
from tests.conftest import in_tenant, login
from tests.factories_subsidies import (
    CrossMunicipalClaimFactory,
    DeterminationFactory,
    MunicipalBudgetFactory,
)
from tests.subsidies.test_settle_quarter import place
from tests.subsidies_statements.conftest import settle

API = "/api/v1/dordrecht"


def post(client, path):
    return client.post(path, {}, content_type="application/json")


def test_statements_with_lines_and_filters(client, dordrecht, draft):
    login(client, dordrecht.account_holder)
    body = client.get(f"{API}/statements?year=2022&quarter=1&status=draft").json()
    assert body["count"] == 1
    (statement,) = body["results"]
    assert statement["total"] == "443.49" and statement["company"] == "Kringloop Dordrecht"
    assert [line["amount"] for line in statement["lines"]] == ["157.53", "210.96"]
    assert client.get(f"{API}/statements?status=approved").json()["count"] == 0
    assert client.get(f"{API}/statements?quarter=2").json()["count"] == 0
    assert client.get(f"{API}/statements/{draft.pk}").json()["payable_now"] == "354.79"


def test_confirm_and_approve_through_the_api(client, dordrecht, draft):
    login(client, dordrecht.account_holder)
    response = post(client, f"{API}/statements/{draft.pk}/confirm")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    login(client, dordrecht.lwb_a_admin)
    assert post(client, f"{API}/statements/{draft.pk}/confirm").json()["status"] == "confirmed"
    assert post(client, f"{API}/statements/{draft.pk}/approve").status_code == 403
    login(client, dordrecht.account_holder)
    assert post(client, f"{API}/statements/{draft.pk}/approve").json()["status"] == "approved"
    again = post(client, f"{API}/statements/{draft.pk}/approve")
    assert again.status_code == 409 and again["Content-Type"] == "application/problem+json"
    assert "al goedgekeurd" in again.json()["detail"]
    with in_tenant(dordrecht.municipality):
        assert PaymentInstruction.objects.count() == 1


def test_editing_a_statement_is_not_offered(client, dordrecht, draft):
    login(client, dordrecht.account_holder)
    response = client.patch(
        f"{API}/statements/{draft.pk}", {"total": "1.00"}, content_type="application/json"
    )
    assert response.status_code == 405


def test_company_users_see_their_own_statements_only(client, dordrecht, zwijndrecht, draft):
    login(client, dordrecht.lwb_b_admin)
    assert client.get(f"{API}/statements").json()["count"] == 0
    assert client.get(f"{API}/statements/{draft.pk}").status_code == 404
    assert post(client, f"{API}/statements/{draft.pk}/confirm").status_code == 404
    login(client, dordrecht.lwb_a_supervisor)
    assert client.get(f"{API}/statements").json()["count"] == 1
    login(client, zwijndrecht.account_holder)
    assert client.get(f"/api/v1/zwijndrecht/statements/{draft.pk}").status_code == 404


def test_tariffs_budgets_determinations_and_claims(client, dordrecht, zwijndrecht, draft):
    with in_tenant(dordrecht.municipality):
        MunicipalBudgetFactory(municipality=dordrecht.municipality, year=2022)
        enrolment = Enrolment.objects.get(organisation=dordrecht.lwb_a)
        DeterminationFactory(municipality=dordrecht.municipality, enrolment=enrolment, year=2022)
        CrossMunicipalClaimFactory(
            municipality=dordrecht.municipality, counterpart=zwijndrecht.municipality
        )
    login(client, dordrecht.policy_officer)
    (tariff,) = client.get(f"{API}/tariffs?year=2022").json()["results"]
    assert {s["step"]: s["annual_amount"] for s in tariff["steps"]} == {
        "basis": "2500.00",
        "plus": "3500.00",
    }
    assert client.get(f"{API}/tariffs/{tariff['id']}").json()["base_fee"] == "300.00"
    assert client.get(f"{API}/budgets?year=2022").json()["results"][0]["allocated"] == "1162448.00"
    assert client.get(f"{API}/determinations").json()["count"] == 1
    assert client.get(f"{API}/claims").json()["count"] == 1
    login(client, dordrecht.lwb_b_admin)
    assert client.get(f"{API}/determinations").json()["count"] == 0
    assert client.get(f"{API}/budgets").status_code == 403
    assert client.get(f"{API}/claims").status_code == 403


def _queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_statement_list_takes_a_constant_number_of_queries(client, dordrecht):
    # Full advance: SQLite stores decimals as floats, so its CHECK "total = payable_now +
    # held" can miss by a float ulp on some 80/20 sums (PostgreSQL compares exact numerics).
    settle(dordrecht, advance_model="full_advance")
    login(client, dordrecht.account_holder)
    client.get(f"{API}/statements")  # the first request after login also touches the session
    one = _queries(client, f"{API}/statements")
    with in_tenant(dordrecht.municipality):
        enrolment_b = Enrolment.objects.get(organisation=dordrecht.lwb_b)
    spec = {"start": "2022-01-03", "end": None, "steps": [["2022-01-03", "basis"]]}
    for _ in range(3):
        place(dordrecht, enrolment_b, spec)
    with in_tenant(dordrecht.municipality):
        quarter_settle(
            municipality=dordrecht.municipality,
            year=2022,
            quarter=1,
            today=datetime.date(2022, 4, 5),
        )
    assert client.get(f"{API}/statements").json()["count"] == 2
    assert _queries(client, f"{API}/statements") == one
    assert _queries(client, f"{API}/tariffs") == _queries(client, f"{API}/tariffs")
