"""The home municipality's answer to a claim: on both twins at once, only by the home side,
only once the claim is final; a dispute needs a note, a disputed claim can still be accepted,
an accepted one is final; the database backs the answer's shape."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from subsidies.choices import ClaimDirection, ClaimResponse
from subsidies.models import CrossMunicipalClaim
from subsidies.selectors_claims import claims_mark_final
from subsidies.services.claims import claim_accept, claim_dispute
from tests.conftest import in_tenant
from tests.subsidies_claims.helpers import charged, claims_of, settle_q1, twins

pytestmark = pytest.mark.django_db


def first(side) -> CrossMunicipalClaim:
    return claims_of(side)[0]


def dispute(side, claim, note="Deze inwoner woonde toen al in Dordrecht."):
    with in_tenant(side.municipality):
        return claim_dispute(claim=claim, actor=side.account_holder, note=note)


def accept(side, claim, note=""):
    with in_tenant(side.municipality):
        return claim_accept(claim=claim, actor=side.second_account_holder, note=note)


def code_of(error: pytest.ExceptionInfo) -> str:
    value = error.value
    if hasattr(value, "error_dict"):
        return next(iter(value.error_dict.values()))[0].code
    return value.error_list[0].code


def test_a_dispute_is_written_on_both_twins(dordrecht, zwijndrecht):
    charged(dordrecht, zwijndrecht)
    claim = first(zwijndrecht)
    assert claim.direction == ClaimDirection.INCOMING
    answered = dispute(zwijndrecht, claim, note="  Niet onze inwoner in januari.  ")
    assert answered.response == ClaimResponse.DISPUTED
    for side in (zwijndrecht, dordrecht):
        twin = next(c for c in claims_of(side) if c.claim_reference == claim.claim_reference)
        assert twin.response == ClaimResponse.DISPUTED
        assert twin.response_note == "Niet onze inwoner in januari."
        assert twin.responded_by == zwijndrecht.account_holder
        assert twin.responded_at == answered.responded_at
    # the other claim of the pair is untouched, on both sides
    others = [
        c
        for side in (zwijndrecht, dordrecht)
        for c in claims_of(side)
        if c.claim_reference != claim.claim_reference
    ]
    assert len(others) == 2 and {c.response for c in others} == {ClaimResponse.OPEN}


def test_a_disputed_claim_can_be_accepted_and_an_accepted_claim_is_final(dordrecht, zwijndrecht):
    charged(dordrecht, zwijndrecht)
    claim = first(zwijndrecht)
    dispute(zwijndrecht, claim)
    with pytest.raises(ValidationError, match="al betwist") as again:
        dispute(zwijndrecht, claim, note="Nog een keer.")
    assert code_of(again) == "already_disputed"
    accepted = accept(zwijndrecht, claim, note="Na overleg akkoord.")
    assert accepted.response == ClaimResponse.ACCEPTED
    assert accepted.responded_by == zwijndrecht.second_account_holder
    outgoing = next(c for c in claims_of(dordrecht) if c.claim_reference == claim.claim_reference)
    assert (outgoing.response, outgoing.response_note) == (
        ClaimResponse.ACCEPTED,
        "Na overleg akkoord.",
    )
    for respond in (accept, dispute):
        with pytest.raises(ValidationError, match="al geaccepteerd") as final:
            respond(zwijndrecht, claim)
        assert code_of(final) == "final"


def test_a_dispute_without_a_note_names_the_note_and_changes_nothing(dordrecht, zwijndrecht):
    charged(dordrecht, zwijndrecht)
    claim = first(zwijndrecht)
    with pytest.raises(ValidationError) as missing:
        dispute(zwijndrecht, claim, note="   ")
    assert "note" in missing.value.message_dict
    assert "verplicht" in missing.value.message_dict["note"][0]
    assert {c.response for c in claims_of(zwijndrecht) + claims_of(dordrecht)} == {
        ClaimResponse.OPEN
    }


def test_accepting_needs_no_note(dordrecht, zwijndrecht):
    charged(dordrecht, zwijndrecht)
    assert accept(zwijndrecht, first(zwijndrecht)).response == ClaimResponse.ACCEPTED


def test_the_placement_municipality_cannot_answer_its_own_claim(dordrecht, zwijndrecht):
    charged(dordrecht, zwijndrecht)
    outgoing = first(dordrecht)
    assert outgoing.direction == ClaimDirection.OUTGOING
    for respond in (accept, dispute):
        with pytest.raises(ValidationError, match="Alleen de woongemeente") as refused:
            respond(dordrecht, outgoing)
        assert code_of(refused) == "not_incoming"
    assert {c.response for c in claims_of(zwijndrecht) + claims_of(dordrecht)} == {
        ClaimResponse.OPEN
    }


def test_a_claim_of_a_draft_statement_cannot_be_answered_yet(dordrecht, zwijndrecht):
    charged(dordrecht, zwijndrecht, approved=False)
    claim = first(zwijndrecht)
    with pytest.raises(ValidationError, match="nog niet goedgekeurd") as refused:
        accept(zwijndrecht, claim)
    assert code_of(refused) == "not_final"
    assert {c.response for c in claims_of(zwijndrecht)} == {ClaimResponse.OPEN}


def test_re_settling_a_draft_replaces_its_claims_so_answers_wait_for_approval(
    dordrecht, zwijndrecht
):
    """Why a draft's claim cannot be answered: re-settling writes new claims (new references)
    on both sides; an answer given to the old ones would be gone."""
    charged(dordrecht, zwijndrecht, approved=False)
    before = {c.claim_reference for c in claims_of(zwijndrecht)}
    settle_q1(dordrecht)
    after = claims_of(zwijndrecht)
    assert len(after) == 2 and before.isdisjoint({c.claim_reference for c in after})
    assert {c.claim_reference for c in claims_of(dordrecht)} == {c.claim_reference for c in after}


def test_finality_is_read_from_the_outgoing_twin(dordrecht, zwijndrecht, meierijstad):
    final = twins(dordrecht, zwijndrecht, final=True)
    draft = twins(meierijstad, zwijndrecht, final=False)
    with in_tenant(zwijndrecht.municipality):
        rows = list(CrossMunicipalClaim.objects.select_related("statement"))
        claims_mark_final(rows)
    assert {c.claim_reference: c.is_final for c in rows} == {final: True, draft: False}
    with in_tenant(dordrecht.municipality):
        rows = list(CrossMunicipalClaim.objects.select_related("statement"))
        claims_mark_final(rows)
    assert [c.is_final for c in rows] == [True]


def test_the_database_refuses_an_answer_without_who_or_a_dispute_without_a_note(
    dordrecht, zwijndrecht
):
    twins(dordrecht, zwijndrecht)
    with pytest.raises(IntegrityError), in_tenant(zwijndrecht.municipality):
        CrossMunicipalClaim.objects.update(response=ClaimResponse.ACCEPTED)
    with pytest.raises(IntegrityError), in_tenant(zwijndrecht.municipality):
        CrossMunicipalClaim.objects.update(
            response=ClaimResponse.DISPUTED,
            responded_by=zwijndrecht.account_holder,
            responded_at=timezone.now(),
        )
    with in_tenant(zwijndrecht.municipality):
        assert (
            CrossMunicipalClaim.objects.update(
                response=ClaimResponse.DISPUTED,
                response_note="Klopt niet.",
                responded_by=zwijndrecht.account_holder,
                responded_at=timezone.now(),
            )
            == 1
        )
