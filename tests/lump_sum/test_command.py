"""``manage.py settle_lump_sum REGION_SLUG YEAR QUARTER --json``."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from participatie.models import Enrolment
from subsidies.lump_sum.services import lump_sum_approve, lump_sum_count_record, lump_sum_settle
from subsidies.models import LumpSumStatement
from tests.conftest import in_tenant
from tests.factories import PlacementFactory


def _run(*args: str) -> dict:
    out = StringIO()
    call_command("settle_lump_sum", *args, stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


def test_json_names_the_total_the_participants_and_each_members_share(agreement, ibn_admin):
    for month, last in ((1, 31), (2, 28), (3, 31)):
        lump_sum_count_record(
            agreement=agreement,
            counted_on=datetime.date(2022, month, last),
            participants=400,
            actor=ibn_admin,
        )
    result = _run("ibn", "2022", "1", "--json")
    assert set(result) == {"total", "participants", "shares"}
    assert result["total"] == "67417.00"
    assert result["participants"] == 400
    assert len(result["shares"]) == 11
    assert {"municipality", "amount"} == set(result["shares"][0])
    assert sum(Decimal(s["amount"]) for s in result["shares"]) == Decimal("67417.00")
    assert "meierijstad" in {s["municipality"] for s in result["shares"]}
    statement = LumpSumStatement.objects.get()
    assert statement.prepared_by is None and statement.status == "draft"
    # Run again: the same draft, not a second one.
    assert _run("ibn", "2022", "1", "--json") == result
    assert LumpSumStatement.objects.count() == 1


def test_count_option_counts_from_the_registration(agreement, provider, ibn_members):
    uden = ibn_members["Uden"]
    with in_tenant(uden):
        enrolment = Enrolment.objects.get(municipality=uden, organisation=provider)
        for _ in range(8):
            PlacementFactory(
                municipality=uden, enrolment=enrolment, start_date=datetime.date(2021, 12, 1)
            )
    result = _run("ibn", "2022", "1", "--count", "--json")
    assert result["participants"] == 8
    # 8 x 674.17 / 4 = 1,348.34
    assert result["total"] == "1348.34"


def test_an_approved_quarter_is_printed_as_approved(agreement, ibn_admin):
    lump_sum_count_record(
        agreement=agreement, counted_on=datetime.date(2022, 4, 30), participants=1, actor=ibn_admin
    )
    for day in (datetime.date(2022, 5, 31), datetime.date(2022, 6, 30)):
        lump_sum_count_record(agreement=agreement, counted_on=day, participants=2, actor=ibn_admin)
    lump_sum_approve(
        statement=lump_sum_settle(agreement=agreement, quarter=2, actor=None), actor=ibn_admin
    )
    lump_sum_count_record(
        agreement=agreement, counted_on=datetime.date(2022, 4, 30), participants=99, actor=ibn_admin
    )
    result = _run("ibn", "2022", "2", "--json")
    assert result["participants"] == pytest.approx(1.67)
    assert LumpSumStatement.objects.get().status == "approved"


def test_without_a_count_the_command_fails_in_words(agreement):
    with pytest.raises(CommandError, match="nog geen telling"):
        call_command("settle_lump_sum", "ibn", "2022", "3", stdout=StringIO())


def test_unknown_region_year_or_quarter(agreement):
    with pytest.raises(CommandError, match="Unknown region"):
        call_command("settle_lump_sum", "nergens", "2022", "1", stdout=StringIO())
    with pytest.raises(CommandError, match="No lump-sum agreement"):
        call_command("settle_lump_sum", "ibn", "2021", "1", stdout=StringIO())
    with pytest.raises(CommandError, match="QUARTER"):
        call_command("settle_lump_sum", "ibn", "2022", "5", stdout=StringIO())
