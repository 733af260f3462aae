"""Confirm by the company, approve by an account holder (attendance locked, payment once),
corrections after approval, and an approved statement that cannot be edited."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from participatie.attendance.services import locked_until
from participatie.models import Step, StepDecision
from participatie.placements.choices import StepDecisionStatus
from subsidies import calculations
from subsidies.choices import PaymentKind, StatementStatus
from subsidies.models import PaymentInstruction, QuarterStatement, StatementLine
from subsidies.services.settlement import quarter_settle
from subsidies.services.statements import (
    statement_approve,
    statement_confirm,
    statement_correct,
)
from tests.conftest import in_tenant
from tests.subsidies_statements.conftest import reload, settle

D = datetime.date


def confirm(side, statement, user=None, today=D(2022, 4, 10)):
    with in_tenant(side.municipality):
        return statement_confirm(statement=statement, actor=user or side.lwb_a_admin, today=today)


def approve(side, statement, user=None):
    with in_tenant(side.municipality):
        return statement_approve(statement=statement, actor=user or side.account_holder)


def test_company_confirms_in_time_and_the_account_holder_approves(dordrecht, draft):
    confirmed = confirm(dordrecht, draft, today=D(2022, 4, 14))
    assert confirmed.status == StatementStatus.CONFIRMED and not confirmed.confirmed_late
    approved = approve(dordrecht, draft)
    assert approved.status == StatementStatus.APPROVED
    assert approved.approved_by == dordrecht.account_holder
    with in_tenant(dordrecht.municipality):
        (payment,) = PaymentInstruction.objects.all()
        assert locked_until(dordrecht.municipality.pk) == D(2022, 3, 31)
    # 80 % of 443.49 now; 88.70 held until the determination.
    assert (payment.kind, payment.amount, payment.statement_id) == (
        PaymentKind.QUARTER,
        Decimal("354.79"),
        draft.pk,
    )


def test_confirmation_after_14_days_is_accepted_but_flagged_late(dordrecht, draft):
    late = confirm(dordrecht, draft, today=D(2022, 4, 15))
    assert late.status == StatementStatus.CONFIRMED and late.confirmed_late
    assert reload(dordrecht, draft).confirmed_late


def test_no_deadline_under_full_advance(dordrecht):
    statement = settle(dordrecht, advance_model="full_advance")
    assert not confirm(dordrecht, statement, today=D(2022, 9, 1)).confirmed_late


def test_only_the_companys_own_administrator_confirms(dordrecht, draft):
    for user in (dordrecht.lwb_b_admin, dordrecht.lwb_a_supervisor, dordrecht.account_holder):
        with pytest.raises(ValidationError, match="beheerder van dit leerwerkbedrijf"):
            confirm(dordrecht, draft, user=user)
    assert reload(dordrecht, draft).status == StatementStatus.DRAFT


def test_approval_needs_a_confirmed_statement_and_an_account_holder(dordrecht, draft):
    with pytest.raises(ValidationError, match="nog niet bevestigd"):
        approve(dordrecht, draft)
    confirm(dordrecht, draft)
    with pytest.raises(ValidationError, match="budgethouder"):
        approve(dordrecht, draft, user=dordrecht.policy_officer)
    with in_tenant(dordrecht.municipality):
        assert not PaymentInstruction.objects.exists()


def test_second_approval_is_refused_and_pays_nothing_more(dordrecht, draft):
    confirm(dordrecht, draft)
    approve(dordrecht, draft)
    with pytest.raises(ValidationError, match="al goedgekeurd"):
        approve(dordrecht, draft, user=dordrecht.second_account_holder)
    with in_tenant(dordrecht.municipality):
        assert PaymentInstruction.objects.count() == 1


def test_full_advance_approval_pays_nothing_extra_but_locks_attendance(dordrecht):
    statement = settle(dordrecht, advance_model="full_advance")
    confirm(dordrecht, statement)
    approve(dordrecht, statement)
    with in_tenant(dordrecht.municipality):
        assert not PaymentInstruction.objects.exists()
        assert locked_until(dordrecht.municipality.pk) == D(2022, 3, 31)


def test_an_existing_later_lock_is_kept(dordrecht, draft):
    from participatie.attendance.services import attendance_lock

    with in_tenant(dordrecht.municipality):
        attendance_lock(
            municipality=dordrecht.municipality,
            until=D(2022, 6, 30),
            reason="Eerder vergrendeld",
            actor=dordrecht.account_holder,
        )
    confirm(dordrecht, draft)
    approve(dordrecht, draft)
    with in_tenant(dordrecht.municipality):
        assert locked_until(dordrecht.municipality.pk) == D(2022, 6, 30)


def test_an_approved_statement_and_its_lines_cannot_be_edited(dordrecht, draft):
    """The database refuses it (every other path: test_approved_is_final.py)."""
    confirm(dordrecht, draft)
    approve(dordrecht, draft)
    with in_tenant(dordrecht.municipality):
        statement = QuarterStatement.objects.get(pk=draft.pk)
        statement.total = Decimal("999.99")
        with (
            pytest.raises(IntegrityError, match="goedgekeurde declaratie kan niet"),
            transaction.atomic(),
        ):
            statement.save()
        line = StatementLine.objects.filter(statement=statement).first()
        line.amount = Decimal("1.00")
        with (
            pytest.raises(IntegrityError, match="goedgekeurde declaratie kan niet"),
            transaction.atomic(),
        ):
            line.save()
    with in_tenant(dordrecht.municipality):
        assert QuarterStatement.objects.get(pk=draft.pk).total == Decimal("443.49")


def test_rerunning_the_quarter_leaves_the_approved_statement_alone(dordrecht, draft):
    confirm(dordrecht, draft)
    approve(dordrecht, draft)
    with in_tenant(dordrecht.municipality):
        assert (
            quarter_settle(
                municipality=dordrecht.municipality, year=2022, quarter=1, today=D(2022, 5, 1)
            )
            == []
        )
        assert QuarterStatement.objects.get().status == StatementStatus.APPROVED


def _step_change(side, placement, day, code):
    with in_tenant(side.municipality):
        StepDecision.objects.create(
            municipality=side.municipality,
            placement=placement,
            step=Step.objects.get(municipality=side.municipality, year=2022, code=code),
            valid_from=day,
            justification="Later vastgesteld.",
            status=StepDecisionStatus.APPROVED,
            advised_by=side.consultant,
        )


def test_a_correction_after_approval_holds_the_difference(dordrecht, draft):
    confirm(dordrecht, draft)
    approve(dordrecht, draft)
    # Found afterwards: the step went back to basis from 20 March.
    _step_change(dordrecht, draft.placement, D(2022, 3, 20), "basis")
    with in_tenant(dordrecht.municipality):
        correction = statement_correct(
            statement=draft, actor=dordrecht.second_account_holder, today=D(2022, 5, 1)
        )
        lines = list(correction.lines.order_by("date_from", "amount"))
    assert correction.corrects_id == draft.pk and correction.status == StatementStatus.DRAFT
    expected = calculations.quarter_statement(
        [
            calculations.Placement(
                id="p",
                start=D(2022, 2, 15),
                end=None,
                steps=(
                    (D(2022, 2, 15), "basis"),
                    (D(2022, 3, 10), "plus"),
                    (D(2022, 3, 20), "basis"),
                ),
            )
        ],
        year=2022,
        quarter=1,
        tariffs={"basis": Decimal("2500"), "plus": Decimal("3500")},
        annual_base_fee=Decimal("300"),
        advance_model="quarterly_80_20",
    )
    # Original + correction = the recomputed quarter, to the cent.
    assert draft.total + correction.total == expected.total
    assert correction.base_fee == Decimal("0.00")
    # The plus line 10-31 March is reversed, plus 10-19 and basis 20-31 March are added.
    assert [(line.date_from, line.date_to, line.amount) for line in lines] == [
        (D(2022, 3, 10), D(2022, 3, 31), Decimal("-210.96")),
        (D(2022, 3, 10), D(2022, 3, 19), Decimal("95.89")),
        (D(2022, 3, 20), D(2022, 3, 31), Decimal("82.19")),
    ]
    assert correction.total == Decimal("-32.88")
    assert correction.payable_now + correction.held == correction.total
    # The correction goes the same way: confirm, approve, pay (here: reclaim 80 %) once.
    confirm(dordrecht, correction, today=D(2022, 5, 2))
    approve(dordrecht, correction)
    with in_tenant(dordrecht.municipality):
        assert PaymentInstruction.objects.get(statement=correction).amount == Decimal("-26.30")


def test_correcting_without_a_difference_saves_nothing(dordrecht, draft):
    confirm(dordrecht, draft)
    approve(dordrecht, draft)
    with in_tenant(dordrecht.municipality), pytest.raises(ValidationError, match="wijkt niet af"):
        statement_correct(statement=draft, actor=dordrecht.account_holder, today=D(2022, 5, 1))
    with in_tenant(dordrecht.municipality):
        assert QuarterStatement.objects.count() == 1


def test_only_an_approved_statement_is_corrected(dordrecht, draft):
    with in_tenant(dordrecht.municipality), pytest.raises(ValidationError, match="goedgekeurde"):
        statement_correct(statement=draft, actor=dordrecht.account_holder, today=D(2022, 5, 1))


def test_statement_for_a_quarter_not_yet_ended_is_refused(dordrecht):
    with pytest.raises(ValidationError, match="nog niet voorbij"):
        settle(dordrecht, today=D(2022, 3, 31))
    with in_tenant(dordrecht.municipality):
        assert not QuarterStatement.objects.exists()
