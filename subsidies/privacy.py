"""Where subsidies keep data about a person, for the subject export (right of access) and for
erasure: statement lines (the fee paid for the person's placement) and cross-municipal claims
(the person's pseudonymous reference). Amounts are financial records: they stay, anonymisation
takes only the person's identity (which lives in ``participatie``)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participatie.kernel.calendar import quarter_of
from participatie.models import Participant, Placement
from participatie.privacy.retention import register_erasure_check
from participatie.privacy.subject import SubjectSection, register_subject_section
from subsidies.choices import StatementStatus
from subsidies.models import QuarterStatement


def register() -> None:
    register_subject_section(
        SubjectSection(
            key="statement_lines",
            label=gettext_lazy("Vergoedingen (declaratieregels)"),
            model="subsidies.StatementLine",
            path="placement__participant",
            select_related=("step",),
            fields=("placement", "step", "date_from", "date_to", "days", "annual_tariff", "amount"),
            order=70,
        )
    )
    register_subject_section(
        SubjectSection(
            key="cross_municipal_claims",
            label=gettext_lazy("Verrekening met een andere gemeente (gepseudonimiseerd)"),
            model="subsidies.CrossMunicipalClaim",
            path=None,
            reference_field="participant_reference",
            select_related=("counterpart",),
            fields=("direction", "counterpart", "year", "quarter", "step_code", "days", "amount"),
            order=75,
        )
    )
    register_erasure_check(unsettled_quarters)


def _quarters(start: date, end: date) -> list[tuple[int, int]]:
    found = []
    year, quarter = start.year, quarter_of(start)
    while (year, quarter) <= (end.year, quarter_of(end)):
        found.append((year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return found


def unsettled_quarters(participant: Participant) -> str | None:
    """Why the person's data may not be erased yet: a quarter of one of their placements that
    is not settled (no approved statement of that company for it, counting from after the
    company's last approved quarter). Its fees still have to be computed from the days."""
    today = timezone.localdate()
    placements = list(
        Placement.objects.filter(
            municipality_id=participant.municipality_id, participant=participant
        )
        .select_related("enrolment__organisation")
        .order_by("start_date")
    )
    if not placements:
        return None
    approved: dict[int, set[tuple[int, int]]] = {}
    for enrolment_id, year, quarter in QuarterStatement.objects.filter(
        municipality_id=participant.municipality_id,
        enrolment_id__in={p.enrolment_id for p in placements},
        status=StatementStatus.APPROVED,
    ).values_list("enrolment_id", "year", "quarter"):
        approved.setdefault(enrolment_id, set()).add((year, quarter))
    for placement in placements:
        done = approved.get(placement.enrolment_id, set())
        last_done = max(done) if done else None
        end = min(placement.end_date or today, today)
        for year, quarter in _quarters(placement.start_date, end):
            if (year, quarter) in done or (last_done is not None and (year, quarter) < last_done):
                continue
            return _(
                "Kwartaal %(quarter)s %(year)s van de plaatsing bij %(company)s is nog niet "
                "afgerekend. Verwijder de gegevens pas als dat kwartaal is goedgekeurd."
            ) % {
                "quarter": quarter,
                "year": year,
                "company": placement.enrolment.organisation.name,
            }
    return None
