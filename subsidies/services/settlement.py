"""Quarter statements: compute per company enrolment the lines (placement, step, tariff, days,
amount) and the base fee, and store them as a draft.

The database selects what a quarter needs in one query (every approved step decision of every
placement that overlaps the year up to the quarter's end); the segments, day counts and amounts
come from ``subsidies.calculations``, the one place where money and day counts are computed;
statements and lines are written in bulk, a handful of queries whatever the number of
placements. Re-running replaces
drafts and never touches an approved statement.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from participatie.choices import StepDecisionStatus
from participatie.models import Municipality, Placement, StepDecision
from participatie.tenancy.context import tenant_context
from participatie.tenancy.db import bulk_insert
from subsidies import calculations
from subsidies.choices import ClaimDirection, StatementStatus
from subsidies.models import (
    CrossMunicipalClaim,
    EffortObligation,
    QuarterStatement,
    StatementLine,
    StepTariff,
    Tariff,
)

LINE_FIELDS = [
    "municipality",
    "statement",
    "placement",
    "step",
    "date_from",
    "date_to",
    "days",
    "annual_tariff",
    "amount",
]


@dataclass(frozen=True)
class SettlementInput:
    tariff: Tariff
    tariffs_by_code: dict[str, Decimal]
    step_ids_by_code: dict[str, int]
    period: tuple[date, date]


def settlement_input(
    *, municipality: Municipality, year: int, quarter: int, today: date | None = None
) -> SettlementInput:
    """What settling needs, or a Dutch ValidationError saying what is missing."""
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": _("Een kwartaal is 1, 2, 3 of 4.")})
    start, end = calculations.quarter_bounds(year, quarter)
    if end >= (today or timezone.localdate()):
        raise ValidationError(
            {
                "quarter": _("Kwartaal %(q)s van %(y)s is nog niet voorbij.")
                % {"q": quarter, "y": year}
            }
        )
    step_tariffs = list(
        StepTariff.objects.filter(municipality=municipality, tariff__year=year).select_related(
            "tariff", "step"
        )
    )
    tariff = (
        step_tariffs[0].tariff
        if step_tariffs
        else Tariff.objects.filter(municipality=municipality, year=year).first()
    )
    if tariff is None:
        raise ValidationError(
            {"year": _("Er zijn geen tarieven vastgesteld voor %(y)s.") % {"y": year}}
        )
    return SettlementInput(
        tariff=tariff,
        tariffs_by_code={row.step.code: row.annual_amount for row in step_tariffs},
        step_ids_by_code={row.step.code: row.step_id for row in step_tariffs},
        period=(start, end),
    )


def _placements_by_enrolment(
    municipality: Municipality, year_start: date, end: date
) -> dict[int, list[calculations.Placement]]:
    """Every placement of the municipality that overlaps ``year_start``..``end`` with its
    approved step history, grouped per enrolment: one query."""
    rows = (
        StepDecision.objects.filter(municipality=municipality, status=StepDecisionStatus.APPROVED)
        .filter(placement__start_date__lte=end)
        .filter(Q(placement__end_date__isnull=True) | Q(placement__end_date__gte=year_start))
        .order_by("placement_id", "valid_from")
        .values_list(
            "placement_id",
            "placement__enrolment_id",
            "placement__start_date",
            "placement__end_date",
            "valid_from",
            "step__code",
        )
    )
    steps: dict[int, list[tuple[date, str]]] = defaultdict(list)
    meta: dict[int, tuple[int, date, date | None]] = {}
    for placement_id, enrolment_id, start, placement_end, valid_from, code in rows:
        steps[placement_id].append((valid_from, code))
        meta[placement_id] = (enrolment_id, start, placement_end)
    grouped: dict[int, list[calculations.Placement]] = defaultdict(list)
    for placement_id, (enrolment_id, start, placement_end) in meta.items():
        grouped[enrolment_id].append(
            calculations.Placement(
                id=str(placement_id),
                start=start,
                end=placement_end,
                steps=tuple(steps[placement_id]),
            )
        )
    return grouped


@transaction.atomic
def quarter_settle(
    *, municipality: Municipality, year: int, quarter: int, today: date | None = None
) -> list[QuarterStatement]:
    """Compute and store the draft statements of one quarter for every company of the
    municipality that had a placement that year. Approved statements are left alone (a
    change after approval is a correcting statement)."""
    given = settlement_input(municipality=municipality, year=year, quarter=quarter, today=today)
    _start, end = given.period
    placements = _placements_by_enrolment(municipality, date(year, 1, 1), end)
    existing = list(
        QuarterStatement.objects.filter(
            municipality=municipality, year=year, quarter=quarter, corrects__isnull=True
        ).values_list("id", "enrolment_id", "status")
    )
    approved = {enrolment for _id, enrolment, status in existing if status != StatementStatus.DRAFT}
    drafts = [pk for pk, _enrolment, status in existing if status == StatementStatus.DRAFT]
    if drafts:  # the first run of a quarter has nothing to replace: no queries for it
        _delete_drafts(municipality, drafts)
    now = timezone.now()
    statements: list[QuarterStatement] = []
    computed: list[calculations.QuarterStatement] = []
    for enrolment_id in sorted(set(placements) - approved):
        try:
            result = calculations.quarter_statement(
                placements[enrolment_id],
                year=year,
                quarter=quarter,
                tariffs=given.tariffs_by_code,
                annual_base_fee=given.tariff.base_fee,
                advance_model=given.tariff.advance_model,
            )
        except KeyError as exc:
            raise ValidationError(
                {
                    "year": _("Trede %(code)s heeft geen tarief in %(y)s.")
                    % {"code": exc.args[0], "y": year}
                }
            ) from None
        statements.append(
            QuarterStatement(
                municipality=municipality,
                enrolment_id=enrolment_id,
                year=year,
                quarter=quarter,
                advance_model=given.tariff.advance_model,
                lines_total=sum((line.amount for line in result.lines), Decimal("0.00")),
                base_fee=result.base_fee,
                total=result.total,
                payable_now=result.payable_now,
                held=result.held_until_determination,
                computed_at=now,
            )
        )
        computed.append(result)
    QuarterStatement.objects.bulk_create(statements, batch_size=2000)
    lines = [
        (statement, line)
        for statement, result in zip(statements, computed, strict=True)
        for line in result.lines
    ]
    bulk_insert(
        StatementLine,
        LINE_FIELDS,
        [
            (
                municipality.id,
                statement.id,
                int(line.placement),
                given.step_ids_by_code[line.step],
                line.start,
                line.end,
                line.days,
                line.annual_tariff,
                line.amount,
            )
            for statement, line in lines
        ],
    )
    _claim_cross_municipal(municipality, year, quarter, lines)
    return statements


def _delete_drafts(municipality: Municipality, draft_ids: list[int]) -> None:
    """Remove draft statements with their lines and claims, on both sides of each claim."""
    outgoing = list(
        CrossMunicipalClaim.objects.filter(
            municipality=municipality, statement_id__in=draft_ids
        ).values_list("claim_reference", "counterpart_id")
    )
    if outgoing:
        with tenant_context([municipality.id, *{home for _ref, home in outgoing}]):
            CrossMunicipalClaim.objects.filter(
                direction=ClaimDirection.INCOMING,
                counterpart=municipality,
                claim_reference__in=[ref for ref, _home in outgoing],
            ).delete()
    QuarterStatement.objects.filter(municipality=municipality, id__in=draft_ids).delete()


def _claim_cross_municipal(
    municipality: Municipality,
    year: int,
    quarter: int,
    lines: list[tuple[QuarterStatement, calculations.StatementLine]],
) -> None:
    """Lines for residents of a municipality that did not meet its effort obligation this year
    become claims towards it: an outgoing row here, an incoming row there, one reference.
    Pseudonymised: the participant's reference, never a name or BSN."""
    if not lines:
        return
    defaulting = set(
        EffortObligation.objects.filter(year=year, met=False)
        .exclude(municipality=municipality)
        .values_list("municipality_id", flat=True)
    )
    if not defaulting:
        return
    residents = {
        placement_id: (home_id, reference)
        for placement_id, home_id, reference in Placement.objects.filter(
            municipality=municipality,
            id__in={int(line.placement) for _statement, line in lines},
            participant__home_municipality_id__in=defaulting,
        ).values_list("id", "participant__home_municipality_id", "participant__reference")
    }
    claims = []
    for statement, line in lines:
        if int(line.placement) not in residents:
            continue
        home_id, reference = residents[int(line.placement)]
        shared = {
            "participant_reference": reference,
            "year": year,
            "quarter": quarter,
            "step_code": line.step,
            "days": line.days,
            "amount": line.amount,
        }
        outgoing = CrossMunicipalClaim(
            municipality=municipality,
            direction=ClaimDirection.OUTGOING,
            counterpart_id=home_id,
            statement=statement,
            **shared,
        )
        claims += [
            outgoing,
            CrossMunicipalClaim(
                municipality_id=home_id,
                direction=ClaimDirection.INCOMING,
                counterpart=municipality,
                claim_reference=outgoing.claim_reference,
                **shared,
            ),
        ]
    if claims:
        with tenant_context([municipality.id, *{c.municipality_id for c in claims}]):
            CrossMunicipalClaim.objects.bulk_create(claims)
