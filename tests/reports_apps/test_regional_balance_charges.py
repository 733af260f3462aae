"""What ``subsidies`` adds to the regional balance: per municipality of the place and home
municipality the placements under the closed purse and the charged ones with the amount
claimed, whether each municipality met its effort obligation, and the rule in words."""

from __future__ import annotations

import datetime
import subprocess
from decimal import Decimal

import pytest
from django.db import transaction

from participatie.choices import Role
from participatie.models import Enrolment, Participant, ReportStatus
from participatie.reports import services
from participatie.reports.content import Report
from participatie.tenancy.context import all_tenants
from subsidies.choices import ClaimDirection
from subsidies.models import CrossMunicipalClaim, EffortObligation
from subsidies.services.settlement import quarter_settle
from tests.conftest import assert_no_personal_data, in_tenant
from tests.factories import MunicipalityFactory
from tests.factories_subsidies import CrossMunicipalClaimFactory, EffortObligationFactory
from tests.reports_kinds.conftest import build, fingerprint, place, table
from tests.subsidies.test_settle_quarter import CASES, tariffs
from tests.subsidies.test_settle_quarter import place as place_with_steps

JAN = datetime.date(2022, 1, 1)
NAME = "Zeldzaamvoornaam"
CHARGES = "Plaatsingen buiten de woongemeente"
OBLIGATIONS = "Inspanningsverplichting per gemeente"


def claim(side, home, amount, *, year=2022):
    """A claim as settlement writes it: outgoing in the placement municipality and its
    incoming copy in the home municipality, with one reference."""
    with in_tenant(side.municipality):
        outgoing = CrossMunicipalClaimFactory(
            municipality=side.municipality,
            counterpart=home,
            year=year,
            amount=Decimal(amount),
        )
    with in_tenant(home):
        CrossMunicipalClaimFactory(
            municipality=home,
            direction=ClaimDirection.INCOMING,
            counterpart=side.municipality,
            claim_reference=outgoing.claim_reference,
            participant_reference=outgoing.participant_reference,
            year=year,
            amount=Decimal(amount),
        )


@pytest.fixture
def charges(dordrecht, zwijndrecht, meierijstad):
    """Zwijndrecht did not meet its obligation in 2022, Dordrecht did, Meierijstad (another
    region) has no row. Six Zwijndrecht residents have a place in Dordrecht, five from
    Meierijstad too, seven Dordrecht residents one in Zwijndrecht; each has residents of its
    own placed at home, and Dordrecht one from Zwijndrecht whose placement ended in 2021."""
    EffortObligationFactory(municipality=zwijndrecht.municipality, year=2022, met=False)
    EffortObligationFactory(municipality=dordrecht.municipality, year=2022, met=True)
    place(dordrecht, dordrecht.lwb_a, 6, start=JAN, home=zwijndrecht.municipality, first_name=NAME)
    place(dordrecht, dordrecht.lwb_b, 5, start=JAN, home=meierijstad.municipality, first_name=NAME)
    place(dordrecht, dordrecht.lwb_a, 8, start=JAN, first_name=NAME)
    place(
        dordrecht,
        dordrecht.lwb_b,
        start=datetime.date(2021, 1, 1),
        end=datetime.date(2021, 12, 31),
        home=zwijndrecht.municipality,
    )
    place(zwijndrecht, zwijndrecht.lwb_a, 7, start=JAN, home=dordrecht.municipality)
    place(zwijndrecht, zwijndrecht.lwb_b, 9, start=JAN, first_name=NAME)
    claim(dordrecht, zwijndrecht.municipality, "616.44")
    claim(dordrecht, zwijndrecht.municipality, "600.06")
    claim(dordrecht, zwijndrecht.municipality, "999.99", year=2021)
    # Meierijstad is not in the region: its claims never reach the region's balance.
    claim(meierijstad, zwijndrecht.municipality, "123.45")
    return dordrecht.municipality.region


