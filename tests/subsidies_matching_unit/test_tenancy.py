"""Who gets nothing of MU Dordrecht's subsidy: another municipality's account holder, a matching
unit that does not serve Dordrecht, a company's users, anonymous visitors (pages, API, the PDF);
and a second matching unit that does serve Dordrecht sees none of the first one's rows."""

from __future__ import annotations

import pytest

from participatie.choices import Role
from tests.conftest import in_tenant, login
from tests.factories import MembershipFactory, OrganisationFactory, ServiceAreaFactory, UserFactory
from tests.subsidies_matching_unit.helpers import approved, record, setup_money

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(dordrecht):
    setup_money(dordrecht)
    decision = approved(dordrecht)
    cost = record(dordrecht, 1)
    return {"decision": decision, "application": decision.application, "cost": cost}


def pages(slug: str, rows) -> list[str]:
    base = f"/{slug}/subsidies/matchingsunit/"
    d, a, c = rows["decision"].pk, rows["application"].pk, rows["cost"].pk
    return [
        base,
        f"{base}aanvragen/nieuw/",
        f"{base}aanvragen/{a}/beschikking/",
        f"{base}beschikkingen/{d}/",
        f"{base}beschikkingen/{d}/wijzigen/",
        f"{base}beschikkingen/{d}/voorleggen/",
        f"{base}beschikkingen/{d}/goedkeuren/",
        f"{base}beschikkingen/{d}/verzenden/",
        f"{base}beschikkingen/{d}/pdf",
        f"{base}kosten/nieuw/",
        f"{base}kosten/{c}/goedkeuren/",
    ]


def api(slug: str, rows) -> list[str]:
    base = f"/api/v1/{slug}/matching-unit/"
    d, c = rows["decision"].pk, rows["cost"].pk
    return [
        f"{base}applications",
        f"{base}decisions",
        f"{base}decisions/{d}",
        f"{base}decisions/{d}/pdf",
        f"{base}decisions/{d}/propose",
        f"{base}decisions/{d}/approve",
        f"{base}decisions/{d}/send",
        f"{base}costs",
        f"{base}costs/{c}/approve",
    ]


def test_anonymous_gets_the_login_page_or_401(client, dordrecht, rows):
    for path in pages("dordrecht", rows):
        for method in (client.get, client.post):
            response = method(path)
            assert response.status_code == 302, path
            assert response["Location"].startswith("/accounts/login/")
    for path in api("dordrecht", rows):
        for method in (client.get, client.post):
            assert method(path).status_code == 401, path


@pytest.mark.parametrize("who", ["account_holder", "consultant", "lwb_a_admin"])
def test_other_municipalities_staff_and_unit_and_companies_get_403(
    client, dordrecht, zwijndrecht, rows, who
):
    """Zwijndrecht's account holder, MU Zwijndrecht (which does not serve Dordrecht), a
    company of Zwijndrecht: no membership in Dordrecht."""
    login(client, getattr(zwijndrecht, who))
    for path in pages("dordrecht", rows) + api("dordrecht", rows):
        for method in ("get", "post"):
            response = getattr(client, method)(path, content_type="application/json")
            assert response.status_code == 403, (who, method, path)


ACTIONS = ("/propose", "/approve", "/send")


@pytest.mark.parametrize("who", ["lwb_a_admin", "lwb_a_supervisor", "lwb_b_admin"])
def test_dordrechts_own_companies_get_403(client, dordrecht, rows, who):
    login(client, getattr(dordrecht, who))
    for path in pages("dordrecht", rows) + api("dordrecht", rows):
        # A page or endpoint for reading is 403; an API action asked with GET looks its row
        # up first (404: the row is not theirs); a POST to what only reads is 405 for all.
        expected = (403, 404) if path.startswith("/api/") and path.endswith(ACTIONS) else (403,)
        assert client.get(path).status_code in expected, (who, path)
        status = client.post(path, content_type="application/json").status_code
        assert status in (403, 405), (who, path, status)


def object_paths(slug: str, rows) -> list[str]:
    """The pages and endpoints of one row (an id in the path)."""
    lists = ("matchingsunit/", "/nieuw/", "applications", "decisions", "costs")
    return [p for p in pages(slug, rows) + api(slug, rows) if not p.endswith(lists)]


def test_dordrechts_rows_under_another_municipality_are_404(client, dordrecht, zwijndrecht, rows):
    """Zwijndrecht's own staff ask for Dordrecht's ids under Zwijndrecht's slug: not found,
    or not allowed for their role, never the row."""
    for who in ("account_holder", "consultant"):
        login(client, getattr(zwijndrecht, who))
        paths = object_paths("zwijndrecht", rows)
        assert len(paths) == 14
        for path in paths:
            assert client.get(path).status_code in (403, 404), (who, path)
            status = client.post(path, content_type="application/json").status_code
            assert status in (403, 404, 405), (who, path, status)
        if who == "account_holder":  # may open every one of them: so all are 404
            assert {client.get(p).status_code for p in paths} == {404}
        for tail in ("applications", "decisions", "costs"):
            listed = client.get(f"/api/v1/zwijndrecht/matching-unit/{tail}")
            assert listed.json()["results"] == []


@pytest.fixture
def second_unit(dordrecht):
    """MU Tweede also serves Dordrecht, with a consultant of its own."""
    unit = OrganisationFactory(slug="mu-tweede", name="MU Tweede", matching_unit=True)
    with in_tenant(dordrecht.municipality):
        ServiceAreaFactory(municipality=dordrecht.municipality, organisation=unit)
    user = UserFactory(email="consulent@mu-tweede.example.nl")
    MembershipFactory(user=user, organisation=unit, role=Role.MU_CONSULTANT)
    return user


def test_another_unit_serving_the_municipality_sees_none_of_the_first_ones_rows(
    client, dordrecht, rows, second_unit
):
    login(client, second_unit)
    overview = client.get("/dordrecht/subsidies/matchingsunit/?jaar=2022")
    assert overview.status_code == 200
    page = overview.content.decode()
    assert "MU Dordrecht" not in page and "56.334" not in page
    d, c = rows["decision"].pk, rows["cost"].pk
    assert client.get(f"/dordrecht/subsidies/matchingsunit/beschikkingen/{d}/").status_code == 404
    assert (
        client.get(f"/dordrecht/subsidies/matchingsunit/beschikkingen/{d}/pdf").status_code == 404
    )
    base = "/api/v1/dordrecht/matching-unit/"
    for tail in ("applications", "decisions", "costs"):
        assert client.get(f"{base}{tail}").json()["results"] == []
    assert client.get(f"{base}decisions/{d}").status_code == 404
    assert client.get(f"{base}decisions/{d}/pdf").status_code == 404
    # It records only for itself: naming the first unit reads as unknown.
    response = client.post(
        f"{base}costs",
        {
            "matching_unit": dordrecht.matching_unit.pk,
            "year": 2022,
            "quarter": 2,
            "amount": "1",
            "account": "x",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert {e["name"] for e in response.json()["invalidParams"]} == {"matching_unit"}
    # And it cannot approve anything (no account holder).
    assert client.post(f"{base}costs/{c}/approve").status_code == 403
