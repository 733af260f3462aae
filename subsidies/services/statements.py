"""After the draft: the company confirms a quarter statement, an account holder approves it, and
a change after approval becomes a new correcting statement.

* ``statement_confirm``: the company's LWB administrator (own company only). Under
  ``quarterly_80_20`` the statement is due within 14 days after the quarter; a later
  confirmation is accepted but flagged ``confirmed_late``.
* ``statement_approve``: an account holder other than the one who prepared the statement
  (``prepared_by``: who pressed "Kwartaal afrekenen" or drew up the correction; four eyes,
  also a check in the database). The row is locked (``select_for_update``), so of two
  approvals at once one succeeds and the other is told the statement is already approved.
  Approval locks the quarter's attendance and creates the payment instruction once, per advance
  model (80 % now under ``quarterly_80_20``; nothing extra under ``full_advance``).
* ``statement_correct``: recomputes the quarter with ``subsidies.calculations`` and stores what
  differs from everything approved so far as a new statement (``corrects`` = the original).

An approved statement is final: every function here refuses to change one with a Dutch
``ValidationError`` (confirm and approve check the locked row's status; a correction is a new
statement and only open corrections are replaced), and the database refuses any update or
delete of it or of its lines, whatever the path: ``QuerySet.update()``, a delete or raw SQL
(migration ``0003_approved_statements_are_final``). Amounts come from
``subsidies.calculations`` only.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from participatie.choices import OrganisationKind, Role
from participatie.kernel.errors import StateConflict
from participatie.models import Membership, User
from subsidies import calculations
from subsidies.choices import AdvanceModel, PaymentKind, StatementStatus
from subsidies.models import PaymentInstruction, QuarterStatement, StatementLine
from subsidies.services.settlement import placements_by_enrolment, settlement_input

# Under quarterly_80_20 the company declares within two weeks after the quarter (seed 000, 4.1.1).
CONFIRMATION_DAYS = 14
ZERO = Decimal("0.00")


def confirmation_due(statement: QuarterStatement) -> date | None:
    """The last day to confirm in time, or ``None`` when no deadline applies."""
    if statement.advance_model != AdvanceModel.QUARTERLY_80_20:
        return None
    _first, last = calculations.quarter_bounds(statement.year, statement.quarter)
    return last + timedelta(days=CONFIRMATION_DAYS)


def _locked(statement: QuarterStatement) -> QuarterStatement:
    return (
        QuarterStatement.objects.select_for_update(of=("self",))
        .select_related("enrolment")
        .get(municipality_id=statement.municipality_id, pk=statement.pk)
    )


def _is_lwb_admin(actor: User, organisation_id: int) -> bool:
    return Membership.objects.filter(
        user=actor, organisation_id=organisation_id, role=Role.LWB_ADMIN
    ).exists()


def _is_account_holder(actor: User, municipality_id: int) -> bool:
    return Membership.objects.filter(
        user=actor,
        role=Role.ACCOUNT_HOLDER,
        organisation__kind=OrganisationKind.MUNICIPAL_OFFICE,
        organisation__municipality_id=municipality_id,
    ).exists()


@transaction.atomic
def statement_confirm(
    *, statement: QuarterStatement, actor: User, today: date | None = None
) -> QuarterStatement:
    """The company's administrator confirms its draft statement."""
    locked = _locked(statement)
    if not _is_lwb_admin(actor, locked.enrolment.organisation_id):
        raise ValidationError(
            _("Alleen de beheerder van dit leerwerkbedrijf kan de declaratie bevestigen.")
        )
    if locked.status == StatementStatus.APPROVED:
        raise StateConflict(_("Deze declaratie is al goedgekeurd."), code="already_approved")
    if locked.status == StatementStatus.CONFIRMED:
        raise StateConflict(_("Deze declaratie is al bevestigd."), code="already_confirmed")
    day = today or timezone.localdate()
    due = confirmation_due(locked)
    locked.status = StatementStatus.CONFIRMED
    locked.confirmed_by = actor
    locked.confirmed_at = timezone.now()
    locked.confirmed_late = due is not None and day > due
    locked.save(update_fields=["status", "confirmed_by", "confirmed_at", "confirmed_late"])
    return locked


