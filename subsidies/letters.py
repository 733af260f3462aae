"""Letters as PDF (WeasyPrint): the decision (beschikking) and the determination (vaststelling).

Rendered from Django templates in Dutch, as tagged PDF/UA-1 (structure tags, document title and
language), so screen readers can read them. The amounts are the stored ones; nothing is
computed here except the advance schedule, which comes from ``subsidies.calculations``.
"""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from subsidies import calculations
from subsidies.choices import AdvanceModel
from subsidies.models import DecisionLine, Determination, SubsidyDecision

PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1"}


def euro(value: Decimal) -> str:
    """Dutch notation: € 1.234,56."""
    sign = "-" if value < 0 else ""
    text = f"{abs(value):,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return f"{sign}€ {text}"


def _pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # imported late: it loads Pango and fonts

    with translation.override("nl"):
        html = render_to_string(template, context)
    return HTML(string=html).write_pdf(font_config=_font_config(), **PDF_OPTIONS)


_local = threading.local()


def _font_config() -> Any:
    """One font configuration per thread (Pango's font map is not shared across threads).
    A new one per letter reloads fontconfig and leaks memory in long batches."""
    if not hasattr(_local, "font_config"):
        from weasyprint.text.fonts import FontConfiguration

        _local.font_config = FontConfiguration()
    return _local.font_config


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
    return _pdf("subsidies/letters/decision.html", context)


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
    return _pdf("subsidies/letters/determination.html", context)
