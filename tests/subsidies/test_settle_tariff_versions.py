"""A tariff version effective 1 July 2027 through the settlement service: Q3 is paid at the new
amounts, Q2 at the old ones, on either engine (PostgreSQL settles such a municipality through
the reference engine, the others stay in the one SQL statement)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from participatie.models import Enrolment, Step
from subsidies.models import StepTariff, Tariff
from subsidies.services.settlement import quarter_settle, settle_municipalities
from tests.conftest import in_tenant
from tests.subsidies.test_settle_quarter import place, tariffs

CASE = {
    "year": 2027,
    "base_fee": "300",
    "advance_model": "full_advance",
    "tariffs": {"basis": "2500", "plus": "3500"},
}
SPEC = {"start": "2027-01-01", "end": None, "steps": [["2027-01-01", "basis"]]}
AFTER_THE_YEAR = date(2028, 1, 15)


def _new_version(side, effective_from: date, amounts: dict[str, str]) -> None:
    municipality = side.municipality
    with in_tenant(municipality):
        tariff = Tariff.objects.get(municipality=municipality, year=2027)
        for code, amount in amounts.items():
            StepTariff.objects.create(
                municipality=municipality,
                tariff=tariff,
                step=Step.objects.get(municipality=municipality, year=2027, code=code),
                effective_from=effective_from,
                annual_amount=Decimal(amount),
            )


def _settled(side, quarter: int) -> list[tuple[str, int, str]]:
    with in_tenant(side.municipality):
        (statement,) = quarter_settle(
            municipality=side.municipality, year=2027, quarter=quarter, today=AFTER_THE_YEAR
        )
        return [
            (str(line.annual_tariff), line.days, str(line.amount))
            for line in statement.lines.order_by("date_from")
        ]


def _placed(side) -> None:
    tariffs(side, CASE)
    with in_tenant(side.municipality):
        enrolment = Enrolment.objects.get(organisation=side.lwb_a)
    place(side, enrolment, SPEC)


def test_q3_uses_the_new_version_and_q2_the_old(dordrecht):
    _placed(dordrecht)
    _new_version(dordrecht, date(2027, 7, 1), {"basis": "2920", "plus": "3500"})
    assert _settled(dordrecht, 2) == [("2500.00", 91, "623.29")]
    assert _settled(dordrecht, 3) == [("2920.00", 92, "736.00")]


def test_a_batch_mixes_versioned_and_plain_municipalities(dordrecht, meierijstad):
    _placed(dordrecht)
    _placed(meierijstad)
    _new_version(dordrecht, date(2027, 7, 1), {"basis": "2920", "plus": "3500"})
    ids = [dordrecht.municipality.id, meierijstad.municipality.id]
    with in_tenant(dordrecht.municipality, meierijstad.municipality):
        done = settle_municipalities(ids, year=2027, quarter=3, today=AFTER_THE_YEAR)
        by_municipality = {
            statement.municipality_id: [str(line.amount) for line in statement.lines.all()]
            for statement in done.statements
        }
    assert by_municipality == {
        dordrecht.municipality.id: ["736.00"],
        meierijstad.municipality.id: ["630.14"],
    }