def _lock_attendance(statement: QuarterStatement, actor: User) -> None:
    """Lock attendance through the quarter's last day (a lock never moves back)."""
    from participatie.attendance.services import attendance_lock, locked_until

    _first, last = calculations.quarter_bounds(statement.year, statement.quarter)
    current = locked_until(statement.municipality_id)
    if current is not None and current >= last:
        return
    attendance_lock(
        municipality=statement.municipality,
        until=last,
        reason=_("Kwartaaldeclaratie K%(q)s %(y)s goedgekeurd")
        % {"q": statement.quarter, "y": statement.year},
        actor=actor,
    )


@transaction.atomic
def statement_approve(*, statement: QuarterStatement, actor: User) -> QuarterStatement:
    """An account holder approves a confirmed statement: attendance locked, payment once."""
    locked = _locked(statement)
    if locked.status == StatementStatus.APPROVED:
        raise StateConflict(_("Deze declaratie is al goedgekeurd."), code="already_approved")
    if not _is_account_holder(actor, locked.municipality_id):
        raise ValidationError(_("Alleen een budgethouder kan een declaratie goedkeuren."))
    if locked.prepared_by_id is not None and locked.prepared_by_id == actor.pk:
        raise ValidationError(
            _(
                "U heeft deze declaratie zelf opgesteld. Een andere accounthouder moet de "
                "declaratie goedkeuren (vier ogen)."
            ),
            code="four_eyes",
        )
    if locked.status != StatementStatus.CONFIRMED:
        raise ValidationError(
            _("Het leerwerkbedrijf heeft deze declaratie nog niet bevestigd."),
            code="not_confirmed",
        )
    locked.status = StatementStatus.APPROVED
    locked.approved_by = actor
    locked.approved_at = timezone.now()
    locked.save(update_fields=["status", "approved_by", "approved_at"])
    _lock_attendance(locked, actor)
    if locked.advance_model == AdvanceModel.QUARTERLY_80_20 and locked.payable_now != 0:
        PaymentInstruction.objects.get_or_create(
            municipality_id=locked.municipality_id,
            statement=locked,
            defaults={
                "enrolment_id": locked.enrolment_id,
                "kind": PaymentKind.QUARTER,
                "amount": locked.payable_now,
            },
        )
    return locked


def _signed_split(total: Decimal, advance_model: str) -> calculations.AdvanceSplit:
    """A correction may lower a quarter: split the magnitude, keep the sign."""
    split = calculations.advance_split(abs(total), advance_model)
    if total >= 0:
        return split
    return calculations.AdvanceSplit(
        -split.payable_now, -split.held_until_determination, -split.covered_by_advance
    )


