"""Determination (vaststelling) at year end per company: realised vs granted vs paid.

``realised`` is the sum of the year's approved quarter statements (correcting statements
included), ``granted`` the amount of the latest approved decision of the year (a grant raised by
a newer decision counts), ``paid`` the payment instructions of the year so far. The amounts come
from ``subsidies.calculations.determine``. A second person approves (four eyes: not whoever
computed it last, ``prepared_by``, also a check in the database); approval renders the letter
and creates the payment or reclaim once.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from participatie.kernel.errors import StateConflict
from participatie.models import Enrolment, User
from participatie.privacy.files import private_file_name
from subsidies import calculations
from subsidies.choices import DecisionStatus, PaymentKind, StatementStatus
from subsidies.models import (
    Determination,
    PaymentInstruction,
    QuarterStatement,
    SubsidyDecision,
    Tariff,
)
from subsidies.services.years import no_tariffs

ZERO = Decimal("0")


def granted_decision(enrolment: Enrolment, year: int) -> SubsidyDecision | None:
    """The decision in force: the most recently approved one of the year."""
    return (
        SubsidyDecision.objects.filter(
            municipality_id=enrolment.municipality_id,
            enrolment=enrolment,
            year=year,
            status__in=(DecisionStatus.APPROVED, DecisionStatus.SENT),
        )
        .order_by("-approved_at", "-pk")
        .first()
    )


def _figures(enrolment: Enrolment, year: int) -> tuple[str, Decimal, Decimal, Decimal]:
    municipality_id = enrolment.municipality_id
    decision = granted_decision(enrolment, year)
    tariff = Tariff.objects.filter(municipality_id=municipality_id, year=year).first()
    if decision is not None:
        advance_model = decision.advance_model
    elif tariff is not None:
        advance_model = tariff.advance_model
    else:
        raise no_tariffs(year)
    realised = (
        QuarterStatement.objects.filter(
            municipality_id=municipality_id,
            enrolment=enrolment,
            year=year,
            status=StatementStatus.APPROVED,
        ).aggregate(total=Sum("total"))["total"]
        or ZERO
    )
    paid = (
        PaymentInstruction.objects.filter(
            Q(statement__year=year) | Q(decision__year=year),
            municipality_id=municipality_id,
            enrolment=enrolment,
            determination__isnull=True,
        ).aggregate(total=Sum("amount"))["total"]
        or ZERO
    )
    granted = decision.amount if decision is not None else ZERO
    return advance_model, realised, granted, max(paid, ZERO)


@transaction.atomic
def determination_compute(*, enrolment: Enrolment, year: int, actor: User) -> Determination:
    """Compute (or recompute) the determination of a company's year; approved ones stay."""
    existing = (
        Determination.objects.select_for_update()
        .filter(municipality_id=enrolment.municipality_id, enrolment=enrolment, year=year)
        .first()
    )
    if existing is not None and existing.approved_at is not None:
        raise StateConflict(_("De vaststelling over %(y)s is al goedgekeurd.") % {"y": year})
    advance_model, realised, granted, paid = _figures(enrolment, year)
    result = calculations.determine(
        advance_model=advance_model, realised=realised, granted=granted, paid=paid
    )
    determination: Determination = existing or Determination(
        municipality_id=enrolment.municipality_id, enrolment=enrolment, year=year
    )
    determination.advance_model = result.advance_model.value
    determination.realised = result.realised
    determination.granted = result.granted
    determination.paid = result.paid
    determination.final = result.final
    determination.balance = result.balance
    determination.prepared_by = actor
    determination.prepared_at = timezone.now()
    determination._history_user = actor  # type: ignore[attr-defined]
    determination.save()
    return determination


def four_eyes_refusal(determination: Determination, user: User) -> str:
    """Why ``user`` may not approve ``determination`` (they computed it last), or ``""``."""
    if determination.prepared_by_id is not None and determination.prepared_by_id == user.pk:
        return _(
            "U hebt deze vaststelling zelf berekend. Een andere accounthouder keurt deze "
            "vaststelling goed (vier-ogenprincipe)."
        )
    return ""


@transaction.atomic
def determination_approve(*, determination: Determination, actor: User) -> Determination:
    from subsidies import letters

    determination = (
        Determination.objects.select_for_update()
        .select_related("enrolment__organisation", "municipality")
        .get(municipality_id=determination.municipality_id, pk=determination.pk)
    )
    if determination.approved_at is not None:
        raise StateConflict(_("Deze vaststelling is al goedgekeurd."))
    refusal = four_eyes_refusal(determination, actor)
    if refusal:
        raise ValidationError(refusal, code="four_eyes")
    determination.approved_by = actor
    determination.approved_at = timezone.now()
    pdf = letters.determination_letter_pdf(determination)
    determination.letter.save(private_file_name("pdf"), ContentFile(pdf), save=False)
    determination._history_user = actor  # type: ignore[attr-defined]
    determination.save()
    if determination.balance != 0:
        PaymentInstruction.objects.get_or_create(
            municipality_id=determination.municipality_id,
            determination=determination,
            defaults={
                "enrolment_id": determination.enrolment_id,
                "kind": PaymentKind.DETERMINATION,
                "amount": determination.balance,
            },
        )
    return determination
