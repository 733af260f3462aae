"""The year settings in the API: steps (POST, PATCH), tariffs (POST, PATCH, copy) and a
year's budget (PUT). Writes answer 201/200 with the read shape; bad input is problem+json
naming the field, with nothing written; a company or matching-unit token gets 403 on every
write, another municipality's rows are 404."""

from __future__ import annotations

from decimal import Decimal

import pytest

from participatie.accounts.tokens import api_token_issue
from tests.api.conftest import PROBLEM, fields_of, messages_of, post, url
from tests.conftest import in_tenant, login
from tests.subsidies_years.conftest import YEAR, counts, set_up_year, snapshot
from tests.subsidies_years.test_services import approve_a_statement, step, tariff_of


def call(client, user, method: str, path: str, data: dict | None = None):
    login(client, user)
    return getattr(client, method)(path, data or {}, content_type="application/json")


def tariff_body(**changes) -> dict:
    body = {
        "year": 2027,
        "base_fee": "300.00",
        "custom_budget": "10000.00",
        "advance_model": "full_advance",
        "dual_placement_max_days": 365,
        "steps": [
            {"step": "basis", "annual_amount": "2500.00"},
            {"step": "plus", "annual_amount": "3500.00"},
        ],
    }
    body.update(changes)
    return body


def add_steps(client, side, year: int = 2027) -> None:
    for code, default in (("basis", True), ("plus", False)):
        response = post(
            client,
            side.account_holder,
            url(side, "steps"),
            {"year": year, "code": code, "label": code.title(), "is_default": default},
        )
        assert response.status_code == 201, response.content


class TestSteps:
    def test_the_account_holder_adds_and_changes_steps(self, client, dordrecht):
        response = post(
            client,
            dordrecht.account_holder,
            url(dordrecht, "steps"),
            {"year": 2027, "code": "A", "label": "Begeleiding", "is_default": True},
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert {k: body[k] for k in ("year", "code", "label", "is_default")} == {
            "year": 2027,
            "code": "A",
            "label": "Begeleiding",
            "is_default": True,
        }
        response = call(
            client,
            dordrecht.account_holder,
            "patch",
            url(dordrecht, f"steps/{body['id']}"),
            {"label": "Begeleiding (licht)"},
        )
        assert response.status_code == 200 and response.json()["label"] == "Begeleiding (licht)"
        assert response.json()["is_default"] is True

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"year": 2027, "code": "B", "label": "Tweede", "is_default": True}, "is_default"),
            ({"year": 1999, "code": "C", "label": "Oud"}, "year"),
            ({"year": 2027, "code": "A", "label": "Dubbel"}, "code"),
            ({"year": 2027, "code": "met spatie", "label": "X"}, "code"),
            ({"year": "volgend", "code": "D", "label": "X"}, "year"),
            ({"year": 2027, "code": "E", "label": ""}, "label"),
        ],
    )
    def test_bad_steps_are_problem_json_naming_the_field(self, client, dordrecht, body, field):
        post(
            client,
            dordrecht.account_holder,
            url(dordrecht, "steps"),
            {"year": 2027, "code": "A", "label": "Eerste", "is_default": True},
        )
        before = counts(dordrecht)
        response = post(client, dordrecht.account_holder, url(dordrecht, "steps"), body)
        assert fields_of(response) == {field}
        assert counts(dordrecht) == before

    def test_a_second_default_by_patch_is_refused(self, client, dordrecht, year_2026):
        plus = step(dordrecht, "plus")
        response = call(
            client,
            dordrecht.account_holder,
            "patch",
            url(dordrecht, f"steps/{plus.pk}"),
            {"is_default": True},
        )
        assert fields_of(response) == {"is_default"}
        assert "al de standaardtrede" in messages_of(response)
        response = call(
            client,
            dordrecht.account_holder,
            "patch",
            url(dordrecht, f"steps/{plus.pk}"),
            {"year": 2027},
        )
        assert fields_of(response) == {"year"}
        assert not step(dordrecht, "plus").is_default

    def test_another_municipalitys_step_is_404(self, client, dordrecht, zwijndrecht):
        set_up_year(zwijndrecht)
        foreign = step(zwijndrecht, "plus")
        response = call(
            client,
            dordrecht.account_holder,
            "patch",
            url(dordrecht, f"steps/{foreign.pk}"),
            {"label": "Overgenomen"},
        )
        assert response.status_code == 404
        assert step(zwijndrecht, "plus").label == "Plus"