@transaction.atomic
def statement_correct(
    *, statement: QuarterStatement, actor: User, today: date | None = None
) -> QuarterStatement:
    """Recompute the quarter of an approved statement and store the difference with everything
    approved so far (the original and earlier corrections) as a new draft correcting
    statement. A draft correction that is still open is replaced."""
    original = _locked(statement)
    if original.corrects_id is not None:
        original = _locked(original.corrects)
    if original.status != StatementStatus.APPROVED:
        raise ValidationError(
            _(
                "Alleen een goedgekeurde declaratie wordt gecorrigeerd; pas een concept aan door "
                "het kwartaal opnieuw te berekenen."
            )
        )
    if not _is_account_holder(actor, original.municipality_id):
        raise ValidationError(_("Alleen een budgethouder kan een correctie opstellen."))
    open_corrections = QuarterStatement.objects.filter(
        municipality_id=original.municipality_id, corrects=original
    ).exclude(status=StatementStatus.APPROVED)
    if open_corrections.filter(status=StatementStatus.CONFIRMED).exists():
        raise ValidationError(
            _("Er staat al een bevestigde correctie klaar voor goedkeuring."),
            code="correction_pending",
        )
    open_corrections.delete()

    municipality = original.municipality
    given = settlement_input(
        municipality=municipality, year=original.year, quarter=original.quarter, today=today
    )
    _start, end = given.period
    placements = placements_by_enrolment(municipality, date(original.year, 1, 1), end)
    now_result = calculations.quarter_statement(
        placements.get(original.enrolment_id, []),
        year=original.year,
        quarter=original.quarter,
        tariffs=given.versions,
        annual_base_fee=given.tariff.base_fee,
        advance_model=original.advance_model,
    )
    approved_corrections = QuarterStatement.objects.filter(
        municipality_id=original.municipality_id,
        corrects=original,
        status=StatementStatus.APPROVED,
    ).values_list("pk", flat=True)
    approved_ids = [original.pk, *approved_corrections]
    # What was approved, per line key; lines that cancel out disappear.
    approved_lines: dict[tuple[int, int, date, date], dict[str, Any]] = defaultdict(
        lambda: {"amount": ZERO, "days": 0, "tariff": ZERO}
    )
    for row in StatementLine.objects.filter(
        municipality_id=original.municipality_id, statement_id__in=approved_ids
    ).values("placement_id", "step_id", "date_from", "date_to", "days", "annual_tariff", "amount"):
        key = (row["placement_id"], row["step_id"], row["date_from"], row["date_to"])
        approved_lines[key]["amount"] += row["amount"]
        approved_lines[key]["days"] = row["days"]
        approved_lines[key]["tariff"] = row["annual_tariff"]
    approved_base = (
        QuarterStatement.objects.filter(
            municipality_id=original.municipality_id, pk__in=approved_ids
        ).aggregate(base=Sum("base_fee"))["base"]
        or ZERO
    )

    new_lines = {
        (int(line.placement), given.step_ids_by_code[line.step], line.start, line.end): line
        for line in now_result.lines
    }
    differences: list[tuple[tuple[int, int, date, date], int, Decimal, Decimal]] = []
    for key in sorted(set(new_lines) | set(approved_lines)):
        new = new_lines.get(key)
        old = approved_lines.get(key)
        new_amount = new.amount if new else ZERO
        old_amount = old["amount"] if old else ZERO
        if new_amount == old_amount:
            continue
        if new is not None:
            days, tariff = new.days, new.annual_tariff
        else:
            assert old is not None  # the key came from one of the two
            days, tariff = old["days"], old["tariff"]
        differences.append((key, days, tariff, new_amount - old_amount))
    base_fee = now_result.base_fee - approved_base
    if not differences and base_fee == 0:
        raise ValidationError(
            _("Het opnieuw berekende kwartaal wijkt niet af van wat is goedgekeurd."),
            code="no_difference",
        )
    lines_total = sum((amount for *_rest, amount in differences), ZERO)
    total = lines_total + base_fee
    split = _signed_split(total, original.advance_model)
    correction = QuarterStatement.objects.create(
        municipality=municipality,
        enrolment_id=original.enrolment_id,
        year=original.year,
        quarter=original.quarter,
        advance_model=original.advance_model,
        lines_total=lines_total,
        base_fee=base_fee,
        total=total,
        payable_now=split.payable_now,
        held=split.held_until_determination,
        corrects=original,
        computed_at=timezone.now(),
        prepared_by=actor,
    )
    StatementLine.objects.bulk_create(
        StatementLine(
            municipality=municipality,
            statement=correction,
            placement_id=placement_id,
            step_id=step_id,
            date_from=date_from,
            date_to=date_to,
            days=days,
            annual_tariff=tariff,
            amount=amount,
        )
        for (placement_id, step_id, date_from, date_to), days, tariff, amount in differences
    )
    return correction
