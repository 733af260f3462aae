"""The budget report: per municipality budget, matching-unit cost, granted, realised, forecast
and difference, and the regional roll-up in the shape of seed 000's cost table of 2019."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participatie.models import Enrolment, Municipality, Participant
from participatie.reports.registry import NoData, report_kind
from subsidies.choices import DecisionStatus, StatementStatus
from subsidies.models import MunicipalBudget, QuarterStatement
from subsidies.services.budgets import budget_key_allocate, budget_overview, budget_overviews
from subsidies.services.statements import statement_approve, statement_confirm
from tests.conftest import assert_no_personal_data, in_tenant
from tests.factories import MunicipalityFactory
from tests.factories_matching_unit import MatchingUnitCostFactory
from tests.factories_subsidies import (
    CustomBudgetExpenseFactory,
    MunicipalBudgetFactory,
    QuarterStatementFactory,
    SubsidyDecisionFactory,
)
from tests.money.test_budget_key import DRECHTSTEDEN_CONTRIBUTIONS
from tests.reports_apps.conftest import context, fingerprint, run, text_of
from tests.subsidies_statements.conftest import settle

D = datetime.date
E = Decimal
SEED_DAY = D(2021, 3, 1)  # when seed 000 was written: 2019 lies in the past, nothing forecast

# Seed 000, "Kosten Leerwerkbedrijven en matchingsunits per gemeente 2019", per municipality:
# LWB costs, MU costs, total costs, budget by key (the seed's rounded table), difference.
SEED_2019 = {
    "Alblasserdam": (85_667, 15_629, 101_295, 82_848, -18_447),
    "Dordrecht": (926_459, 225_336, 1_151_795, 1_162_449, 10_654),
    "Hardinxveld-Giessendam": (6_167, 6_943, 13_110, 27_213, 14_103),
    "Hendrik-Ido-Ambacht": (40_875, 4_628, 45_503, 54_527, 9_024),
    "Papendrecht": (35_084, 26_573, 61_656, 109_383, 47_727),
    "Sliedrecht": (102_959, 21_798, 124_757, 114_224, -10_533),
    "Zwijndrecht": (284_083, 48_564, 332_647, 294_358, -38_289),
}
# Our key sums exactly to 1,845,000 (largest remainder); the seed rounded every share on its
# own (sum 1,845,002). Dordrecht (.545) and HG-dam (.508) stay down where the seed rounded up,
# so their budget, and with it their difference, is one euro less (tests/money/test_budget_key).
KEY_SHORT_BY_ONE = {"Dordrecht", "Hardinxveld-Giessendam"}


def drechtsteden(dordrecht, zwijndrecht) -> dict[str, Municipality]:
    """The seven municipalities of the region with their contributions to the key."""
    region = dordrecht.municipality.region
    municipalities = {"Dordrecht": dordrecht.municipality, "Zwijndrecht": zwijndrecht.municipality}
    for n, name in enumerate(sorted(set(DRECHTSTEDEN_CONTRIBUTIONS) - set(municipalities))):
        municipalities[name] = MunicipalityFactory(name=name, slug=f"drecht-{n}", region=region)
    for name, municipality in municipalities.items():
        municipality.budget_key_contribution = Decimal(DRECHTSTEDEN_CONTRIBUTIONS[name])
        municipality.save(update_fields=["budget_key_contribution"])
    return municipalities


def enter_2019_costs(municipalities, costs: dict[str, tuple[Decimal, Decimal]]) -> None:
    """The 1,845,000 key for 2019, each municipality's matching-unit cost as its unit's
    approved Q4 cost (what the report reads as the unit's cost; the planned cost on the
    budget is the same figure), and its companies' cost as an approved Q4 statement (what
    "realised" reads)."""
    region = next(iter(municipalities.values())).region
    budget_key_allocate(region=region, year=2019, total="1845000")
    for name, (companies, matching_unit) in costs.items():
        municipality = municipalities[name]
        with in_tenant(municipality):
            MunicipalBudget.objects.filter(municipality=municipality, year=2019).update(
                matching_unit_cost=matching_unit
            )
            MatchingUnitCostFactory(
                municipality=municipality, year=2019, quarter=4, amount=matching_unit, approved=True
            )
            QuarterStatementFactory(
                municipality=municipality,
                year=2019,
                quarter=4,
                status=StatementStatus.APPROVED,
                lines_total=companies,
                base_fee=E("0"),
                total=companies,
            )


def regional_2019(municipalities):
    region = next(iter(municipalities.values())).region
    ctx = context(
        region=region,
        municipalities=municipalities.values(),
        parameters={"year": 2019},
        today=SEED_DAY,
    )
    return run("budget", ctx, open_for=municipalities.values())


def cost_rows(report) -> dict[str, list]:
    table = report.sections[0]
    assert [str(c.label) for c in table.columns] == [
        "Gemeente",
        "Kosten leerwerkbedrijven",
        "Kosten matchingsunit",
        "Totale kosten",
        "Budget obv verdeelsleutel",
        "Verschil",
    ]
    return {row[0]: row[1:] for row in table.rows}


def euros(value: Decimal) -> int:
    """Whole euros, half up: how the seed's table shows amounts."""
    return int(value.quantize(E("1"), rounding=ROUND_HALF_UP))


