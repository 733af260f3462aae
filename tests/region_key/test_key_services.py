"""The budget key's services: the preview and the commit reproduce seed 000's Drechtsteden key
(1,845,000; Dordrecht 1,162,448), each commit is a new version, bad input writes nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from participatie.models import Municipality
from subsidies.models import BudgetKeyShare, BudgetKeyVersion, MunicipalBudget, RegionalBudget
from subsidies.services.budgets import (
    budget_key_commit,
    budget_key_preview,
    contribution_field,
)
from tests.conftest import in_tenant
from tests.factories_subsidies import MunicipalBudgetFactory
from tests.money.test_budget_key import EXPECTED_SHARES
from tests.region_key.conftest import contributions_by_id

TOTAL = "1845000"


def _budgets(members: dict[str, Municipality], year: int) -> dict[str, Decimal]:
    with in_tenant(*members.values()):
        rows = MunicipalBudget.objects.filter(year=year).select_related("municipality")
        return {row.municipality.name: row.allocated for row in rows}


def test_preview_reproduces_the_seed_key_and_writes_nothing(region, members):
    allocation = budget_key_preview(
        region=region, year=2022, total=TOTAL, contributions=contributions_by_id(members)
    )
    amounts = {row.municipality.name: row.amount for row in allocation.rows}
    assert amounts == EXPECTED_SHARES
    assert amounts["Dordrecht"] == Decimal("1162448")
    assert sum(amounts.values()) == Decimal("1845000")
    assert allocation.contribution_total == Decimal("12286798")
    assert sum(row.share for row in allocation.rows) == pytest.approx(Decimal(1))
    assert [row.municipality.name for row in allocation.rows] == sorted(amounts)
    assert not BudgetKeyVersion.objects.exists()
    assert not RegionalBudget.objects.exists()
    assert _budgets(members, 2022) == {}


def test_preview_reads_the_notation_of_the_page_language(region, members):
    from django.utils import translation

    contributions = contributions_by_id(members)
    contributions[members["Dordrecht"].pk] = "€ 7.741.339,00"
    allocation = budget_key_preview(
        region=region, year=2022, total="1.845.000", contributions=contributions
    )
    assert allocation.amounts[members["Dordrecht"].pk] == Decimal("1162448")
    assert allocation.total == Decimal("1845000.00")
    contributions[members["Dordrecht"].pk] = "€7,741,339.00"
    with translation.override("en"):
        allocation = budget_key_preview(
            region=region, year=2022, total="1,845,000", contributions=contributions
        )
    assert allocation.amounts[members["Dordrecht"].pk] == Decimal("1162448")


def test_commit_writes_version_shares_and_every_members_budget(region, members, regional_admin):
    with in_tenant(members["Dordrecht"]):
        MunicipalBudgetFactory(
            municipality=members["Dordrecht"],
            year=2022,
            allocated=Decimal("1"),
            matching_unit_cost=Decimal("225336"),
        )
    version = budget_key_commit(
        region=region,
        year=2022,
        total=TOTAL,
        contributions=contributions_by_id(members),
        actor=regional_admin,
    )
    assert (version.number, version.year, version.total) == (1, 2022, Decimal("1845000"))
    assert version.committed_by == regional_admin and version.committed_at is not None
    shares = {s.municipality.name: s for s in version.shares.select_related("municipality")}
    assert {name: s.amount for name, s in shares.items()} == EXPECTED_SHARES
    assert shares["Dordrecht"].contribution == Decimal("7741339")
    assert _budgets(members, 2022) == EXPECTED_SHARES
    with in_tenant(members["Dordrecht"]):
        kept = MunicipalBudget.objects.get(municipality=members["Dordrecht"], year=2022)
        assert kept.matching_unit_cost == Decimal("225336")  # only the allocation changes
    assert RegionalBudget.objects.get(region=region, year=2022).total == Decimal("1845000")


def test_a_second_commit_is_version_2_and_keeps_version_1(region, members, regional_admin):
    contributions = contributions_by_id(members)
    budget_key_commit(
        region=region, year=2022, total=TOTAL, contributions=contributions, actor=regional_admin
    )
    contributions[members["Dordrecht"].pk] = "0"
    second = budget_key_commit(
        region=region, year=2022, total="1000000", contributions=contributions, actor=regional_admin
    )
    assert second.number == 2
    versions = list(BudgetKeyVersion.objects.filter(region=region, year=2022).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    first_amounts = {
        s.municipality.name: s.amount for s in versions[0].shares.select_related("municipality")
    }
    assert first_amounts == EXPECTED_SHARES  # history kept as it was
    budgets = _budgets(members, 2022)
    assert budgets["Dordrecht"] == Decimal("0")
    assert sum(budgets.values()) == Decimal("1000000")
    assert RegionalBudget.objects.get(region=region, year=2022).total == Decimal("1000000")
    # Another year starts again at version 1.
    assert (
        budget_key_commit(
            region=region, year=2023, total=TOTAL, contributions=contributions, actor=regional_admin
        ).number
        == 1
    )


def _bad(members, meierijstad, case):
    """(total, contributions, year) for a bad-input case, and the field the error is on."""
    good = contributions_by_id(members)
    dordrecht = members["Dordrecht"].pk
    next_years = datetime.date.today().year + 3
    cases = {
        "total not a number": ("veel", good, 2022, "total"),
        "total empty": ("", good, 2022, "total"),
        "total negative": ("-1845000", good, 2022, "total"),
        "total zero": ("0", good, 2022, "total"),
        "total with cents": ("1845000,50", good, 2022, "total"),
        "contribution not a number": (TOTAL, {**good, dordrecht: "zeven"}, 2022, None),
        "contribution negative": (TOTAL, {**good, dordrecht: "-5"}, 2022, None),
        "contribution three decimals": (TOTAL, {**good, dordrecht: "1,2345"}, 2022, None),
        "contribution missing": (
            TOTAL,
            {k: v for k, v in good.items() if k != dordrecht},
            2022,
            None,
        ),
        "contributions sum to zero": (TOTAL, dict.fromkeys(good, "0"), 2022, "contributions"),
        "municipality outside the region": (
            TOTAL,
            {**good, meierijstad.municipality.pk: "100"},
            2022,
            "contributions",
        ),
        "year before 2000": (TOTAL, good, 1999, "year"),
        "year too far ahead": (TOTAL, good, next_years, "year"),
        "year not a number": (TOTAL, good, "twintig", "year"),
    }
    total, contributions, year, field = cases[case]
    return total, contributions, year, field or contribution_field(dordrecht)


BAD_CASES = [
    "total not a number",
    "total empty",
    "total negative",
    "total zero",
    "total with cents",
    "contribution not a number",
    "contribution negative",
    "contribution three decimals",
    "contribution missing",
    "contributions sum to zero",
    "municipality outside the region",
    "year before 2000",
    "year too far ahead",
    "year not a number",
]


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_input_is_refused_on_its_field_and_nothing_is_written(
    region, members, meierijstad, regional_admin, case
):
    total, contributions, year, field = _bad(members, meierijstad, case)
    with pytest.raises(ValidationError) as preview_error:
        budget_key_preview(region=region, year=year, total=total, contributions=contributions)
    assert field in preview_error.value.message_dict
    with pytest.raises(ValidationError) as commit_error:
        budget_key_commit(
            region=region, year=year, total=total, contributions=contributions, actor=regional_admin
        )
    assert field in commit_error.value.message_dict
    assert not BudgetKeyVersion.objects.exists()
    assert not BudgetKeyShare.objects.exists()
    assert not RegionalBudget.objects.exists()
    assert _budgets(members, 2022) == {}


def test_the_messages_are_dutch(region, members, meierijstad):
    total, contributions, year, _field = _bad(members, meierijstad, "total with cents")
    with pytest.raises(ValidationError) as error:
        budget_key_preview(region=region, year=year, total=total, contributions=contributions)
    assert "hele euro's" in error.value.message_dict["total"][0]
    total, contributions, year, _field = _bad(members, meierijstad, "contributions sum to zero")
    with pytest.raises(ValidationError) as error:
        budget_key_preview(region=region, year=year, total=total, contributions=contributions)
    assert "samen nul" in error.value.message_dict["contributions"][0]
    total, contributions, year, _field = _bad(
        members, meierijstad, "municipality outside the region"
    )
    with pytest.raises(ValidationError) as error:
        budget_key_preview(region=region, year=year, total=total, contributions=contributions)
    assert "Meierijstad" in error.value.message_dict["contributions"][0]


def test_every_error_is_reported_at_once(region, members):
    contributions = contributions_by_id(members)
    contributions[members["Dordrecht"].pk] = "-1"
    contributions[members["Zwijndrecht"].pk] = "x"
    with pytest.raises(ValidationError) as error:
        budget_key_preview(region=region, year=1999, total="x", contributions=contributions)
    assert set(error.value.message_dict) == {
        "year",
        "total",
        contribution_field(members["Dordrecht"].pk),
        contribution_field(members["Zwijndrecht"].pk),
    }
