"""Letters as PDF (WeasyPrint): the decision (beschikking) and the determination (vaststelling).

Rendered from Django templates in Dutch, as tagged PDF/UA-1 (structure tags, document title and
language), so screen readers can read them. The amounts are the stored ones; nothing is
computed here except the advance schedule, which comes from ``subsidies.calculations``.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from participatie.kernel.pdf import euro, render_pdf
from subsidies import calculations
from subsidies.choices import AdvanceModel
from subsidies.models import DecisionLine, Determination, MatchingUnitDecision, SubsidyDecision


def schedule_rows(amount: Decimal, advance_model: str, year: int) -> list[tuple[str, str]]:
    rows = []
    for instalment in calculations.advance_schedule(amount, advance_model):
        if instalment.moment == "year_start":
            when = _("Voorschot bij de start van %(y)s") % {"y": year}
        elif instalment.moment == "quarter":
            when = _("Kwartaal %(q)s: 80 %% na de declaratie") % {"q": instalment.quarter}
        else:
            when = _("Vaststelling: de ingehouden 20 %")
        rows.append((when, euro(instalment.amount)))
    return rows


def decision_letter_pdf(decision: SubsidyDecision) -> bytes:
    lines = (
        DecisionLine.objects.filter(municipality_id=decision.municipality_id, decision=decision)
        .select_related("step")
        .order_by("step__position")
    )
    context = {
        "decision": decision,
        "municipality": decision.municipality,
        "company": decision.enrolment.organisation,
        "lines": [
            {
                "step": line.step.label,
                "places": line.places,
                "tariff": euro(line.annual_amount),
                "amount": euro(line.amount),
            }
            for line in lines
        ],
        "base_fee": euro(decision.base_fee),
        "total": euro(decision.amount),
        "schedule": schedule_rows(decision.amount, decision.advance_model, decision.year),
        "full_advance": decision.advance_model == AdvanceModel.FULL_ADVANCE,
        "dated": timezone.localdate(decision.approved_at) if decision.approved_at else None,
    }
    return render_pdf("subsidies/letters/decision.html", context)


def determination_letter_pdf(determination: Determination) -> bytes:
    context = {
        "determination": determination,
        "municipality": determination.municipality,
        "company": determination.enrolment.organisation,
        "realised": euro(determination.realised),
        "granted": euro(determination.granted),
        "paid": euro(determination.paid),
        "final": euro(determination.final),
        "to_pay": euro(max(determination.balance, Decimal("0"))),
        "to_reclaim": euro(max(-determination.balance, Decimal("0"))),
        "balance": determination.balance,
        "full_advance": determination.advance_model == AdvanceModel.FULL_ADVANCE,
        "dated": timezone.localdate(determination.approved_at)
        if determination.approved_at
        else None,
    }
    return render_pdf("subsidies/letters/determination.html", context)


def matching_unit_schedule_rows(decision: MatchingUnitDecision) -> list[tuple[str, str]]:
    """The advance schedule of a matching unit's decision: as a company's, except that a
    quarter's 80 % follows the approval of the unit's cost of that quarter."""
    rows = []
    for instalment in calculations.advance_schedule(decision.amount, decision.advance_model):
        if instalment.moment == "year_start":
            when = _("Voorschot bij goedkeuring van deze beschikking")
        elif instalment.moment == "quarter":
            when = _("Kwartaal %(q)s: 80 %% na goedkeuring van de kosten van het kwartaal") % {
                "q": instalment.quarter
            }
        else:
            when = _("Vaststelling: de ingehouden 20 %")
        rows.append((when, euro(instalment.amount)))
    return rows


def matching_unit_decision_letter_pdf(decision: MatchingUnitDecision) -> bytes:
    """The decision letter to a matching unit: addressed to the organisation, no person's
    name (neither the unit's staff nor the account holders)."""
    application = decision.application
    context = {
        "decision": decision,
        "municipality": decision.municipality,
        "unit": application.matching_unit,
        "requested": euro(application.amount),
        "applied_on": timezone.localdate(application.submitted_at),
        "total": euro(decision.amount),
        "schedule": matching_unit_schedule_rows(decision),
        "full_advance": decision.advance_model == AdvanceModel.FULL_ADVANCE,
        "dated": timezone.localdate(decision.approved_at) if decision.approved_at else None,
    }
    return render_pdf("subsidies/matching_unit/letter.html", context)