def test_kind_serves_municipality_and_region_for_budget_roles():
    kind = report_kind("budget")
    assert kind.scopes == {"municipality", "region"}
    assert kind.roles == {"account_holder", "policy_officer"}
    assert kind.quarterly


def test_regional_report_reproduces_the_seeds_2019_cost_table(dordrecht, zwijndrecht):
    municipalities = drechtsteden(dordrecht, zwijndrecht)
    # The seed's "Totale kosten" of Alblasserdam (101,295) and Papendrecht (61,656) are one
    # euro less than the sum of their printed parts (85,667 + 15,629 = 101,296; 35,084 +
    # 26,573 = 61,657): the seed added unrounded costs and rounded afterwards. We enter those
    # two with cents that print as the seed's parts and add up to its totals (85,666.50 +
    # 15,628.50 = 101,295.00); the others' printed parts add up, so whole euros do.
    # test_whole_euro_costs_add_up_exactly shows what the printed parts themselves give.
    costs = {name: (E(row[0]), E(row[1])) for name, row in SEED_2019.items()}
    costs["Alblasserdam"] = (E("85666.50"), E("15628.50"))
    costs["Papendrecht"] = (E("35083.50"), E("26572.50"))
    enter_2019_costs(municipalities, costs)

    _, report = regional_2019(municipalities)

    rows = cost_rows(report)
    assert list(rows) == sorted(SEED_2019)
    for name, (lwb, mu, total, budget, difference) in SEED_2019.items():
        short = 1 if name in KEY_SHORT_BY_ONE else 0
        assert [euros(value) for value in rows[name]] == [
            lwb,
            mu,
            total,
            budget - short,
            difference - short,
        ], name
    # The difference column itself, exactly: Verschil = budget - total costs.
    assert {name: row[4] for name, row in rows.items()} == {
        "Alblasserdam": E("-18447"),
        "Dordrecht": E("10653"),  # seed 10,654: key one euro less
        "Hardinxveld-Giessendam": E("14102"),  # seed 14,103: key one euro less
        "Hendrik-Ido-Ambacht": E("9024"),
        "Papendrecht": E("47727"),
        "Sliedrecht": E("-10533"),
        "Zwijndrecht": E("-38289"),
    }
    totals = report.sections[0].totals
    assert totals[0] == "Totaal"
    assert totals[4] == E("1845000")  # the key adds up exactly
    assert totals[5] == E("1845000") - totals[3]
    assert "Regionaal budget 2019: €\u00a01.845.000,00" in report.sections[0].note


def test_whole_euro_costs_add_up_exactly(dordrecht, zwijndrecht):
    """DOMAIN.md lists the seed's printed (rounded) costs; entered as such, our totals are
    their sums, so Alblasserdam and Papendrecht come out one euro above the seed's totals and
    one euro below its differences."""
    municipalities = drechtsteden(dordrecht, zwijndrecht)
    enter_2019_costs(
        municipalities, {name: (E(row[0]), E(row[1])) for name, row in SEED_2019.items()}
    )

    _, report = regional_2019(municipalities)

    assert cost_rows(report) == {
        "Alblasserdam": [E("85667"), E("15629"), E("101296"), E("82848"), E("-18448")],
        "Dordrecht": [E("926459"), E("225336"), E("1151795"), E("1162448"), E("10653")],
        "Hardinxveld-Giessendam": [E("6167"), E("6943"), E("13110"), E("27212"), E("14102")],
        "Hendrik-Ido-Ambacht": [E("40875"), E("4628"), E("45503"), E("54527"), E("9024")],
        "Papendrecht": [E("35084"), E("26573"), E("61657"), E("109383"), E("47726")],
        "Sliedrecht": [E("102959"), E("21798"), E("124757"), E("114224"), E("-10533")],
        "Zwijndrecht": [E("284083"), E("48564"), E("332647"), E("294358"), E("-38289")],
    }
    detail = report.sections[1]
    realised = {row[0]: row[2] for row in detail.rows}
    assert realised["Dordrecht"] == E("926459")
    chart = report.sections[2]
    assert ">€\u00a01.845.000</text>" in chart.svg  # the budget bar, in whole euros
    assert ">€\u00a01.481.294</text>" in chart.svg  # realised: the companies' costs of the region