class TestTariffs:
    def test_the_account_holder_sets_the_tariffs_of_a_new_year(self, client, dordrecht):
        add_steps(client, dordrecht)
        response = post(client, dordrecht.account_holder, url(dordrecht, "tariffs"), tariff_body())
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["year"] == 2027 and body["base_fee"] == "300.00"
        assert [(s["step"], s["annual_amount"], s["effective_from"]) for s in body["steps"]] == [
            ("basis", "2500.00", "2027-01-01"),
            ("plus", "3500.00", "2027-01-01"),
        ]

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"steps": [{"step": "basis", "annual_amount": "2500.00"}]}, "steps"),
            (
                {
                    "steps": [
                        {"step": "basis", "annual_amount": "2500.00"},
                        {"step": "plus", "annual_amount": "-1"},
                    ]
                },
                "steps.1.annual_amount",
            ),
            (
                {
                    "steps": [
                        {"step": "basis", "annual_amount": "veel"},
                        {"step": "plus", "annual_amount": "1"},
                    ]
                },
                "steps.0.annual_amount",
            ),
            ({"base_fee": "-300"}, "base_fee"),
            ({"custom_budget": "tienduizend"}, "custom_budget"),
            ({"advance_model": "maandelijks"}, "advance_model"),
            ({"year": 1999}, "year"),
        ],
    )
    def test_bad_tariffs_are_problem_json_naming_the_field(self, client, dordrecht, changes, field):
        add_steps(client, dordrecht)
        before = counts(dordrecht)
        response = post(
            client, dordrecht.account_holder, url(dordrecht, "tariffs"), tariff_body(**changes)
        )
        assert field in fields_of(response), response.json()
        assert response["Content-Type"] == PROBLEM
        assert counts(dordrecht) == before

    def test_a_missing_amount_names_the_step(self, client, dordrecht):
        add_steps(client, dordrecht)
        response = post(
            client,
            dordrecht.account_holder,
            url(dordrecht, "tariffs"),
            tariff_body(steps=[{"step": "basis", "annual_amount": "1"}]),
        )
        assert "Plus (plus)" in messages_of(response)

    def test_patch_changes_a_tariff_until_a_statement_is_approved(
        self, client, dordrecht, year_2026
    ):
        tariff = tariff_of(dordrecht)
        path = url(dordrecht, f"tariffs/{tariff.pk}")
        response = call(
            client,
            dordrecht.account_holder,
            "patch",
            path,
            {"base_fee": "325.00", "steps": [{"step": "plus", "annual_amount": "3600.00"}]},
        )
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["base_fee"] == "325.00"
        assert {s["step"]: s["annual_amount"] for s in body["steps"]} == {
            "basis": "2500.00",
            "plus": "3600.00",
        }
        approve_a_statement(dordrecht)
        before = snapshot(dordrecht, YEAR)
        response = call(client, dordrecht.account_holder, "patch", path, {"base_fee": "400.00"})
        assert fields_of(response) == {"base_fee"}
        assert "goedgekeurd" in messages_of(response)
        response = call(
            client,
            dordrecht.account_holder,
            "patch",
            path,
            {"steps": [{"step": "basis", "annual_amount": "1.00"}]},
        )
        assert fields_of(response) == {"steps.0.annual_amount"}
        assert snapshot(dordrecht, YEAR) == before

    def test_copy_sets_up_a_year_equal_to_the_source(self, client, dordrecht, year_2026):
        path = url(dordrecht, f"tariffs/{tariff_of(dordrecht).pk}/copy")
        response = post(client, dordrecht.account_holder, path, {"year": 2027})
        assert response.status_code == 201, response.content
        assert response.json()["year"] == 2027
        assert snapshot(dordrecht, 2027) == snapshot(dordrecht, YEAR)
        before = counts(dordrecht)
        for year in (2027, 1999, "volgend"):
            assert fields_of(post(client, dordrecht.account_holder, path, {"year": year})) == {
                "year"
            }
        assert counts(dordrecht) == before

    def test_another_municipalitys_tariff_is_404(self, client, dordrecht, zwijndrecht):
        foreign = set_up_year(zwijndrecht)
        response = post(
            client,
            dordrecht.account_holder,
            url(dordrecht, f"tariffs/{foreign.pk}/copy"),
            {"year": 2027},
        )
        assert response.status_code == 404
        response = call(
            client,
            dordrecht.account_holder,
            "patch",
            url(dordrecht, f"tariffs/{foreign.pk}"),
            {"base_fee": "1"},
        )
        assert response.status_code == 404


