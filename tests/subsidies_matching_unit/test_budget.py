"""The budget page and the budget report use the matching unit's realised cost (its approved
quarter costs of the year); the number typed on the budget is the planned cost, shown beside
it with what the unit was granted."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from subsidies.models import MatchingUnitCost
from subsidies.services.budgets import budget_overview
from tests.conftest import in_tenant, login
from tests.reports_apps.conftest import context, fingerprint, run
from tests.subsidies_matching_unit.helpers import (
    YEAR,
    approve_cost,
    approved,
    record,
    setup_money,
)

pytestmark = pytest.mark.django_db
E = Decimal
AFTER = date(YEAR + 1, 2, 1)  # the year is over: nothing forecast


@pytest.fixture
def unit_year(dordrecht):
    """Budget 1,000,000 with 200,000 planned for the unit; the unit was granted 225,336; its
    Q1 cost of 56,334.25 is approved, its Q2 cost of 50,000 only recorded."""
    setup_money(dordrecht, allocated="1000000", mu_cost="200000")
    approved(dordrecht, "225336")
    approve_cost(dordrecht, record(dordrecht, 1, "56.334,25"))
    record(dordrecht, 2, "50.000")
    return dordrecht


def test_the_overview_counts_the_approved_quarter_costs(unit_year):
    with in_tenant(unit_year.municipality):
        overview = budget_overview(municipality=unit_year.municipality, year=YEAR, today=AFTER)
    assert overview.matching_unit_cost == E("56334.25")
    assert overview.matching_unit_planned == E("200000")
    assert overview.matching_unit_granted == E("225336")
    assert overview.difference == E("1000000") - E("56334.25") - overview.expected


def test_the_budget_page_shows_planned_granted_and_realised(client, unit_year):
    login(client, unit_year.account_holder)
    page = client.get(f"/dordrecht/subsidies/budget/?jaar={YEAR}").content.decode()
    for label, amount in (
        ("Geplande kosten matchingsunit", "€\u00a0200.000,00"),
        ("Verleend aan matchingsunit (beschikkingen)", "€\u00a0225.336,00"),
        ("Gerealiseerde kosten matchingsunit (goedgekeurd)", "€\u00a056.334,25"),
    ):
        row = page.split(label, 1)[1].split("</tr>", 1)[0]
        assert amount in row, label
    assert 'href="/dordrecht/subsidies/matchingsunit/?jaar=2022"' in page
    assert "€\u00a050.000,00" not in page  # recorded, not approved: not a cost yet


def test_the_budget_report_uses_the_realised_cost_and_shows_the_plan(unit_year):
    ctx = context(municipality=unit_year.municipality, parameters={"year": YEAR}, today=AFTER)
    _, report = run("budget", ctx, open_for=[unit_year.municipality])
    costs = report.sections[0]
    assert [str(c.label) for c in costs.columns][2] == "Kosten matchingsunit"
    (row,) = costs.rows
    assert row[2] == E("56334.25")
    assert row[3] == row[1] + E("56334.25")  # total costs
    assert row[5] == E("1000000") - row[3]  # difference
    assert "goedgekeurde gerealiseerde kosten per kwartaal" in costs.note
    unit = report.sections[3]
    assert [str(c.label) for c in unit.columns] == [
        "Gemeente",
        "Geplande kosten matchingsunit",
        "Verleend (beschikkingen)",
        "Gerealiseerd (goedgekeurd)",
    ]
    assert unit.rows == [["Dordrecht", E("200000"), E("225336"), E("56334.25")]]


def test_the_report_follows_an_approved_cost(unit_year):
    ctx = context(municipality=unit_year.municipality, parameters={"year": YEAR}, today=AFTER)
    opened = [unit_year.municipality]
    before = fingerprint("budget", ctx, open_for=opened)
    with in_tenant(unit_year.municipality):
        pending = MatchingUnitCost.objects.get(quarter=2)
    approve_cost(unit_year, pending)
    assert fingerprint("budget", ctx, open_for=opened) != before
    _, report = run("budget", ctx, open_for=opened)
    assert report.sections[0].rows[0][2] == E("106334.25")
