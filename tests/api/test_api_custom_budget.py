"""The custom-budget API: officers read the expenses, the account holder records one (never
past the year's custom budget); companies, matching units and other municipalities see
nothing."""

from __future__ import annotations

from decimal import Decimal

from subsidies.models import CustomBudgetExpense
from tests.api.conftest import count_queries, get, post, url
from tests.api.problems import assert_conflict, assert_nothing, invalid_fields
from tests.conftest import in_tenant, login
from tests.factories_subsidies import CustomBudgetExpenseFactory, TariffFactory

PATH = "custom-budget-expenses"


def budget(side, amount="1000", year=2022) -> None:
    with in_tenant(side.municipality):
        TariffFactory(municipality=side.municipality, year=year, custom_budget=Decimal(amount))


def expense(side, **fields) -> CustomBudgetExpense:
    with in_tenant(side.municipality):
        return CustomBudgetExpenseFactory(municipality=side.municipality, **fields)


def stored(side) -> list[tuple]:
    with in_tenant(side.municipality):
        return list(CustomBudgetExpense.objects.order_by("pk").values_list("description", "amount"))


def test_account_holder_records_an_expense(client, dordrecht):
    budget(dordrecht)
    body = {"spent_on": "2022-05-03", "description": " Heftruckcursus ", "amount": "450,50"}
    response = post(client, dordrecht.account_holder, url(dordrecht, PATH), body)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["amount"] == "450.50" and created["year"] == 2022
    assert created["description"] == "Heftruckcursus" and set(created) == {
        "id",
        "year",
        "spent_on",
        "description",
        "amount",
    }
    assert stored(dordrecht) == [("Heftruckcursus", Decimal("450.50"))]
    with in_tenant(dordrecht.municipality):
        assert CustomBudgetExpense.objects.get().recorded_by == dordrecht.account_holder
    listed = get(client, dordrecht.policy_officer, url(dordrecht, f"{PATH}?year=2022")).json()
    assert [row["id"] for row in listed["results"]] == [created["id"]]
    assert (
        get(client, dordrecht.policy_officer, url(dordrecht, f"{PATH}?year=2021")).json()["count"]
        == 0
    )
    detail = get(client, dordrecht.policy_officer, url(dordrecht, f"{PATH}/{created['id']}"))
    assert detail.json()["amount"] == "450.50"


def test_an_overspend_is_refused_and_nothing_saved(client, dordrecht):
    budget(dordrecht, "1000")
    expense(dordrecht, amount=Decimal("800"))
    body = {"spent_on": "2022-06-01", "description": "Laptop", "amount": "200.01"}
    response = post(client, dordrecht.account_holder, url(dordrecht, PATH), body)
    assert invalid_fields(response) == {"amount"}
    assert len(stored(dordrecht)) == 1
    body["amount"] = "200.00"
    assert post(client, dordrecht.account_holder, url(dordrecht, PATH), body).status_code == 201


def test_a_year_without_tariffs_is_refused(client, dordrecht):
    body = {"spent_on": "2022-06-01", "description": "Laptop", "amount": "10"}
    response = post(client, dordrecht.account_holder, url(dordrecht, PATH), body)
    assert response.status_code in {400, 409}
    assert_conflict(response) if response.status_code == 409 else invalid_fields(response)
    assert stored(dordrecht) == []


def test_bad_input_names_the_field(client, dordrecht):
    budget(dordrecht)
    good = {"spent_on": "2022-05-03", "description": "Cursus", "amount": "10"}
    for change, field in [
        ({"amount": "tien"}, "amount"),
        ({"amount": "-5"}, "amount"),
        ({"amount": "1,234"}, "amount"),
        ({"amount": "1e30"}, "amount"),
        ({"amount": "NaN"}, "amount"),
        ({"description": " "}, "description"),
        ({"description": "x" * 201}, "description"),
        ({"spent_on": "03-05-2022"}, "spent_on"),
        ({"spent_on": "2021-12-31", "year": 2022}, "spent_on"),
        ({"year": 1800}, "year"),
    ]:
        response = post(client, dordrecht.account_holder, url(dordrecht, PATH), good | change)
        assert invalid_fields(response) == {field}, change
    response = post(client, dordrecht.account_holder, url(dordrecht, PATH), {})
    assert invalid_fields(response) == {"spent_on", "description", "amount"}
    assert stored(dordrecht) == []


def test_only_the_account_holder_records(client, dordrecht):
    budget(dordrecht)
    body = {"spent_on": "2022-05-03", "description": "Cursus", "amount": "10"}
    for user in (dordrecht.policy_officer, dordrecht.consultant, dordrecht.lwb_a_admin):
        assert_nothing(post(client, user, url(dordrecht, PATH), body), 403)
    assert stored(dordrecht) == []


def test_companies_other_municipalities_and_anonymous_see_nothing(client, dordrecht, zwijndrecht):
    ours = expense(dordrecht)
    theirs = expense(zwijndrecht)
    for user in (dordrecht.lwb_a_admin, dordrecht.lwb_b_admin, dordrecht.consultant):
        assert_nothing(get(client, user, url(dordrecht, PATH)), 403)
        assert_nothing(get(client, user, url(dordrecht, f"{PATH}/{ours.id}")), 403)
    assert_nothing(
        get(client, dordrecht.account_holder, url(dordrecht, f"{PATH}/{theirs.id}")), 404
    )
    assert_nothing(get(client, dordrecht.account_holder, url(zwijndrecht, PATH)), 403)
    listed = get(client, dordrecht.account_holder, url(dordrecht, PATH)).json()
    assert [row["id"] for row in listed["results"]] == [ours.id]
    client.logout()
    assert_nothing(client.get(url(dordrecht, PATH)), 401, 403)


def test_query_count_does_not_grow_with_rows(client, dordrecht, django_assert_max_num_queries):
    login(client, dordrecht.account_holder)
    expense(dordrecht)
    one = count_queries(client, url(dordrecht, PATH))
    for _ in range(20):
        expense(dordrecht)
    with django_assert_max_num_queries(one):
        assert client.get(url(dordrecht, PATH)).json()["count"] == 21
