"""``GET claims/<id>``: one cross-municipal claim (pseudonymised) with whether the user may
answer it now, as on the claim page; nobody outside the municipality's officers sees it."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.utils import timezone

from participatie.models import Enrolment
from subsidies.choices import ClaimDirection, ClaimResponse, StatementStatus
from subsidies.models import CrossMunicipalClaim
from tests.api.conftest import get, post, url
from tests.api.problems import assert_nothing, invalid_fields
from tests.conftest import in_tenant
from tests.factories_subsidies import CrossMunicipalClaimFactory, QuarterStatementFactory


def twins(placement_side, home_side, *, final=True) -> tuple[CrossMunicipalClaim, ...]:
    """One claim on both sides: outgoing (with an approved statement when ``final``) and
    incoming."""
    shared = {"claim_reference": uuid.uuid4(), "participant_reference": uuid.uuid4()}
    with in_tenant(placement_side.municipality):
        statement = QuarterStatementFactory(
            municipality=placement_side.municipality,
            enrolment=Enrolment.objects.get(organisation=placement_side.lwb_a),
            year=2022,
            quarter=1,
            status=StatementStatus.APPROVED if final else StatementStatus.DRAFT,
            approved_by=placement_side.second_account_holder if final else None,
            approved_at=timezone.now() if final else None,
        )
        outgoing = CrossMunicipalClaimFactory(
            municipality=placement_side.municipality,
            direction=ClaimDirection.OUTGOING,
            counterpart=home_side.municipality,
            statement=statement,
            amount=Decimal("157.53"),
            **shared,
        )
    with in_tenant(home_side.municipality):
        incoming = CrossMunicipalClaimFactory(
            municipality=home_side.municipality,
            direction=ClaimDirection.INCOMING,
            counterpart=placement_side.municipality,
            amount=Decimal("157.53"),
            **shared,
        )
    return outgoing, incoming


def test_one_claim_says_whether_the_user_may_answer(client, dordrecht, zwijndrecht):
    outgoing, incoming = twins(dordrecht, zwijndrecht)
    path = url(zwijndrecht, f"claims/{incoming.pk}")
    body = get(client, zwijndrecht.account_holder, path).json()
    assert (body["id"], body["direction"], body["amount"]) == (incoming.pk, "incoming", "157.53")
    assert body["final"] is True and body["can_respond"] is True
    assert body["participant_reference"] == str(incoming.participant_reference)
    assert get(client, zwijndrecht.policy_officer, path).json()["can_respond"] is False
    # The placement side never answers.
    theirs = get(client, dordrecht.account_holder, url(dordrecht, f"claims/{outgoing.pk}"))
    assert theirs.json()["final"] is True and theirs.json()["can_respond"] is False
    # An accepted claim is answered for good.
    accepted = post(client, zwijndrecht.account_holder, f"{path}/accept")
    assert accepted.json()["response"] == ClaimResponse.ACCEPTED
    assert get(client, zwijndrecht.account_holder, path).json()["can_respond"] is False


def test_a_claim_not_final_cannot_be_answered_yet(client, dordrecht, zwijndrecht):
    _, incoming = twins(dordrecht, zwijndrecht, final=False)
    body = get(client, zwijndrecht.account_holder, url(zwijndrecht, f"claims/{incoming.pk}"))
    assert body.json()["final"] is False and body.json()["can_respond"] is False


def test_others_see_nothing(client, dordrecht, zwijndrecht, meierijstad):
    _, incoming = twins(dordrecht, zwijndrecht)
    # The same id through another municipality's API: not found there.
    for side in (dordrecht, meierijstad):
        response = get(client, side.account_holder, url(side, f"claims/{incoming.pk}"))
        assert_nothing(response, 404)
    path = url(zwijndrecht, f"claims/{incoming.pk}")
    # No membership in Zwijndrecht; companies and the matching unit have no part in claims.
    for user in (dordrecht.account_holder, zwijndrecht.lwb_a_admin, zwijndrecht.consultant):
        assert_nothing(get(client, user, path), 403)
    client.logout()
    assert_nothing(client.get(path), 401, 403)


def test_totals_of_a_year_per_quarter_and_municipality(client, dordrecht, zwijndrecht):
    twins(dordrecht, zwijndrecht)
    twins(dordrecht, zwijndrecht)
    twins(zwijndrecht, dordrecht, final=False)
    body = get(client, dordrecht.policy_officer, url(dordrecht, "claims/totals/2022")).json()
    assert body["year"] == 2022
    assert body["total"] == {
        "outgoing": "315.06",
        "incoming": "157.53",
        "outgoing_count": 2,
        "incoming_count": 1,
    }
    assert [q["quarter"] for q in body["quarters"]] == [1, 2, 3, 4]
    assert body["quarters"][0]["outgoing"] == "315.06" and body["quarters"][1]["outgoing"] == "0.00"
    assert [(c["counterpart"], c["incoming_count"]) for c in body["counterparts"]] == [
        ("Zwijndrecht", 1)
    ]
    empty = get(client, dordrecht.policy_officer, url(dordrecht, "claims/totals/2021")).json()
    assert empty["total"]["outgoing"] == "0.00" and empty["counterparts"] == []


def test_totals_bad_year_and_nobody_else(client, dordrecht, zwijndrecht):
    twins(dordrecht, zwijndrecht)
    response = get(client, dordrecht.policy_officer, url(dordrecht, "claims/totals/1999"))
    assert invalid_fields(response) == {"year"}
    # Zwijndrecht's totals hold only its own side of the claim.
    theirs = get(client, zwijndrecht.account_holder, url(zwijndrecht, "claims/totals/2022"))
    assert theirs.json()["total"]["outgoing_count"] == 0
    for user in (dordrecht.lwb_a_admin, dordrecht.consultant):
        assert_nothing(get(client, user, url(dordrecht, "claims/totals/2022")), 403)
    assert_nothing(
        get(client, dordrecht.account_holder, url(zwijndrecht, "claims/totals/2022")), 403
    )
    client.logout()
    assert_nothing(client.get(url(dordrecht, "claims/totals/2022")), 401, 403)
