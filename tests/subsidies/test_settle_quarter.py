"""settle_quarter end to end: the worked example of DOMAIN.md and the settlement fixtures,
through the database, the command and --json; re-running; bad input."""

from __future__ import annotations

import datetime
import json
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from participatie.models import Enrolment, Step, StepDecision
from participatie.placements.choices import StepDecisionStatus
from subsidies.choices import ClaimDirection, StatementStatus
from subsidies.models import (
    CrossMunicipalClaim,
    EffortObligation,
    QuarterStatement,
    StepTariff,
    Tariff,
)
from tests.conftest import in_tenant
from tests.factories import ParticipantFactory, PlacementFactory

FIXTURES = (
    Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "settlement_cases.json"
)
CASES = json.loads(FIXTURES.read_text())["cases"]
D = datetime.date.fromisoformat


def tariffs(side, case):
    """The case's tariff table as the municipality's steps and tariffs of that year."""
    municipality = side.municipality
    year = case["year"]
    codes = list(case["tariffs"])
    with in_tenant(municipality):
        tariff = Tariff.objects.create(
            municipality=municipality,
            year=year,
            base_fee=Decimal(case["base_fee"]),
            custom_budget=Decimal("10000"),
            advance_model=case["advance_model"],
        )
        for previous_year in range(year - 2, year + 1):
            for position, code in enumerate(codes):
                Step.objects.get_or_create(
                    municipality=municipality,
                    year=previous_year,
                    code=code,
                    defaults={"label": code, "is_default": position == 0, "position": position},
                )
        for code, amount in case["tariffs"].items():
            StepTariff.objects.create(
                municipality=municipality,
                tariff=tariff,
                step=Step.objects.get(municipality=municipality, year=year, code=code),
                effective_from=date(year, 1, 1),
                annual_amount=Decimal(amount),
            )


def place(side, enrolment, spec, home=None):
    """A placement with its approved step history, as the case describes it."""
    municipality = side.municipality
    with in_tenant(municipality):
        participant = ParticipantFactory(
            municipality=municipality, home_municipality=home or municipality
        )
        placement = PlacementFactory(
            municipality=municipality,
            participant=participant,
            enrolment=enrolment,
            start_date=D(spec["start"]),
            end_date=D(spec["end"]) if spec["end"] else None,
        )
        for valid_from, code in spec["steps"]:
            StepDecision.objects.create(
                municipality=municipality,
                placement=placement,
                step=Step.objects.get(
                    municipality=municipality, year=D(valid_from).year, code=code
                ),
                valid_from=D(valid_from),
                justification="Volgens het voorbeeld.",
                status=StepDecisionStatus.APPROVED,
                advised_by=side.consultant,
            )
    return placement