def municipal(side, year, today, *, open_for=None):
    ctx = context(municipality=side.municipality, parameters={"year": year}, today=today)
    return run("budget", ctx, open_for=open_for or [side.municipality])


def test_dordrechts_report_holds_no_zwijndrecht_figures(dordrecht, zwijndrecht):
    for side, allocated, mu, realised in [
        (dordrecht, "1162448", "225336", "926459"),
        (zwijndrecht, "294358", "48564", "284083"),
    ]:
        with in_tenant(side.municipality):
            MunicipalBudgetFactory(
                municipality=side.municipality,
                year=2019,
                allocated=allocated,
                matching_unit_cost=mu,
            )
            MatchingUnitCostFactory(
                municipality=side.municipality,
                matching_unit=side.matching_unit,
                year=2019,
                quarter=4,
                amount=E(mu),
                approved=True,
            )
            QuarterStatementFactory(
                municipality=side.municipality,
                enrolment=Enrolment.objects.get(organisation=side.lwb_a),
                year=2019,
                status=StatementStatus.APPROVED,
                lines_total=E(realised),
                base_fee=E("0"),
                total=E(realised),
            )
    # Both municipalities open: the kind itself keeps to the run's municipality.
    _, report = municipal(
        dordrecht, 2019, SEED_DAY, open_for=[dordrecht.municipality, zwijndrecht.municipality]
    )

    assert cost_rows(report) == {
        "Dordrecht": [E("926459"), E("225336"), E("1151795"), E("1162448"), E("10653")]
    }
    assert report.sections[0].totals is None  # one municipality: no total row
    text = text_of(report)
    assert "Zwijndrecht" not in text
    for figure in ("294.358", "48.564", "284.083"):
        assert figure not in text


@pytest.mark.parametrize("regional", [False, True])
def test_a_year_without_budget_or_tariffs_is_no_data(dordrecht, zwijndrecht, regional):
    with in_tenant(dordrecht.municipality):
        MunicipalBudgetFactory(municipality=dordrecht.municipality, year=2022)
    if regional:
        both = [dordrecht.municipality, zwijndrecht.municipality]
        ctx = context(
            region=dordrecht.municipality.region,
            municipalities=both,
            parameters={"year": 2020},
            today=D(2022, 5, 1),
        )
    else:
        both = [dordrecht.municipality]
        ctx = context(
            municipality=dordrecht.municipality, parameters={"year": 2020}, today=D(2022, 5, 1)
        )
    with pytest.raises(NoData, match="Geen budget of tarieven voor 2020"):
        fingerprint("budget", ctx, open_for=both)
    # The year that has a budget is reported.
    ctx.parameters = {"year": 2022}
    assert fingerprint("budget", ctx, open_for=both)


def test_a_year_with_tariffs_but_no_budget_is_reported(dordrecht):
    settle(dordrecht)  # tariffs 2022 and a Q1 draft, no budget
    _, report = municipal(dordrecht, 2022, D(2022, 5, 10))
    (row,) = report.sections[0].rows
    assert row[4] == E("0") and row[5] < 0  # no budget: the expected costs are a shortfall


def test_regional_report_holds_no_personal_data(dordrecht, zwijndrecht):
    """The figures come from placements (the forecast) and statements, never from people."""
    for side in (dordrecht, zwijndrecht):
        settle(side)
        with in_tenant(side.municipality):
            MunicipalBudgetFactory(municipality=side.municipality, year=2022)
    with in_tenant(dordrecht.municipality, zwijndrecht.municipality):
        people = list(Participant.objects.values_list("first_name", "last_name", "bsn"))
    assert people
    both = [dordrecht.municipality, zwijndrecht.municipality]
    ctx = context(
        region=dordrecht.municipality.region,
        municipalities=both,
        parameters={"year": 2022},
        today=D(2022, 5, 10),
    )
    _, report = run("budget", ctx, open_for=both)

    text = text_of(report)
    assert report.sections[1].totals[4] > 0  # the forecast did read the placements
    assert_no_personal_data(text, people)