def pairs(report: Report) -> dict[tuple[str, str], list]:
    found = table(report, CHARGES)
    return {(row[0], row[1]): row[2:] for row in found.rows}


def test_charged_placements_and_the_claimed_amount_per_pair(charges):
    report = build("regional_balance", charges, year=2022)
    assert pairs(report) == {
        ("Dordrecht", "Meierijstad"): [5, 0, Decimal("0.00")],
        ("Dordrecht", "Zwijndrecht"): [0, 6, Decimal("1216.50")],
        ("Zwijndrecht", "Dordrecht"): [7, 0, Decimal("0.00")],
    }
    assert table(report, CHARGES).totals == ["Totaal", None, 12, 6, Decimal("1216.50")]


def test_each_municipality_of_the_region_with_its_obligation_and_the_rule(charges, dordrecht):
    report = build("regional_balance", charges, year=2022)
    assert table(report, OBLIGATIONS).rows == [
        ["Dordrecht", "Nagekomen"],
        ["Zwijndrecht", "Niet nagekomen"],
    ]
    (rule,) = [s for s in report.sections if str(s.title) == "Gesloten beurzen en doorbelasting"]
    assert "gesloten beurzen" in rule.body and "inspanningsverplichting" in rule.body

    EffortObligation.objects.filter(municipality=dordrecht.municipality).delete()
    report = build("regional_balance", charges, year=2022)
    assert table(report, OBLIGATIONS).rows[0] == [
        "Dordrecht",
        "Niet vastgesteld (geldt als nagekomen)",
    ]
    assert pairs(report)[("Zwijndrecht", "Dordrecht")] == [7, 0, Decimal("0.00")]


def test_an_amount_next_to_a_suppressed_count_stays_empty(charges, dordrecht):
    papendrecht = MunicipalityFactory(name="Papendrecht", slug="papendrecht", region=charges)
    EffortObligationFactory(municipality=papendrecht, year=2022, met=False)
    place(dordrecht, dordrecht.lwb_b, 2, start=JAN, home=papendrecht)
    claim(dordrecht, papendrecht, "300.00")
    report = build("regional_balance", charges, year=2022)
    assert pairs(report)[("Dordrecht", "Papendrecht")] == [0, 2, None]
    found = table(report, CHARGES)
    # The total would give the hidden amount away (total minus the amounts shown).
    assert found.totals == ["Totaal", None, 12, 8, None]


def test_without_an_obligation_row_the_report_agrees_with_settlement(
    dordrecht, zwijndrecht, meierijstad
):
    """Settlement charges only a home municipality whose obligation is recorded as not met;
    the report counts the rest under the closed purse and claims what settlement claimed."""
    case = CASES[0]
    tariffs(dordrecht, case)
    EffortObligationFactory(municipality=zwijndrecht.municipality, year=2022, met=False)
    with in_tenant(dordrecht.municipality):
        enrolment = Enrolment.objects.get(organisation=dordrecht.lwb_a)
    for home in [zwijndrecht.municipality] * 5 + [meierijstad.municipality] * 5:
        place_with_steps(dordrecht, enrolment, case["placements"][0], home=home)
    with in_tenant(dordrecht.municipality):
        quarter_settle(
            municipality=dordrecht.municipality,
            year=2022,
            quarter=1,
            today=datetime.date(2022, 4, 5),
        )
        claimed = list(CrossMunicipalClaim.objects.values_list("counterpart__name", "amount"))
    # The worked example: 157.53 + 210.96 per placement in the quarter.
    assert {name for name, _amount in claimed} == {"Zwijndrecht"}
    assert sum(amount for _name, amount in claimed) == 5 * Decimal("368.49")
    report = build("regional_balance", dordrecht.municipality.region, year=2022)
    assert pairs(report) == {
        ("Dordrecht", "Meierijstad"): [5, 0, Decimal("0.00")],
        ("Dordrecht", "Zwijndrecht"): [0, 5, Decimal("1842.45")],
    }