def settle_json(slug, year, quarter):
    out = StringIO()
    call_command("settle_quarter", slug, str(year), str(quarter), "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_settle_quarter_json_reproduces_every_fixture_case(dordrecht, case):
    tariffs(dordrecht, case)
    with in_tenant(dordrecht.municipality):
        enrolment = Enrolment.objects.get(organisation=dordrecht.lwb_a)
    ids = {spec["id"]: place(dordrecht, enrolment, spec).id for spec in case["placements"]}
    result = settle_json("dordrecht", case["year"], case["quarter"])
    (statement,) = result["statements"]
    expected = case["expected"]
    names = {v: k for k, v in ids.items()}
    assert [
        {
            **{k: line[k] for k in ("step", "from", "to", "days", "amount")},
            "placement": names[line["placement"]],
        }
        for line in statement["lines"]
    ] == expected["lines"]
    assert statement["base_fee"] == expected["base_fee"]
    assert statement["total"] == expected["total"]
    if "payable_now" in expected:
        assert statement["payable_now"] == expected["payable_now"]
        assert statement["held_until_determination"] == expected["held_until_determination"]


def test_worked_example_end_to_end_under_80_20(dordrecht):
    case = {**CASES[0], "advance_model": "quarterly_80_20"}
    tariffs(dordrecht, case)
    with in_tenant(dordrecht.municipality):
        enrolment = Enrolment.objects.get(organisation=dordrecht.lwb_a)
    place(dordrecht, enrolment, case["placements"][0])
    (statement,) = settle_json("dordrecht", 2022, 1)["statements"]
    assert [line["amount"] for line in statement["lines"]] == ["157.53", "210.96"]
    assert (statement["base_fee"], statement["total"]) == ("75.00", "443.49")
    assert (statement["payable_now"], statement["held_until_determination"]) == ("354.79", "88.70")


def test_rerun_replaces_the_draft_and_never_touches_an_approved_statement(dordrecht):
    case = CASES[0]
    tariffs(dordrecht, case)
    with in_tenant(dordrecht.municipality):
        enrolment = Enrolment.objects.get(organisation=dordrecht.lwb_a)
    place(dordrecht, enrolment, case["placements"][0])
    first = settle_json("dordrecht", 2022, 1)["statements"][0]["id"]
    second = settle_json("dordrecht", 2022, 1)["statements"][0]["id"]
    with in_tenant(dordrecht.municipality):
        assert QuarterStatement.objects.count() == 1
        assert not QuarterStatement.objects.filter(pk=first).exists()
        QuarterStatement.objects.filter(pk=second).update(status=StatementStatus.APPROVED)
    again = settle_json("dordrecht", 2022, 1)["statements"]
    assert [s["id"] for s in again] == [second]
    assert again[0]["status"] == "approved"


def test_a_quarter_not_yet_ended_is_refused(dordrecht):
    year = datetime.date.today().year
    tariffs(dordrecht, {**CASES[0], "year": year})
    quarter = (datetime.date.today().month - 1) // 3 + 1
    with pytest.raises(CommandError, match="nog niet voorbij"):
        call_command("settle_quarter", "dordrecht", str(year), str(quarter))


def test_no_tariff_schedule_for_the_year_is_refused_and_nothing_saved(dordrecht):
    with pytest.raises(CommandError, match="geen tarieven vastgesteld voor 2022"):
        call_command("settle_quarter", "dordrecht", "2022", "1")
    with in_tenant(dordrecht.municipality):
        assert not QuarterStatement.objects.exists()


def test_unknown_municipality_and_quarter_are_refused(dordrecht):
    with pytest.raises(CommandError, match="Unknown municipality"):
        call_command("settle_quarter", "atlantis", "2022", "1")
    tariffs(dordrecht, CASES[0])
    with pytest.raises(CommandError, match="1, 2, 3 of 4"):
        call_command("settle_quarter", "dordrecht", "2022", "5")


def test_statements_stay_in_their_municipality(dordrecht, zwijndrecht):
    case = CASES[0]
    tariffs(dordrecht, case)
    tariffs(zwijndrecht, case)
    for side in (dordrecht, zwijndrecht):
        with in_tenant(side.municipality):
            enrolment = Enrolment.objects.get(organisation=side.lwb_a)
        place(side, enrolment, case["placements"][0])
    settle_json("dordrecht", 2022, 1)
    with in_tenant(zwijndrecht.municipality):
        assert not QuarterStatement.objects.exists()
    with in_tenant(dordrecht.municipality):
        assert QuarterStatement.objects.get().total == Decimal("443.49")


class TestCrossMunicipalClaims:
    def setup_case(self, dordrecht, zwijndrecht, met):
        case = CASES[0]
        tariffs(dordrecht, case)
        EffortObligation.objects.create(municipality=zwijndrecht.municipality, year=2022, met=met)
        with in_tenant(dordrecht.municipality):
            enrolment = Enrolment.objects.get(organisation=dordrecht.lwb_a)
        return place(dordrecht, enrolment, case["placements"][0], home=zwijndrecht.municipality)

    def test_closed_purse_charges_nothing(self, dordrecht, zwijndrecht):
        self.setup_case(dordrecht, zwijndrecht, met=True)
        settle_json("dordrecht", 2022, 1)
        with in_tenant(dordrecht.municipality, zwijndrecht.municipality):
            assert not CrossMunicipalClaim.objects.exists()

    def test_home_municipality_without_effort_is_charged_visible_to_both(
        self, dordrecht, zwijndrecht
    ):
        placement = self.setup_case(dordrecht, zwijndrecht, met=False)
        settle_json("dordrecht", 2022, 1)
        with in_tenant(dordrecht.municipality):
            outgoing = list(CrossMunicipalClaim.objects.order_by("step_code"))
            reference = placement.participant.reference
        with in_tenant(zwijndrecht.municipality):
            incoming = list(CrossMunicipalClaim.objects.order_by("step_code"))
        assert [(c.direction, c.step_code, c.days, str(c.amount)) for c in outgoing] == [
            (ClaimDirection.OUTGOING, "basis", 23, "157.53"),
            (ClaimDirection.OUTGOING, "plus", 22, "210.96"),
        ]
        assert [c.claim_reference for c in incoming] == [c.claim_reference for c in outgoing]
        assert {c.participant_reference for c in incoming} == {reference}
        assert all(c.direction == ClaimDirection.INCOMING for c in incoming)

    def test_rerun_replaces_the_claims_on_both_sides(self, dordrecht, zwijndrecht):
        self.setup_case(dordrecht, zwijndrecht, met=False)
        settle_json("dordrecht", 2022, 1)
        settle_json("dordrecht", 2022, 1)
        with in_tenant(zwijndrecht.municipality):
            assert CrossMunicipalClaim.objects.count() == 2
        with in_tenant(dordrecht.municipality):
            assert CrossMunicipalClaim.objects.count() == 2