@pytest.mark.parametrize(
    "today",
    [D(2022, 5, 10), D(2023, 2, 1), D(2021, 11, 1)],
    ids=["during the year", "after it", "before it"],
)
def test_grouped_figures_equal_the_dashboards_per_municipality(dordrecht, zwijndrecht, today):
    statement = settle(dordrecht)  # Dordrecht: tariffs, a placement, the Q1 2022 statement
    municipality = dordrecht.municipality
    with in_tenant(municipality):
        MunicipalBudgetFactory(municipality=municipality, year=2022)
        enrolment_a = Enrolment.objects.get(organisation=dordrecht.lwb_a)
        enrolment_b = Enrolment.objects.get(organisation=dordrecht.lwb_b)
        approved = {"status": DecisionStatus.APPROVED, "approved_by": dordrecht.account_holder}
        for amount, month in (("5000", 1), ("8000", 6)):  # only the latest counts
            SubsidyDecisionFactory(
                municipality=municipality,
                enrolment=enrolment_a,
                amount=E(amount),
                approved_at=datetime.datetime(2022, month, 5, tzinfo=datetime.UTC),
                **approved,
            )
        SubsidyDecisionFactory(
            municipality=municipality,
            enrolment=enrolment_b,
            amount=E("1200"),
            status=DecisionStatus.SENT,
            approved_by=dordrecht.account_holder,
            approved_at=datetime.datetime(2022, 2, 1, tzinfo=datetime.UTC),
        )
        SubsidyDecisionFactory(municipality=municipality, enrolment=enrolment_b, amount=E("99"))
        CustomBudgetExpenseFactory(municipality=municipality, amount=E("450"))
        QuarterStatementFactory(municipality=municipality, enrolment=enrolment_b, quarter=2)
        statement_confirm(statement=statement, actor=dordrecht.lwb_a_admin, today=D(2022, 4, 6))
        statement_approve(statement=statement, actor=dordrecht.account_holder)
    with in_tenant(zwijndrecht.municipality):  # a budget and nothing else
        MunicipalBudgetFactory(
            municipality=zwijndrecht.municipality, allocated=E("294358"), matching_unit_cost=E("1")
        )
    both = [dordrecht.municipality, zwijndrecht.municipality]

    with in_tenant(*both):
        grouped = budget_overviews(both, 2022, today)
        one_by_one = [budget_overview(municipality=m, year=2022, today=today) for m in both]

    assert grouped == one_by_one
    assert grouped[0].granted == E("9200") and grouped[0].custom_spent == E("450")
    assert grouped[0].realised == E("443.49") and grouped[0].pending == E("443.49")
    assert (grouped[0].forecast > 0) == (today.year <= 2022)


def test_regional_queries_do_not_grow_with_statements_decisions_or_placements(
    dordrecht, zwijndrecht
):
    municipalities = drechtsteden(dordrecht, zwijndrecht)
    enter_2019_costs(municipalities, {"Dordrecht": (E("100"), E("10"))})
    kind = report_kind("budget")
    ctx = context(
        region=dordrecht.municipality.region,
        municipalities=municipalities.values(),
        parameters={"year": 2019},
        today=SEED_DAY,
    )

    def queries() -> int:
        with in_tenant(*municipalities.values()), CaptureQueriesContext(connection) as captured:
            kind.fingerprint(ctx)
            kind.build(ctx)
        return len(captured)

    before = queries()
    for municipality in municipalities.values():
        with in_tenant(municipality):
            for quarter in (1, 2, 3):
                QuarterStatementFactory(municipality=municipality, year=2019, quarter=quarter)
                SubsidyDecisionFactory(municipality=municipality, year=2019)
    assert queries() == before


def test_fingerprint_follows_approval_and_budget_changes(dordrecht):
    statement = settle(dordrecht)
    with in_tenant(dordrecht.municipality):
        budget = MunicipalBudgetFactory(municipality=dordrecht.municipality, year=2022)
    ctx = context(
        municipality=dordrecht.municipality, parameters={"year": 2022}, today=D(2023, 1, 10)
    )
    opened = [dordrecht.municipality]
    first = fingerprint("budget", ctx, open_for=opened)
    assert fingerprint("budget", ctx, open_for=opened) == first

    with in_tenant(dordrecht.municipality):
        statement_confirm(statement=statement, actor=dordrecht.lwb_a_admin, today=D(2022, 4, 6))
    confirmed = fingerprint("budget", ctx, open_for=opened)
    with in_tenant(dordrecht.municipality):
        statement_approve(statement=statement, actor=dordrecht.account_holder)
    approved = fingerprint("budget", ctx, open_for=opened)
    with in_tenant(dordrecht.municipality):
        budget.matching_unit_cost = E("200000")
        budget.save()
    changed = fingerprint("budget", ctx, open_for=opened)
    assert len({first, confirmed, approved, changed}) == 4
    with in_tenant(dordrecht.municipality):
        assert QuarterStatement.objects.get(pk=statement.pk).status == StatementStatus.APPROVED
