"""The matching unit's subsidy through the API: the unit applies and records its costs, an
account holder drafts, proposes and sends, a second one approves (four eyes); bad input is
problem+json naming the field and nothing is saved."""

from __future__ import annotations

from decimal import Decimal

import pytest

from subsidies.choices import DecisionStatus
from subsidies.models import MatchingUnitApplication, MatchingUnitCost, MatchingUnitDecision
from tests.api.conftest import PROBLEM, fields_of, get, messages_of, post, url
from tests.conftest import in_tenant, login
from tests.factories import OrganisationFactory, ServiceAreaFactory
from tests.subsidies_matching_unit.helpers import YEAR, apply, pdf_text, record, setup_money

pytestmark = pytest.mark.django_db
E = Decimal


def mu(side, tail: str) -> str:
    return url(side, f"matching-unit/{tail}")


def patch(client, user, path: str, data: dict):
    login(client, user)
    return client.patch(path, data, content_type="application/json")


def test_decision_flow_through_the_api(client, dordrecht):
    setup_money(dordrecht, advance_model="quarterly_80_20")
    response = post(
        client,
        dordrecht.consultant,
        mu(dordrecht, "applications"),
        {"year": YEAR, "amount": "225336.00", "note": "Vier taken."},
    )
    assert response.status_code == 201, response.content
    application = response.json()
    assert application["matching_unit"] == dordrecht.matching_unit.pk
    assert application["matching_unit_name"] == "MU Dordrecht"
    assert (application["amount"], application["status"]) == ("225336.00", "open")

    response = post(
        client,
        dordrecht.account_holder,
        mu(dordrecht, "decisions"),
        {"application": application["id"], "amount": "200.000,00"},
    )
    assert response.status_code == 201, response.content
    decision = response.json()
    assert (decision["status"], decision["amount"], decision["requested"]) == (
        "draft",
        "200000.00",
        "225336.00",
    )
    assert [row["amount"] for row in decision["schedule"]] == [
        "40000.00",
        "40000.00",
        "40000.00",
        "40000.00",
        "40000.00",
    ]
    assert "drafted_by" not in decision  # no person's name in the API
    detail = mu(dordrecht, f"decisions/{decision['id']}")
    changed = patch(client, dordrecht.account_holder, detail, {"amount": "210000"})
    assert changed.status_code == 200 and changed.json()["amount"] == "210000.00"
    assert post(client, dordrecht.account_holder, f"{detail}/propose").json()["status"] == (
        "proposed"
    )
    refused = post(client, dordrecht.account_holder, f"{detail}/approve")
    assert refused.status_code == 400 and refused["Content-Type"] == PROBLEM
    assert "vier-ogenprincipe" in messages_of(refused)
    body = post(client, dordrecht.second_account_holder, f"{detail}/approve").json()
    assert body["status"] == "approved" and body["letter_available"] is True
    assert body["payments"] == []  # quarterly: nothing before a quarter's cost is approved
    letter = get(client, dordrecht.consultant, f"{detail}/pdf")
    assert letter["Content-Disposition"] == (
        'attachment; filename="beschikking-matchingsunit-2022.pdf"'
    )
    assert "€ 210.000,00" in pdf_text(b"".join(letter.streaming_content))
    assert post(client, dordrecht.account_holder, f"{detail}/send").json()["status"] == "sent"

    # The unit records Q1; an account holder approves it and the quarter's 80 % is paid.
    response = post(
        client,
        dordrecht.consultant,
        mu(dordrecht, "costs"),
        {"year": YEAR, "quarter": 1, "amount": "56.334,25", "account": "32 intakes."},
    )
    assert response.status_code == 201, response.content
    cost = response.json()
    assert (cost["amount"], cost["status"]) == ("56334.25", "recorded")
    assert (
        post(client, dordrecht.consultant, mu(dordrecht, f"costs/{cost['id']}/approve")).status_code
        == 403
    )
    approved = post(client, dordrecht.account_holder, mu(dordrecht, f"costs/{cost['id']}/approve"))
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    payments = get(client, dordrecht.consultant, detail).json()["payments"]
    assert [(p["kind"], p["quarter"], p["amount"]) for p in payments] == [
        ("quarter", 1, "42000.00")
    ]


def test_the_unit_lists_only_its_own_and_only_approved_decisions(client, dordrecht):
    setup_money(dordrecht)
    application = apply(dordrecht)
    post(
        client,
        dordrecht.account_holder,
        mu(dordrecht, "decisions"),
        {"application": application.pk, "amount": "1000"},
    )
    listed = get(client, dordrecht.consultant, mu(dordrecht, "decisions")).json()
    assert listed["results"] == []
    assert [
        a["id"]
        for a in get(client, dordrecht.consultant, mu(dordrecht, "applications")).json()["results"]
    ] == [application.pk]
    listed = get(client, dordrecht.account_holder, mu(dordrecht, "decisions?status=draft"))
    assert len(listed.json()["results"]) == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"year": YEAR, "amount": "12,345"}, "amount"),
        ({"year": YEAR, "amount": "veel"}, "amount"),
        ({"year": YEAR, "amount": ""}, "amount"),
        ({"year": YEAR}, "amount"),
        ({"year": "twee", "amount": "5"}, "year"),
        ({"year": 1999, "amount": "5"}, "year"),
        ({"year": YEAR, "amount": "5", "matching_unit": 999_999}, "matching_unit"),
    ],
)
def test_bad_application_input_is_problem_json_naming_the_field(client, dordrecht, body, field):
    response = post(client, dordrecht.consultant, mu(dordrecht, "applications"), body)
    assert fields_of(response) == {field}
    with in_tenant(dordrecht.municipality):
        assert not MatchingUnitApplication.objects.exists()