class TestBudgets:
    def test_put_sets_a_years_budget(self, client, dordrecht):
        response = call(
            client,
            dordrecht.account_holder,
            "put",
            url(dordrecht, "budgets/2027"),
            {"allocated": "1162448.00", "matching_unit_cost": "225336.00"},
        )
        assert response.status_code == 200, response.content
        assert response.json()["allocated"] == "1162448.00"
        response = call(
            client,
            dordrecht.account_holder,
            "put",
            url(dordrecht, "budgets/2027"),
            {"allocated": "1200000", "matching_unit_cost": "0"},
        )
        assert response.json()["allocated"] == "1200000.00"
        login(client, dordrecht.policy_officer)
        assert client.get(url(dordrecht, "budgets/2027")).json()["matching_unit_cost"] == "0.00"
        assert client.get(url(dordrecht, "budgets/2030")).status_code == 404

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"allocated": "-1", "matching_unit_cost": "0"}, "allocated"),
            ({"allocated": "veel", "matching_unit_cost": "0"}, "allocated"),
            ({"allocated": "1", "matching_unit_cost": "-0.5"}, "matching_unit_cost"),
            ({"allocated": "1"}, "matching_unit_cost"),
        ],
    )
    def test_bad_budgets_are_problem_json_naming_the_field(self, client, dordrecht, body, field):
        response = call(
            client, dordrecht.account_holder, "put", url(dordrecht, "budgets/2027"), body
        )
        assert fields_of(response) == {field}
        assert counts(dordrecht) == (0, 0, 0, 0)

    def test_a_year_out_of_range_is_refused(self, client, dordrecht):
        response = call(
            client,
            dordrecht.account_holder,
            "put",
            url(dordrecht, "budgets/1999"),
            {"allocated": "1", "matching_unit_cost": "0"},
        )
        assert fields_of(response) == {"year"}


@pytest.mark.parametrize("who", ["lwb_a_admin", "lwb_a_supervisor", "consultant", "policy_officer"])
def test_every_write_is_403_for_company_matching_unit_and_policy_tokens(
    client, dordrecht, year_2026, who
):
    _token, raw = api_token_issue(user=getattr(dordrecht, who), name="Koppeling", days=30)
    headers = {"HTTP_AUTHORIZATION": f"Token {raw}"}
    tariff, plus = tariff_of(dordrecht), step(dordrecht, "plus")
    before = snapshot(dordrecht, YEAR)
    writes = [
        ("post", "steps", {"year": 2027, "code": "x", "label": "X"}),
        ("patch", f"steps/{plus.pk}", {"label": "Anders"}),
        ("post", "tariffs", tariff_body()),
        ("patch", f"tariffs/{tariff.pk}", {"base_fee": "1"}),
        ("post", f"tariffs/{tariff.pk}/copy", {"year": 2027}),
        ("put", "budgets/2026", {"allocated": "1", "matching_unit_cost": "0"}),
    ]
    for method, tail, body in writes:
        response = getattr(client, method)(
            url(dordrecht, tail), body, content_type="application/json", **headers
        )
        assert response.status_code == 403, (method, tail, response.status_code)
        assert response["Content-Type"] == PROBLEM
    assert snapshot(dordrecht, YEAR) == before
    assert snapshot(dordrecht, 2027)["steps"] == []


def test_an_account_holder_token_can_write(client, dordrecht, year_2026):
    _token, raw = api_token_issue(user=dordrecht.account_holder, name="Koppeling", days=30)
    response = client.put(
        url(dordrecht, "budgets/2026"),
        {"allocated": "5", "matching_unit_cost": "0"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {raw}",
    )
    assert response.status_code == 200, response.content
    with in_tenant(dordrecht.municipality):
        from subsidies.models import MunicipalBudget

        assert MunicipalBudget.objects.get(year=2026).allocated == Decimal("5")
