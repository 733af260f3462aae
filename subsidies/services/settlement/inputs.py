"""What a settlement reads before it writes anything: the quarter, the tariffs of the year per
municipality, and (for the Python engine and corrections) each placement's approved step
history. The PostgreSQL engine reads the histories itself, inside its one statement."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from participatie.kernel.periods import overlapping
from participatie.models import Municipality, StepDecision
from participatie.placements.choices import StepDecisionStatus
from subsidies import calculations
from subsidies.models import StepTariff, Tariff


@dataclass(frozen=True)
class SettlementInput:
    """One municipality's tariffs of the year and the quarter to settle.

    ``versions`` are the year's step tariffs in date order (the first from 1 January);
    ``tariffs_by_code`` is the first of them, the whole year's table when there is one version.
    """

    tariff: Tariff
    versions: tuple[calculations.TariffVersion, ...]
    step_ids_by_code: dict[str, int]
    period: tuple[date, date]

    @property
    def tariffs_by_code(self) -> dict[str, Decimal]:
        return dict(self.versions[0].amounts)

    @property
    def is_versioned(self) -> bool:
        """A tariff change during the year: the per-day versions are the Python engine's."""
        return len(self.versions) > 1

    @property
    def priced_codes(self) -> set[str]:
        """The steps with an amount in every version of the year."""
        return set.intersection(*(set(version.amounts) for version in self.versions))


def settlement_period(year: int, quarter: int, today: date | None = None) -> tuple[date, date]:
    """The first and last day of a quarter that can be settled, or a Dutch ValidationError
    (not a quarter; not yet over on ``today``)."""
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
    return start, end


def inputs_for(
    municipality_ids: Sequence[int], year: int, period: tuple[date, date]
) -> dict[int, SettlementInput]:
    """The tariffs of the year for every given municipality that has them: two queries."""
    step_tariffs = list(
        StepTariff.objects.filter(
            municipality_id__in=municipality_ids, tariff__year=year
        ).select_related("tariff", "step")
    )
    tariffs = {row.municipality_id: row.tariff for row in step_tariffs}
    missing = set(municipality_ids) - set(tariffs)
    if missing:  # a schedule without step tariffs still settles (base fees only)
        tariffs.update(
            (tariff.municipality_id, tariff)
            for tariff in Tariff.objects.filter(municipality_id__in=missing, year=year)
        )
    by_version: dict[int, dict[date, dict[str, Decimal]]] = defaultdict(
        lambda: {date(year, 1, 1): {}}
    )
    step_ids: dict[int, dict[str, int]] = defaultdict(dict)
    for row in step_tariffs:
        by_version[row.municipality_id].setdefault(row.effective_from, {})[row.step.code] = (
            row.annual_amount
        )
        step_ids[row.municipality_id][row.step.code] = row.step_id
    return {
        municipality_id: SettlementInput(
            tariff=tariff,
            versions=tuple(
                calculations.TariffVersion(day, amounts)
                for day, amounts in sorted(by_version[municipality_id].items())
            ),
            step_ids_by_code=step_ids[municipality_id],
            period=period,
        )
        for municipality_id, tariff in sorted(tariffs.items())
    }


def settlement_input(
    *, municipality: Municipality, year: int, quarter: int, today: date | None = None
) -> SettlementInput:
    """What settling needs, or a Dutch ValidationError saying what is missing."""
    period = settlement_period(year, quarter, today)
    given = inputs_for([municipality.id], year, period).get(municipality.id)
    if given is None:
        raise ValidationError(
            {"year": _("Er zijn geen tarieven vastgesteld voor %(y)s.") % {"y": year}}
        )
    return given


def no_tariff(code: str, year: int) -> ValidationError:
    """The refusal of a run that meets a step without a tariff (both engines raise it)."""
    return ValidationError(
        {"year": _("Trede %(code)s heeft geen tarief in %(y)s.") % {"code": code, "y": year}}
    )


def placements_by_enrolment(
    municipality: Municipality | int, year_start: date, end: date
) -> dict[int, list[calculations.Placement]]:
    """Every placement of the municipality that overlaps ``year_start``..``end`` with its
    approved step history, grouped per enrolment: one query. A line never crosses 1 January,
    so the year up to the quarter's end is all the history a quarter needs."""
    rows = (
        StepDecision.objects.filter(municipality=municipality, status=StepDecisionStatus.APPROVED)
        .filter(overlapping(year_start, end, prefix="placement__"))
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
