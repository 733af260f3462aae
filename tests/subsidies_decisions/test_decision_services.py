"""Decisions: amounts from the tariffs, budget check, four eyes, statuses, letter, advance."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from subsidies.choices import DecisionStatus, PaymentKind
from subsidies.models import DecisionLine, PaymentInstruction, SubsidyDecision
from subsidies.services import decisions as svc
from tests.conftest import in_tenant
from tests.subsidies_decisions.helpers import (
    YEAR,
    approved,
    draft,
    enrolment,
    pdf_info,
    pdf_text,
    setup_money,
)

pytestmark = pytest.mark.django_db


def test_draft_amount_is_places_times_tariff_plus_base_fee(dordrecht):
    setup_money(dordrecht)
    decision = draft(dordrecht, {"basis": 4, "plus": 2})
    # 4 x 2,500 + 2 x 3,500 + 300 base fee
    assert decision.amount == Decimal("17300.00")
    assert decision.base_fee == Decimal("300.00")
    assert decision.status == DecisionStatus.DRAFT
    assert decision.advance_model == "full_advance"
    with in_tenant(dordrecht.municipality):
        lines = {
            line.step.code: (line.places, line.amount)
            for line in DecisionLine.objects.filter(decision=decision).select_related("step")
        }
    assert lines == {"basis": (4, Decimal("10000.00")), "plus": (2, Decimal("7000.00"))}


def test_no_tariff_schedule_for_the_year_is_a_clear_error(dordrecht):
    setup_money(dordrecht)
    with pytest.raises(ValidationError) as error:
        draft(dordrecht, year=2023)
    assert "geen tarieven vastgesteld voor 2023" in str(error.value)
    with in_tenant(dordrecht.municipality):
        assert not SubsidyDecision.objects.exists()


@pytest.mark.parametrize(
    "places", [{"basis": -1}, {"basis": "vier"}, {"basis": "2.5"}, {"basis": 0, "plus": ""}]
)
def test_negative_non_numeric_or_no_places_are_refused(dordrecht, places):
    setup_money(dordrecht)
    with pytest.raises(ValidationError):
        draft(dordrecht, places)
    with in_tenant(dordrecht.municipality):
        assert not SubsidyDecision.objects.exists()


def test_unknown_step_is_refused(dordrecht):
    setup_money(dordrecht)
    with pytest.raises(ValidationError, match="bestaat niet"):
        draft(dordrecht, {"goud": 1})


def test_over_budget_needs_explicit_confirmation(dordrecht):
    # remaining = 30,000 - 10,000 - 0 = 20,000; 10 plus places = 35,300
    setup_money(dordrecht, allocated="30000", mu_cost="10000")
    with pytest.raises(ValidationError) as error:
        draft(dordrecht, {"plus": 10})
    message = " ".join(error.value.messages)
    assert "€\u00a035.300,00" in message and "€\u00a020.000,00" in message
    with in_tenant(dordrecht.municipality):
        assert not SubsidyDecision.objects.exists()
    decision = draft(dordrecht, {"plus": 10}, over_budget_confirmed=True)
    assert decision.over_budget_confirmed


def test_approved_decisions_use_up_the_budget(dordrecht):
    setup_money(dordrecht, allocated="30000", mu_cost="10000")
    approved(dordrecht, {"basis": 6})  # 15,300
    with pytest.raises(ValidationError, match="resterende budget"):
        draft(dordrecht, {"basis": 2})  # 5,300 > 4,700


def test_drafter_cannot_approve_own_decision(dordrecht):
    setup_money(dordrecht)
    decision = draft(dordrecht)
    with in_tenant(dordrecht.municipality):
        svc.decision_propose(decision=decision, actor=dordrecht.account_holder)
        with pytest.raises(ValidationError, match="vier-ogenprincipe"):
            svc.decision_approve(decision=decision, actor=dordrecht.account_holder)
        decision.refresh_from_db()
    assert decision.status == DecisionStatus.PROPOSED
    assert not decision.letter


def test_database_refuses_an_approval_by_the_drafter(dordrecht):
    setup_money(dordrecht)
    decision = draft(dordrecht)
    with pytest.raises(IntegrityError), in_tenant(dordrecht.municipality):
        SubsidyDecision.objects.filter(pk=decision.pk).update(
            status=DecisionStatus.APPROVED, approved_by=dordrecht.account_holder
        )


def test_approval_needs_a_proposal_and_happens_once(dordrecht):
    setup_money(dordrecht)
    decision = draft(dordrecht)
    with in_tenant(dordrecht.municipality):
        with pytest.raises(ValidationError, match="ter goedkeuring"):
            svc.decision_approve(decision=decision, actor=dordrecht.second_account_holder)
        svc.decision_propose(decision=decision, actor=dordrecht.account_holder)
        svc.decision_approve(decision=decision, actor=dordrecht.second_account_holder)
        with pytest.raises(ValidationError, match="al goedgekeurd"):
            svc.decision_approve(decision=decision, actor=dordrecht.second_account_holder)
        assert PaymentInstruction.objects.filter(decision=decision).count() == 1


def test_approval_renders_the_letter_and_pays_the_full_advance_once(dordrecht):
    setup_money(dordrecht)
    decision = approved(dordrecht, {"basis": 4, "plus": 2})
    assert decision.status == DecisionStatus.APPROVED
    assert decision.approved_by == dordrecht.second_account_holder
    with in_tenant(dordrecht.municipality):
        (payment,) = PaymentInstruction.objects.filter(decision=decision)
    assert (payment.kind, payment.amount) == (PaymentKind.ADVANCE, Decimal("17300.00"))
    with decision.letter.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    for expected in (
        "Gemeente Dordrecht",
        "Kringloop Dordrecht",
        "2022",
        "€ 17.300,00",
        "€ 10.000,00",
        "€ 7.000,00",
        "€ 300,00",
        "Voorschot bij de start van 2022",
        "Bezwaar: binnen zes weken na de dagtekening",
    ):
        assert expected in text, expected
    assert "Tagged:          yes" in pdf_info(data)  # PDF/UA-1


def test_quarterly_80_20_has_no_advance_payment_and_a_quarter_schedule(dordrecht):
    setup_money(dordrecht, advance_model="quarterly_80_20")
    decision = approved(dordrecht, {"basis": 4})  # 10,300
    with in_tenant(dordrecht.municipality):
        assert not PaymentInstruction.objects.filter(decision=decision).exists()
    with decision.letter.open("rb") as handle:
        text = pdf_text(handle.read())
    assert "Kwartaal 4: 80 % na de declaratie" in text
    assert "Vaststelling: de ingehouden 20 %" in text
    assert text.count("€ 2.060,00") == 5  # 80 % of 2,575 per quarter; 20 % of 10,300


def test_send_after_approval_only(dordrecht):
    setup_money(dordrecht)
    decision = draft(dordrecht)
    with in_tenant(dordrecht.municipality):
        with pytest.raises(ValidationError):
            svc.decision_send(decision=decision, actor=dordrecht.account_holder)
    decision = approved(dordrecht)
    with in_tenant(dordrecht.municipality):
        sent = svc.decision_send(decision=decision, actor=dordrecht.account_holder)
    assert sent.status == DecisionStatus.SENT and sent.sent_at


def test_editing_an_approved_or_sent_decision_is_refused(dordrecht):
    setup_money(dordrecht)
    decision = approved(dordrecht)
    with in_tenant(dordrecht.municipality):
        with pytest.raises(ValidationError, match="nieuwe beschikking"):
            svc.decision_update(
                decision=decision, places={"basis": 1}, actor=dordrecht.account_holder
            )
        svc.decision_send(decision=decision, actor=dordrecht.account_holder)
        with pytest.raises(ValidationError, match="nieuwe beschikking"):
            svc.decision_update(
                decision=decision, places={"basis": 1}, actor=dordrecht.account_holder
            )
        decision.refresh_from_db()
    assert decision.amount == Decimal("17300.00")


def test_a_draft_can_be_edited(dordrecht):
    setup_money(dordrecht)
    decision = draft(dordrecht)
    with in_tenant(dordrecht.municipality):
        svc.decision_propose(decision=decision, actor=dordrecht.account_holder)
        edited = svc.decision_update(
            decision=decision, places={"basis": 1}, actor=dordrecht.account_holder
        )
    assert (edited.status, edited.amount) == (DecisionStatus.DRAFT, Decimal("2800.00"))


def test_amend_creates_a_new_decision_referring_to_the_old_and_pays_the_difference(dordrecht):
    setup_money(dordrecht)
    old = approved(dordrecht, {"basis": 4})  # 10,300
    with in_tenant(dordrecht.municipality):
        new = svc.decision_amend(
            decision=old, places={"basis": 4, "plus": 1}, actor=dordrecht.account_holder
        )
        assert new.pk != old.pk and new.supersedes_id == old.pk
        assert new.status == DecisionStatus.DRAFT and new.amount == Decimal("13800.00")
        svc.decision_propose(decision=new, actor=dordrecht.account_holder)
        svc.decision_approve(decision=new, actor=dordrecht.second_account_holder)
        payments = dict(
            PaymentInstruction.objects.filter(enrolment=enrolment(dordrecht)).values_list(
                "decision_id", "amount"
            )
        )
        old.refresh_from_db()
    assert old.status == DecisionStatus.APPROVED and old.amount == Decimal("10300.00")
    assert payments == {old.pk: Decimal("10300.00"), new.pk: Decimal("3500.00")}
    # the amended grant replaces the old one in the budget
    with in_tenant(dordrecht.municipality):
        room = svc.budget_room(dordrecht.municipality, YEAR)
    assert room.granted == Decimal("13800.00")


def test_amending_a_draft_is_refused(dordrecht):
    setup_money(dordrecht)
    decision = draft(dordrecht)
    with in_tenant(dordrecht.municipality), pytest.raises(ValidationError):
        svc.decision_amend(decision=decision, places={"basis": 1}, actor=dordrecht.account_holder)


def test_application_submit_stores_places_per_step(dordrecht):
    setup_money(dordrecht)
    with in_tenant(dordrecht.municipality):
        application = svc.application_submit(
            enrolment=enrolment(dordrecht),
            year=YEAR,
            places={"basis": "3", "plus": ""},
            actor=dordrecht.lwb_a_admin,
        )
        lines = list(application.lines.values_list("step__code", "places"))
    assert lines == [("basis", 3)]


def test_application_for_unknown_year_or_bad_places_is_refused(dordrecht):
    setup_money(dordrecht)
    with in_tenant(dordrecht.municipality):
        with pytest.raises(ValidationError):
            svc.application_submit(
                enrolment=enrolment(dordrecht),
                year=2030,
                places={"basis": 1},
                actor=dordrecht.lwb_a_admin,
            )
        with pytest.raises(ValidationError):
            svc.application_submit(
                enrolment=enrolment(dordrecht),
                year=YEAR,
                places={"basis": -2},
                actor=dordrecht.lwb_a_admin,
            )
