"""The list page and the API list show every role the same rows: both ask one visibility selector
per object type, so they cannot drift apart (as the enrolments once did: the API showed a
company every enrolment of the municipality, the page only its own)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import timezone

from subsidies.choices import DecisionStatus
from tests.api.conftest import enrolment_of, start
from tests.conftest import in_tenant, login
from tests.factories_subsidies import QuarterStatementFactory, SubsidyDecisionFactory

ROLES = [
    "account_holder",
    "policy_officer",
    "consultant",
    "lwb_a_admin",
    "lwb_a_supervisor",
    "lwb_b_admin",
]


def _page_ids(response, key: str) -> set[int]:
    rows = response.context[key]
    # A page lists model instances, or plain rows (``values()``) where it needs no model.
    return {
        row["pk"] if isinstance(row, dict) else row.pk for row in getattr(rows, "object_list", rows)
    }


def _participants_of_page(response, key: str) -> set[int]:
    return {placement.participant_id for placement in response.context[key].object_list}


# object type -> (web page, context key, how to read ids there, API list)
OBJECT_TYPES: dict[str, tuple[str, str, Callable, str]] = {
    "placements": ("plaatsingen/", "page", _page_ids, "placements"),
    "enrolments": ("leerwerkbedrijven/", "enrolments", _page_ids, "enrolments"),
    "participants (matching unit and municipality)": (
        "deelnemers/",
        "page",
        _page_ids,
        "participants",
    ),
    "participants (companies, through their placements)": (
        "plaatsingen/",
        "page",
        _participants_of_page,
        "participants",
    ),
    "decisions": ("subsidies/beschikkingen/", "page", _page_ids, "decisions"),
    "statements": ("subsidies/declaraties/", "page", _page_ids, "statements"),
}


@pytest.fixture
def rows(dordrecht, zwijndrecht, steps):
    """Two placements at each of Dordrecht's companies, one in Zwijndrecht, and for each
    Dordrecht company an approved and a draft decision and a statement of this year."""
    for organisation in (dordrecht.lwb_a, dordrecht.lwb_a, dordrecht.lwb_b, dordrecht.lwb_b):
        start(dordrecht, organisation)
    start(zwijndrecht, zwijndrecht.lwb_a)
    year = timezone.localdate().year
    with in_tenant(dordrecht.municipality):
        for organisation in (dordrecht.lwb_a, dordrecht.lwb_b):
            enrolment = enrolment_of(dordrecht, organisation)
            SubsidyDecisionFactory(
                municipality=dordrecht.municipality,
                enrolment=enrolment,
                status=DecisionStatus.APPROVED,
                drafted_by=dordrecht.account_holder,
                approved_by=dordrecht.second_account_holder,
                approved_at=timezone.now(),
            )
            SubsidyDecisionFactory(
                municipality=dordrecht.municipality,
                enrolment=enrolment,
                status=DecisionStatus.DRAFT,
                drafted_by=dordrecht.account_holder,
            )
            QuarterStatementFactory(
                municipality=dordrecht.municipality, enrolment=enrolment, year=year
            )


def _api_ids(client, path: str) -> set[int] | None:
    response = client.get(path, {"pageSize": 500})
    if response.status_code == 403:
        return None
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def _web_ids(client, path: str, key: str, read: Callable) -> set[int] | None:
    response = client.get(path)
    if response.status_code == 403:
        return None
    assert response.status_code == 200
    return read(response, key)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("object_type", OBJECT_TYPES)
def test_the_list_page_and_the_api_show_the_same_rows(client, dordrecht, rows, role, object_type):
    page, key, read, api = OBJECT_TYPES[object_type]
    company_view = object_type.startswith("participants (companies")
    if object_type.startswith("participants") and company_view != role.startswith("lwb"):
        pytest.skip("the other participants row covers this role")
    login(client, getattr(dordrecht, role))
    web = _web_ids(client, f"/dordrecht/{page}", key, read)
    through_api = _api_ids(client, f"/api/v1/dordrecht/{api}")
    assert web == through_api
    if web is not None:
        assert web, "the comparison must be over rows, not over two empty lists"


def test_a_company_sees_only_its_own_enrolments_through_the_api(client, dordrecht, rows):
    login(client, dordrecht.lwb_a_admin)
    ids = _api_ids(client, "/api/v1/dordrecht/enrolments")
    assert ids == {enrolment_of(dordrecht, dordrecht.lwb_a).pk}
