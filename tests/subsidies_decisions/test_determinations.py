"""Determination at year end: realised vs granted vs paid, four eyes, letter, payment once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from subsidies.choices import PaymentKind, StatementStatus
from subsidies.models import PaymentInstruction
from subsidies.services import decisions as decision_svc
from subsidies.services.determinations import determination_approve, determination_compute
from tests.conftest import in_tenant
from tests.factories_subsidies import QuarterStatementFactory
from tests.subsidies_decisions.helpers import YEAR, approved, enrolment, pdf_text, setup_money

pytestmark = pytest.mark.django_db


def statements(side, totals, *, advance_model="full_advance", approver=None, status=None):
    """Approved quarter statements with these totals; under 80/20 the 80 % is paid."""
    with in_tenant(side.municipality):
        company = enrolment(side)
        made = []
        for quarter, total in enumerate(totals, start=1):
            total = Decimal(total)
            now = (total * Decimal("0.8")).quantize(Decimal("0.01"))
            statement = QuarterStatementFactory(
                municipality=side.municipality,
                enrolment=company,
                year=YEAR,
                quarter=quarter,
                advance_model=advance_model,
                lines_total=total,
                base_fee=Decimal("0"),
                total=total,
                payable_now=now if advance_model != "full_advance" else Decimal("0"),
                held=total - now if advance_model != "full_advance" else Decimal("0"),
                status=status or StatementStatus.APPROVED,
                approved_by=approver or side.second_account_holder,
                approved_at=timezone.now(),
            )
            if advance_model != "full_advance" and statement.status == StatementStatus.APPROVED:
                PaymentInstruction.objects.create(
                    municipality=side.municipality,
                    enrolment=company,
                    statement=statement,
                    kind=PaymentKind.QUARTER,
                    amount=now,
                )
            made.append(statement)
    return made


def compute(side, actor=None):
    with in_tenant(side.municipality):
        return determination_compute(
            enrolment=enrolment(side), year=YEAR, actor=actor or side.account_holder
        )


def approve(side, determination, actor=None):
    with in_tenant(side.municipality):
        return determination_approve(
            determination=determination, actor=actor or side.second_account_holder
        )


def payments(side, determination):
    with in_tenant(side.municipality):
        return list(
            PaymentInstruction.objects.filter(determination=determination).values_list(
                "kind", "amount"
            )
        )


def test_full_advance_underspend_is_reclaimed(dordrecht):
    setup_money(dordrecht)
    approved(dordrecht, {"basis": 4})  # 10,300 paid as advance
    statements(dordrecht, ["2000", "2000", "2000", "2000"])
    determination = compute(dordrecht)
    assert (determination.realised, determination.granted, determination.paid) == (
        Decimal("8000.00"),
        Decimal("10300.00"),
        Decimal("10300.00"),
    )
    assert (determination.final, determination.balance) == (
        Decimal("8000.00"),
        Decimal("-2300.00"),
    )
    determination = approve(dordrecht, determination)
    assert payments(dordrecht, determination) == [(PaymentKind.DETERMINATION, Decimal("-2300.00"))]
    with determination.letter.open("rb") as handle:
        text = pdf_text(handle.read())
    assert "Wij vorderen van u terug" in text and "€ 2.300,00" in text
    assert "Kringloop Dordrecht" in text and "Bezwaar" in text


def test_full_advance_overspend_is_capped_at_the_grant(dordrecht):
    setup_money(dordrecht)
    approved(dordrecht, {"basis": 4})  # 10,300
    statements(dordrecht, ["3000", "3000", "3000", "3000"])
    determination = compute(dordrecht)
    assert (determination.final, determination.balance) == (Decimal("10300.00"), Decimal("0"))
    determination = approve(dordrecht, determination)
    assert payments(dordrecht, determination) == []


def test_a_grant_raised_by_a_new_decision_counts(dordrecht):
    setup_money(dordrecht)
    old = approved(dordrecht, {"basis": 4})  # 10,300
    with in_tenant(dordrecht.municipality):
        new = decision_svc.decision_amend(
            decision=old, places={"basis": 5}, actor=dordrecht.account_holder
        )  # 12,800
        decision_svc.decision_propose(decision=new, actor=dordrecht.account_holder)
        decision_svc.decision_approve(decision=new, actor=dordrecht.second_account_holder)
    statements(dordrecht, ["3000", "3000", "3000", "3000"])
    determination = compute(dordrecht)
    assert determination.granted == Decimal("12800.00")
    assert determination.paid == Decimal("12800.00")  # advance 10,300 + 2,500
    assert (determination.final, determination.balance) == (Decimal("12000.00"), Decimal("-800.00"))


def test_quarterly_80_20_pays_the_held_20_percent(dordrecht):
    setup_money(dordrecht, advance_model="quarterly_80_20")
    approved(dordrecht, {"basis": 4})
    statements(dordrecht, ["443.49", "1000", "1000", "1000"], advance_model="quarterly_80_20")
    determination = compute(dordrecht)
    # paid 354.79 + 3 x 800; held 88.70 + 3 x 200
    assert determination.paid == Decimal("2754.79")
    assert (determination.final, determination.balance) == (Decimal("3443.49"), Decimal("688.70"))
    determination = approve(dordrecht, determination)
    assert payments(dordrecht, determination) == [(PaymentKind.DETERMINATION, Decimal("688.70"))]
    with determination.letter.open("rb") as handle:
        assert "Wij betalen u nog" in pdf_text(handle.read())


def test_draft_statements_do_not_count_as_realised(dordrecht):
    setup_money(dordrecht)
    approved(dordrecht, {"basis": 4})
    statements(dordrecht, ["2000"], status=StatementStatus.DRAFT)
    assert compute(dordrecht).realised == Decimal("0.00")


def test_who_computed_cannot_approve_and_approval_happens_once(dordrecht):
    setup_money(dordrecht)
    approved(dordrecht, {"basis": 4})
    determination = compute(dordrecht, actor=dordrecht.account_holder)
    with pytest.raises(ValidationError, match="vier-ogenprincipe"):
        approve(dordrecht, determination, actor=dordrecht.account_holder)
    approve(dordrecht, determination)
    with pytest.raises(ValidationError, match="al goedgekeurd"):
        approve(dordrecht, determination)
    with pytest.raises(ValidationError, match="al goedgekeurd"):
        compute(dordrecht)
    assert len(payments(dordrecht, determination)) == 1


def test_recompute_replaces_an_unapproved_determination(dordrecht):
    setup_money(dordrecht)
    approved(dordrecht, {"basis": 4})
    first = compute(dordrecht)
    statements(dordrecht, ["1000"])
    second = compute(dordrecht, actor=dordrecht.second_account_holder)
    assert second.pk == first.pk and second.realised == Decimal("1000.00")
    # now the second account holder computed it last, so the first may approve
    approve(dordrecht, second, actor=dordrecht.account_holder)


def test_no_tariffs_and_no_decision_is_a_clear_error(dordrecht):
    with pytest.raises(ValidationError, match="geen tarieven"):
        compute(dordrecht)
