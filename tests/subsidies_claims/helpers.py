"""Cross-municipal claims to work with: the real thing (Dordrecht places a resident of
Zwijndrecht, which did not meet its effort obligation in 2022; Q1 2022 settled and, unless
asked otherwise, approved) and quick pairs of twins made directly for counts and totals."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from django.utils import timezone

from participatie.models import Enrolment, Participant
from subsidies.choices import ClaimDirection, StatementStatus
from subsidies.models import CrossMunicipalClaim, EffortObligation, QuarterStatement
from subsidies.services.settlement import quarter_settle
from subsidies.services.statements import statement_approve, statement_confirm
from tests.conftest import Side, in_tenant
from tests.factories_subsidies import CrossMunicipalClaimFactory, QuarterStatementFactory
from tests.subsidies.test_settle_quarter import CASES, place, tariffs

AFTER_Q1 = date(2022, 4, 5)
# Names that occur nowhere else on a page (the users' names are random Dutch names).
FIRST_NAME, LAST_NAME = "Xandrijntje", "Quispelhoven"


def settle_q1(dordrecht: Side) -> QuarterStatement:
    with in_tenant(dordrecht.municipality):
        (statement,) = quarter_settle(
            municipality=dordrecht.municipality, year=2022, quarter=1, today=AFTER_Q1
        )
    return statement


def approve(dordrecht: Side, statement: QuarterStatement) -> None:
    with in_tenant(dordrecht.municipality):
        statement_confirm(statement=statement, actor=dordrecht.lwb_a_admin, today=AFTER_Q1)
    with in_tenant(dordrecht.municipality):
        statement_approve(statement=statement, actor=dordrecht.second_account_holder)


def charged(dordrecht: Side, zwijndrecht: Side, *, approved: bool = True) -> Participant:
    """The worked example's placement in Dordrecht of a Zwijndrecht resident: two claims
    (basis 23 days EUR 157.53, plus 22 days EUR 210.96), outgoing in Dordrecht and incoming
    in Zwijndrecht. Returns the participant (as Dordrecht holds them)."""
    case = CASES[0]
    tariffs(dordrecht, case)
    EffortObligation.objects.create(municipality=zwijndrecht.municipality, year=2022, met=False)
    with in_tenant(dordrecht.municipality):
        enrolment = Enrolment.objects.get(organisation=dordrecht.lwb_a)
    placement = place(dordrecht, enrolment, case["placements"][0], home=zwijndrecht.municipality)
    with in_tenant(dordrecht.municipality):
        participant = Participant.objects.get(pk=placement.participant_id)
        participant.first_name, participant.last_name = FIRST_NAME, LAST_NAME
        participant.save()
    statement = settle_q1(dordrecht)
    if approved:
        approve(dordrecht, statement)
    return participant


def claims_of(side: Side) -> list[CrossMunicipalClaim]:
    with in_tenant(side.municipality):
        return list(
            CrossMunicipalClaim.objects.select_related("responded_by").order_by("step_code")
        )


def twins(
    placement_side: Side,
    home_side: Side,
    *,
    quarter: int = 1,
    amount: str = "100.00",
    final: bool = True,
    year: int = 2022,
) -> uuid.UUID:
    """One claim made directly on both sides (outgoing with an approved statement when
    ``final``, else without one)."""
    reference = uuid.uuid4()
    participant = uuid.uuid4()
    shared = {
        "claim_reference": reference,
        "participant_reference": participant,
        "year": year,
        "quarter": quarter,
        "amount": Decimal(amount),
    }
    with in_tenant(placement_side.municipality):
        statement = (
            QuarterStatementFactory(
                municipality=placement_side.municipality,
                enrolment=Enrolment.objects.get(organisation=placement_side.lwb_a),
                year=year,
                quarter=quarter,
                status=StatementStatus.APPROVED,
                approved_by=placement_side.second_account_holder,
                approved_at=timezone.now(),
            )
            if final
            else None
        )
        CrossMunicipalClaimFactory(
            municipality=placement_side.municipality,
            direction=ClaimDirection.OUTGOING,
            counterpart=home_side.municipality,
            statement=statement,
            **shared,
        )
    with in_tenant(home_side.municipality):
        CrossMunicipalClaimFactory(
            municipality=home_side.municipality,
            direction=ClaimDirection.INCOMING,
            counterpart=placement_side.municipality,
            **shared,
        )
    return reference