def test_the_fingerprint_moves_with_obligations_and_claims(charges, dordrecht, zwijndrecht):
    first = fingerprint("regional_balance", charges, year=2022)
    obligation = EffortObligation.objects.get(municipality=zwijndrecht.municipality, year=2022)
    obligation.met = True
    obligation.save()
    met = fingerprint("regional_balance", charges, year=2022)
    assert met != first

    # Another year's obligation does not change this year's report.
    EffortObligationFactory(municipality=zwijndrecht.municipality, year=2021, met=False)
    assert fingerprint("regional_balance", charges, year=2022) == met

    claim(dordrecht, zwijndrecht.municipality, "10.00")
    claimed = fingerprint("regional_balance", charges, year=2022)
    assert claimed != met

    # A municipality of another region that did not meet its obligation is charged too.
    other = MunicipalityFactory(name="Elders", slug="elders")
    EffortObligationFactory(municipality=other, year=2022, met=False)
    assert fingerprint("regional_balance", charges, year=2022) != claimed


def test_query_count_does_not_grow_with_rows(
    charges, dordrecht, zwijndrecht, django_assert_max_num_queries
):
    def run() -> None:
        fingerprint("regional_balance", charges, year=2022)
        build("regional_balance", charges, year=2022)

    run()
    with django_assert_max_num_queries(100) as captured:
        run()
    before = len(captured)
    elsewhere = MunicipalityFactory(name="Alblasserdam", slug="alblasserdam", region=charges)
    EffortObligationFactory(municipality=elsewhere, year=2022, met=False)
    for home in (elsewhere, zwijndrecht.municipality):
        place(dordrecht, dordrecht.lwb_a, 30, start=JAN, home=home)
        for _ in range(10):
            claim(dordrecht, home, "50.00")
    place(zwijndrecht, zwijndrecht.lwb_b, 30, start=JAN, home=elsewhere)
    with django_assert_max_num_queries(before):
        run()
    assert pairs(build("regional_balance", charges, year=2022))[("Dordrecht", "Alblasserdam")] == [
        0,
        30,
        Decimal("500.00"),
    ]


def pdf_text(run, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(run.pdf.read())
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_a_regional_run_shows_the_charges_without_names_or_bsns(
    charges, dordrecht, django_capture_on_commit_callbacks, tmp_path
):
    small = MunicipalityFactory(name="Papendrecht", slug="papendrecht", region=charges)
    EffortObligationFactory(municipality=small, year=2022, met=False)
    place(dordrecht, dordrecht.lwb_b, 2, start=JAN, home=small, first_name=NAME)
    claim(dordrecht, small, "300.00")
    with django_capture_on_commit_callbacks(execute=True), in_tenant(dordrecht.municipality):
        run = services.report_request(
            kind_slug="regional_balance",
            data={"year": "2022"},
            user=dordrecht.account_holder,
            roles={Role.ACCOUNT_HOLDER},
            region=charges,
        ).run
    with transaction.atomic(), all_tenants(reason="test reads a run back"):
        run = type(run).objects.get(pk=run.pk)
    assert run.status == ReportStatus.DONE, run.message
    csv = run.csv.read().decode("utf-8-sig")
    text = pdf_text(run, tmp_path)
    assert "Dordrecht;Zwijndrecht;0;6;1216,50" in csv
    # Two charged placements are suppressed, and so are their amount and the total.
    assert "Dordrecht;Papendrecht;0;<5;\r\n" in csv
    assert "Totaal;;12;<5;\r\n" in csv
    assert "Niet nagekomen" in text and "€ 1.216,50" in text
    with in_tenant(*charges.municipalities.all()):
        people = list(Participant.objects.values_list("first_name", "last_name", "bsn"))
    assert len(people) > 30
    for output in (csv, text):
        assert NAME not in output
        assert_no_personal_data(output, people)