def test_dutch_amount_errors_are_dutch(client, dordrecht):
    response = post(
        client,
        dordrecht.consultant,
        mu(dordrecht, "applications"),
        {"year": YEAR, "amount": "12,345"},
    )
    assert messages_of(response) == "Een bedrag heeft hoogstens twee decimalen."


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"quarter": 5}, "quarter"),
        ({"quarter": "x"}, "quarter"),
        ({"account": ""}, "account"),
        ({"amount": "1000,001"}, "amount"),
    ],
)
def test_bad_cost_input_is_problem_json_naming_the_field(client, dordrecht, body, field):
    data = {"year": YEAR, "quarter": 1, "amount": "1000", "account": "Uren.", **body}
    response = post(client, dordrecht.consultant, mu(dordrecht, "costs"), data)
    assert fields_of(response) == {field}
    with in_tenant(dordrecht.municipality):
        assert not MatchingUnitCost.objects.exists()


def test_draft_input_errors_name_the_field(client, dordrecht):
    setup_money(dordrecht, allocated="1000")
    application = apply(dordrecht)
    path = mu(dordrecht, "decisions")
    for body, field in (
        ({"application": application.pk, "amount": "-1"}, "amount"),
        ({"application": 999_999, "amount": "1"}, "application"),
        ({"application": application.pk, "amount": "5000"}, "over_budget_confirmed"),
    ):
        assert fields_of(post(client, dordrecht.account_holder, path, body)) == {field}
    with in_tenant(dordrecht.municipality):
        assert not MatchingUnitDecision.objects.exists()
    ok = post(
        client,
        dordrecht.account_holder,
        path,
        {"application": application.pk, "amount": "5000", "over_budget_confirmed": True},
    )
    assert ok.status_code == 201


def test_an_account_holder_records_for_the_only_unit_or_names_it(client, dordrecht):
    response = post(
        client,
        dordrecht.account_holder,
        mu(dordrecht, "costs"),
        {"year": YEAR, "quarter": 2, "amount": "10", "account": "Correctie."},
    )
    assert response.status_code == 201 and response.json()["matching_unit"] == (
        dordrecht.matching_unit.pk
    )
    other = OrganisationFactory(slug="mu-tweede", name="MU Tweede", matching_unit=True)
    with in_tenant(dordrecht.municipality):
        ServiceAreaFactory(municipality=dordrecht.municipality, organisation=other)
    body = {"year": YEAR, "quarter": 3, "amount": "10", "account": "Uren."}
    assert fields_of(post(client, dordrecht.account_holder, mu(dordrecht, "costs"), body)) == {
        "matching_unit"
    }
    body["matching_unit"] = other.pk
    assert post(client, dordrecht.account_holder, mu(dordrecht, "costs"), body).status_code == 201


@pytest.mark.parametrize(
    ("who", "path", "body"),
    [
        ("policy_officer", "applications", {"year": YEAR, "amount": "5"}),
        ("account_holder", "applications", {"year": YEAR, "amount": "5"}),
        ("lwb_a_admin", "applications", {"year": YEAR, "amount": "5"}),
        ("consultant", "decisions", {"application": 1, "amount": "5"}),
        ("policy_officer", "costs", {"year": YEAR, "quarter": 1, "amount": "5", "account": "x"}),
        ("lwb_a_admin", "costs", {"year": YEAR, "quarter": 1, "amount": "5", "account": "x"}),
    ],
)
def test_writes_need_the_right_role(client, dordrecht, who, path, body):
    response = post(client, getattr(dordrecht, who), mu(dordrecht, path), body)
    assert response.status_code == 403


def test_actions_of_a_decision_need_an_account_holder(client, dordrecht):
    setup_money(dordrecht)
    cost = record(dordrecht)
    application = apply(dordrecht)
    decision = post(
        client,
        dordrecht.account_holder,
        mu(dordrecht, "decisions"),
        {"application": application.pk, "amount": "1000"},
    ).json()
    for action in ("propose", "approve", "send"):
        path = mu(dordrecht, f"decisions/{decision['id']}/{action}")
        assert post(client, dordrecht.policy_officer, path).status_code == 403
    assert (
        patch(
            client,
            dordrecht.policy_officer,
            mu(dordrecht, f"decisions/{decision['id']}"),
            {"amount": "1"},
        ).status_code
        == 403
    )
    assert (
        post(
            client, dordrecht.policy_officer, mu(dordrecht, f"costs/{cost.pk}/approve")
        ).status_code
        == 403
    )
    with in_tenant(dordrecht.municipality):
        assert MatchingUnitDecision.objects.get().status == DecisionStatus.DRAFT
