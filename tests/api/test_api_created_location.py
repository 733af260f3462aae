"""Every 201 carries a ``Location`` that opens the new resource, and the detail endpoints added
for that (a company's application, a matching unit's application and quarter's cost) show
nothing to another municipality, another company or an anonymous caller."""

from __future__ import annotations

import pytest

from tests.api.conftest import PROBLEM, get, post, url
from tests.api.test_api_decision_writes import apply
from tests.api.test_api_decision_writes import money as money
from tests.subsidies_matching_unit.helpers import YEAR, setup_money

pytestmark = pytest.mark.django_db


def opened(client, user, response) -> dict:
    assert response.status_code == 201, response.content
    location = response["Location"]
    assert location.startswith("http://testserver/api/v1/")
    shown = get(client, user, location.removeprefix("http://testserver"))
    assert shown.status_code == 200, shown.content
    assert shown.json()["id"] == response.json()["id"]
    return response.json()


def nothing_for_strangers(client, path: str, dordrecht, zwijndrecht, company=None) -> None:
    client.logout()
    anonymous = client.get(path)
    assert anonymous.status_code == 401 and anonymous["Content-Type"] == PROBLEM
    other_municipality = get(client, zwijndrecht.account_holder, path)
    assert other_municipality.status_code == 403
    assert other_municipality["Content-Type"] == PROBLEM
    if company is not None:
        other_company = get(client, company, path)
        assert other_company.status_code in (403, 404), other_company.content
        assert other_company["Content-Type"] == PROBLEM


def test_a_company_application_points_at_itself(client, money, zwijndrecht):
    body = opened(client, money.lwb_a_admin, apply(client, money))
    path = url(money, f"applications/{body['id']}")
    assert get(client, money.account_holder, path).status_code == 200
    nothing_for_strangers(client, path, money, zwijndrecht, company=money.lwb_b_admin)
    in_zwijndrecht = get(
        client, zwijndrecht.account_holder, url(zwijndrecht, f"applications/{body['id']}")
    )
    assert in_zwijndrecht.status_code == 404


def test_a_matching_unit_application_and_cost_point_at_themselves(client, dordrecht, zwijndrecht):
    setup_money(dordrecht)
    application = opened(
        client,
        dordrecht.consultant,
        post(
            client,
            dordrecht.consultant,
            url(dordrecht, "matching-unit/applications"),
            {"year": YEAR, "amount": "1000.00", "note": "Taken."},
        ),
    )
    cost = opened(
        client,
        dordrecht.consultant,
        post(
            client,
            dordrecht.consultant,
            url(dordrecht, "matching-unit/costs"),
            {"year": YEAR, "quarter": 1, "amount": "10.00", "account": "Uren."},
        ),
    )
    for path in (
        url(dordrecht, f"matching-unit/applications/{application['id']}"),
        url(dordrecht, f"matching-unit/costs/{cost['id']}"),
    ):
        nothing_for_strangers(client, path, dordrecht, zwijndrecht, company=dordrecht.lwb_a_admin)
    assert (
        get(client, zwijndrecht.consultant, url(zwijndrecht, f"matching-unit/costs/{cost['id']}"))
    ).status_code in (403, 404)


def test_a_matching_unit_decision_points_at_itself(client, dordrecht):
    setup_money(dordrecht)
    application = post(
        client,
        dordrecht.consultant,
        url(dordrecht, "matching-unit/applications"),
        {"year": YEAR, "amount": "1000.00", "note": "Taken."},
    ).json()
    opened(
        client,
        dordrecht.account_holder,
        post(
            client,
            dordrecht.account_holder,
            url(dordrecht, "matching-unit/decisions"),
            {"application": application["id"], "amount": "900,00"},
        ),
    )


def test_every_operation_that_creates_names_where_the_new_thing_lives():
    from django.urls import resolve, reverse
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    creating = [
        path
        for path, item in schema["paths"].items()
        for operation in item.values()
        if isinstance(operation, dict) and "201" in operation.get("responses", {})
    ]
    assert len(creating) >= 10
    for path in creating:
        filled = "/api/v1" + path.replace("{municipality_slug}", "dordrecht").replace(
            "{id}", "1"
        ).replace("{reference}", "00000000-0000-0000-0000-000000000000")
        view = resolve(filled).func.cls
        assert view.created_url_name, path
        reverse(
            view.created_url_name,
            kwargs={"municipality_slug": "dordrecht", view.created_lookup: "1"}
            if view.created_lookup == "pk"
            else {
                "municipality_slug": "dordrecht",
                view.created_lookup: "00000000-0000-0000-0000-000000000000",
            },
        )
