"""The page "Verrekeningen tussen gemeenten": each municipality sees its own side, with totals
per quarter and per municipality; nobody else sees anything; the participant only by
pseudonym; the home municipality's account holder answers; a constant number of queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participatie.choices import Role
from participatie.navigation import nav_links
from participatie.tenancy.permissions import permissions_for
from subsidies.choices import ClaimResponse
from tests.conftest import assert_no_personal_data, login
from tests.subsidies_claims.helpers import FIRST_NAME, LAST_NAME, charged, claims_of, twins

pytestmark = pytest.mark.django_db


def list_url(side, year=None):
    path = reverse("subsidies:claim-list", kwargs={"municipality_slug": side.municipality.slug})
    return f"{path}?jaar={year}" if year else path


def detail_url(side, pk):
    return reverse(
        "subsidies:claim-detail", kwargs={"municipality_slug": side.municipality.slug, "pk": pk}
    )


def test_both_municipalities_see_their_side_with_totals(client, dordrecht, zwijndrecht):
    participant = charged(dordrecht, zwijndrecht)
    people = [(FIRST_NAME, LAST_NAME, participant.bsn)]
    pseudonym = participant.reference.hex[:8].upper()

    login(client, dordrecht.account_holder)
    page = client.get(list_url(dordrecht))
    assert page.status_code == 200
    html = page.content.decode()
    totals = page.context["totals"]
    assert totals.quarters[1].outgoing == Decimal("368.49") and totals.quarters[1].incoming == 0
    assert totals.counterparts["Zwijndrecht"].outgoing == Decimal("368.49")
    assert "€\u00a0368,49" in html or "€ 368,49" in html
    assert len(page.context["outgoing"]) == 2 and page.context["incoming"] == []
    assert f"Deelnemer {pseudonym}" in html and "Definitief" in html
    assert_no_personal_data(html, people)
    assert str(participant.reference) not in html

    login(client, zwijndrecht.policy_officer)
    page = client.get(list_url(zwijndrecht, 2022))
    html = page.content.decode()
    assert page.context["totals"].quarters[1].incoming == Decimal("368.49")
    assert page.context["totals"].counterparts["Dordrecht"].incoming == Decimal("368.49")
    assert len(page.context["incoming"]) == 2 and page.context["outgoing"] == []
    assert f"Deelnemer {pseudonym}" in html
    assert_no_personal_data(html, people)
    for claim in claims_of(zwijndrecht):
        detail = client.get(detail_url(zwijndrecht, claim.pk)).content.decode()
        assert_no_personal_data(detail, people)
        assert "Dordrecht" in detail


def test_totals_per_quarter_direction_and_municipality(client, dordrecht, zwijndrecht, meierijstad):
    twins(dordrecht, zwijndrecht, quarter=1, amount="100.10")
    twins(dordrecht, zwijndrecht, quarter=1, amount="0.15")
    twins(dordrecht, meierijstad, quarter=2, amount="1200.00")
    twins(zwijndrecht, dordrecht, quarter=2, amount="50.05")
    twins(meierijstad, dordrecht, quarter=4, amount="7.00", final=False)
    twins(dordrecht, zwijndrecht, quarter=3, amount="999.00", year=2021)
    login(client, dordrecht.account_holder)
    page = client.get(list_url(dordrecht, 2022))
    totals = page.context["totals"]
    by_quarter = {
        q: (sums.outgoing, sums.incoming, sums.outgoing_count, sums.incoming_count)
        for q, sums in totals.quarters.items()
    }
    assert by_quarter == {
        1: (Decimal("100.25"), 0, 2, 0),
        2: (Decimal("1200.00"), Decimal("50.05"), 1, 1),
        3: (0, 0, 0, 0),
        4: (0, Decimal("7.00"), 0, 1),
    }
    assert (totals.year.outgoing, totals.year.incoming) == (Decimal("1300.25"), Decimal("57.05"))
    assert {name: (s.outgoing, s.incoming) for name, s in totals.counterparts.items()} == {
        "Meierijstad": (Decimal("1200.00"), Decimal("7.00")),
        "Zwijndrecht": (Decimal("100.25"), Decimal("50.05")),
    }
    html = page.content.decode()
    assert "1.300,25" in html and "57,05" in html
    assert list(page.context["years"]) == [2022, 2021]
    page = client.get(list_url(dordrecht, 2021))
    assert page.context["totals"].quarters[3].outgoing == Decimal("999.00")
    assert page.context["totals"].year.incoming == 0


def test_the_year_defaults_to_the_latest_with_claims(client, dordrecht, zwijndrecht):
    twins(dordrecht, zwijndrecht, year=2021)
    login(client, dordrecht.account_holder)
    assert client.get(list_url(dordrecht)).context["year"] == 2021


def test_nobody_else_sees_the_claims(client, dordrecht, zwijndrecht, meierijstad):
    charged(dordrecht, zwijndrecht)
    outgoing = claims_of(dordrecht)[0]
    # a third municipality: no access to Dordrecht's page, nothing on its own
    login(client, meierijstad.account_holder)
    assert client.get(list_url(dordrecht)).status_code == 403
    assert client.get(detail_url(dordrecht, outgoing.pk)).status_code == 403
    own = client.get(list_url(meierijstad, 2022))
    assert own.context["outgoing"] == [] and own.context["incoming"] == []
    assert client.get(detail_url(meierijstad, outgoing.pk)).status_code == 404
    # the home municipality does not reach the placement municipality's row by its id
    login(client, zwijndrecht.account_holder)
    assert client.get(detail_url(zwijndrecht, outgoing.pk)).status_code == 404
    # a company of the placement municipality
    for user in (dordrecht.lwb_a_admin, dordrecht.lwb_a_supervisor, dordrecht.consultant):
        login(client, user)
        assert client.get(list_url(dordrecht)).status_code == 403
        assert client.get(detail_url(dordrecht, outgoing.pk)).status_code == 403
    client.logout()
    for path in (list_url(dordrecht), detail_url(dordrecht, outgoing.pk)):
        response = client.get(path)
        assert response.status_code == 302 and "login" in response["Location"]


def test_the_menu_leads_officers_to_the_page_and_nobody_else(dordrecht):
    target = list_url(dordrecht)
    for role, shown in (
        (Role.ACCOUNT_HOLDER, True),
        (Role.POLICY_OFFICER, True),
        (Role.LWB_ADMIN, False),
        (Role.MU_CONSULTANT, False),
    ):
        links = nav_links(
            municipality_slug=dordrecht.municipality.slug, permissions=permissions_for([role])
        )
        assert (target in [link.url for link in links]) is shown, role


def respond(client, side, claim, **data):
    return client.post(detail_url(side, claim.pk), data)


def test_the_home_account_holder_disputes_then_accepts(client, dordrecht, zwijndrecht):
    charged(dordrecht, zwijndrecht)
    claim = claims_of(zwijndrecht)[0]
    login(client, zwijndrecht.account_holder)
    listing = client.get(list_url(zwijndrecht, 2022)).content.decode()
    assert "Reageren" in listing
    page = client.get(detail_url(zwijndrecht, claim.pk))
    assert page.context["form"] is not None
    # a dispute without a note: the error on the note, the choice kept
    response = respond(client, zwijndrecht, claim, response="disputed", note="  ")
    assert response.status_code == 400
    assert response.context["form"].errors["note"]
    assert response.context["form"]["response"].value() == "disputed"
    assert claims_of(zwijndrecht)[0].response == ClaimResponse.OPEN
    response = respond(client, zwijndrecht, claim, response="disputed", note="Geen inwoner.")
    assert response.status_code == 302
    # the placement municipality sees the answer
    login(client, dordrecht.policy_officer)
    twin = next(c for c in claims_of(dordrecht) if c.claim_reference == claim.claim_reference)
    html = client.get(detail_url(dordrecht, twin.pk)).content.decode()
    assert "Betwist" in html and "Geen inwoner." in html
    # once disputed only accepting is offered; accepted is final
    login(client, zwijndrecht.account_holder)
    form = client.get(detail_url(zwijndrecht, claim.pk)).context["form"]
    assert [value for value, _ in form.fields["response"].choices] == ["accepted"]
    assert respond(client, zwijndrecht, claim, response="accepted", note="").status_code == 302
    assert {c.response for c in claims_of(zwijndrecht) + claims_of(dordrecht)} == {
        ClaimResponse.ACCEPTED,
        ClaimResponse.OPEN,
    }
    page = client.get(detail_url(zwijndrecht, claim.pk))
    assert page.context["form"] is None
    response = respond(client, zwijndrecht, claim, response="disputed", note="Toch niet.")
    assert response.status_code == 302
    assert claims_of(zwijndrecht)[0].response == ClaimResponse.ACCEPTED


def test_the_placement_side_and_policy_officers_cannot_answer(client, dordrecht, zwijndrecht):
    charged(dordrecht, zwijndrecht)
    outgoing = claims_of(dordrecht)[0]
    login(client, dordrecht.account_holder)
    page = client.get(detail_url(dordrecht, outgoing.pk))
    assert page.context["form"] is None
    assert respond(client, dordrecht, outgoing, response="accepted").status_code == 302
    login(client, zwijndrecht.policy_officer)
    incoming = claims_of(zwijndrecht)[0]
    assert client.get(detail_url(zwijndrecht, incoming.pk)).context["form"] is None
    assert respond(client, zwijndrecht, incoming, response="accepted").status_code == 403
    assert {c.response for c in claims_of(zwijndrecht) + claims_of(dordrecht)} == {
        ClaimResponse.OPEN
    }


def test_a_draft_claim_is_shown_but_not_answerable(client, dordrecht, zwijndrecht):
    charged(dordrecht, zwijndrecht, approved=False)
    claim = claims_of(zwijndrecht)[0]
    login(client, zwijndrecht.account_holder)
    listing = client.get(list_url(zwijndrecht, 2022)).content.decode()
    assert "Concept" in listing and "Reageren" not in listing
    page = client.get(detail_url(zwijndrecht, claim.pk))
    assert page.context["form"] is None
    assert "U kunt reageren zodra Dordrecht" in page.content.decode()


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_page_takes_a_constant_number_of_queries(client, dordrecht, zwijndrecht, meierijstad):
    twins(dordrecht, zwijndrecht)
    twins(zwijndrecht, dordrecht)
    login(client, dordrecht.account_holder)
    client.get(list_url(dordrecht, 2022))
    one = _queries(client, list_url(dordrecht, 2022))
    for quarter in (1, 2, 3, 4):
        twins(dordrecht, zwijndrecht, quarter=quarter)
        twins(dordrecht, meierijstad, quarter=quarter, final=False)
        twins(zwijndrecht, dordrecht, quarter=quarter)
        twins(meierijstad, dordrecht, quarter=quarter, final=quarter % 2 == 0)
    many = client.get(list_url(dordrecht, 2022))
    assert len(many.context["outgoing"]) == 9 and len(many.context["incoming"]) == 9
    assert _queries(client, list_url(dordrecht, 2022)) == one
