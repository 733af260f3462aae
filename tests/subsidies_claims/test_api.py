"""The claims API: the list with filters and the answer's fields, accept and dispute as
problem+json on bad input, who may do what, a constant number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from subsidies.choices import ClaimResponse
from tests.conftest import login
from tests.subsidies_claims.helpers import charged, claims_of, twins

pytestmark = pytest.mark.django_db


def api(side, path="claims"):
    return f"/api/v1/{side.municipality.slug}/{path}"


def post(client, path, data=None):
    return client.post(path, data or {}, content_type="application/json")


def test_the_list_shows_both_directions_with_filters(client, dordrecht, zwijndrecht, meierijstad):
    twins(dordrecht, zwijndrecht, quarter=1)
    twins(zwijndrecht, dordrecht, quarter=2)
    twins(meierijstad, dordrecht, quarter=2, final=False, year=2021)
    login(client, dordrecht.policy_officer)
    body = client.get(api(dordrecht)).json()
    assert body["count"] == 3
    rows = {(row["direction"], row["year"], row["quarter"]): row for row in body["results"]}
    assert rows[("outgoing", 2022, 1)]["counterpart"] == "Zwijndrecht"
    assert rows[("outgoing", 2022, 1)]["final"] is True
    assert rows[("incoming", 2022, 2)]["final"] is True
    assert rows[("incoming", 2021, 2)]["final"] is False
    assert rows[("incoming", 2022, 2)]["response"] == "open"
    assert rows[("incoming", 2022, 2)]["responded_by"] is None
    assert client.get(api(dordrecht, "claims?direction=incoming")).json()["count"] == 2
    assert client.get(api(dordrecht, "claims?year=2022")).json()["count"] == 2
    assert client.get(api(dordrecht, "claims?year=2022&quarter=2")).json()["count"] == 1
    bad = client.get(api(dordrecht, "claims?direction=sideways"))
    assert bad.status_code == 400 and bad["Content-Type"] == "application/problem+json"


def test_dispute_needs_a_note_then_accept_shows_on_both_sides(client, dordrecht, zwijndrecht):
    charged(dordrecht, zwijndrecht)
    claim = claims_of(zwijndrecht)[0]
    login(client, zwijndrecht.account_holder)
    for data in ({}, {"note": ""}, {"note": "   "}):
        response = post(client, api(zwijndrecht, f"claims/{claim.pk}/dispute"), data)
        assert response.status_code == 400
        assert response["Content-Type"] == "application/problem+json"
        assert [error["name"] for error in response.json()["invalidParams"]] == ["note"]
    response = post(
        client, api(zwijndrecht, f"claims/{claim.pk}/dispute"), {"note": "Geen inwoner."}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["response"], body["response_note"]) == ("disputed", "Geen inwoner.")
    assert body["responded_by"] == str(zwijndrecht.account_holder) and body["final"] is True
    response = post(client, api(zwijndrecht, f"claims/{claim.pk}/accept"))
    assert response.status_code == 200 and response.json()["response"] == "accepted"
    again = post(client, api(zwijndrecht, f"claims/{claim.pk}/dispute"), {"note": "Toch niet."})
    assert again.status_code == 409 and "al geaccepteerd" in again.json()["detail"]
    login(client, dordrecht.account_holder)
    outgoing = {
        row["claim_reference"]: row for row in client.get(api(dordrecht)).json()["results"]
    }[str(claim.claim_reference)]
    assert (outgoing["response"], outgoing["response_note"]) == ("accepted", "")


def test_the_placement_side_cannot_answer(client, dordrecht, zwijndrecht):
    charged(dordrecht, zwijndrecht)
    outgoing = claims_of(dordrecht)[0]
    login(client, dordrecht.account_holder)
    response = post(client, api(dordrecht, f"claims/{outgoing.pk}/accept"))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "Alleen de woongemeente" in response.json()["invalidParams"][0]["reason"]
    assert {c.response for c in claims_of(dordrecht) + claims_of(zwijndrecht)} == {
        ClaimResponse.OPEN
    }


def test_a_draft_claim_is_refused_until_the_statement_is_approved(client, dordrecht, zwijndrecht):
    charged(dordrecht, zwijndrecht, approved=False)
    claim = claims_of(zwijndrecht)[0]
    login(client, zwijndrecht.account_holder)
    response = post(client, api(zwijndrecht, f"claims/{claim.pk}/accept"))
    assert response.status_code == 400
    assert "nog niet goedgekeurd" in response.json()["invalidParams"][0]["reason"]


def test_who_gets_nothing(client, dordrecht, zwijndrecht, meierijstad):
    charged(dordrecht, zwijndrecht)
    incoming = claims_of(zwijndrecht)[0]
    accept = api(zwijndrecht, f"claims/{incoming.pk}/accept")
    # a third municipality
    login(client, meierijstad.account_holder)
    assert client.get(api(zwijndrecht)).status_code == 403
    assert post(client, accept).status_code == 403
    assert client.get(api(meierijstad)).json()["count"] == 0
    assert post(client, api(meierijstad, f"claims/{incoming.pk}/accept")).status_code == 404
    # the placement municipality does not reach the home municipality's row by its id
    login(client, dordrecht.account_holder)
    assert post(client, api(dordrecht, f"claims/{incoming.pk}/accept")).status_code == 404
    # companies and the matching unit
    for user in (zwijndrecht.lwb_a_admin, zwijndrecht.consultant):
        login(client, user)
        assert client.get(api(zwijndrecht)).status_code == 403
        assert post(client, accept).status_code == 403
    # a policy officer reads but does not answer
    login(client, zwijndrecht.policy_officer)
    assert client.get(api(zwijndrecht)).json()["count"] == 2
    assert post(client, accept).status_code == 403
    client.logout()
    assert client.get(api(zwijndrecht)).status_code == 401
    assert post(client, accept).status_code == 401
    assert {c.response for c in claims_of(zwijndrecht)} == {ClaimResponse.OPEN}


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_list_takes_a_constant_number_of_queries(client, dordrecht, zwijndrecht, meierijstad):
    twins(dordrecht, zwijndrecht)
    twins(zwijndrecht, dordrecht)
    login(client, dordrecht.account_holder)
    client.get(api(dordrecht))
    one = _queries(client, api(dordrecht))
    for quarter in (1, 2, 3, 4):
        twins(dordrecht, meierijstad, quarter=quarter)
        twins(zwijndrecht, dordrecht, quarter=quarter, final=quarter % 2 == 0)
        twins(meierijstad, dordrecht, quarter=quarter)
    assert client.get(api(dordrecht)).json()["count"] == 14
    assert _queries(client, api(dordrecht)) == one
