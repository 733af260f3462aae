"""The regional evaluation (issue 16; seed 000 3.1.1): per municipality its key share, budget,
realised cost, places offered, residents placed at home and elsewhere, effort obligation and
the closed purses' balance; aggregates only, small counts hidden."""

from __future__ import annotations

import datetime
import subprocess
from decimal import Decimal

import pytest
from django.db import transaction

from participatie.choices import Role
from participatie.models import Enrolment, Participant, ReportStatus
from participatie.reports import services as report_services
from participatie.reports.registry import REGION, ReportContext
from participatie.tenancy.context import all_tenants
from subsidies.region_evaluation import REGIONAL_EVALUATION
from subsidies.services.budgets import budget_key_commit, effort_obligation_set
from tests.conftest import assert_no_personal_data, in_tenant, login
from tests.factories import ParticipantFactory, PlacementFactory
from tests.factories_subsidies import CrossMunicipalClaimFactory
from tests.region_partners.data import bulk_placements


def _enrolment(side, organisation, places):
    with in_tenant(side.municipality):
        enrolment = Enrolment.objects.select_related("municipality").get(
            municipality=side.municipality, organisation=organisation
        )
        enrolment.max_places = places
        enrolment.save(update_fields=["max_places"])
    return enrolment


@pytest.fixture
def evaluated(region, dordrecht, zwijndrecht, regional_admin):
    budget_key_commit(
        region=region,
        year=2022,
        total="1000000",
        contributions={dordrecht.municipality.pk: "3", zwijndrecht.municipality.pk: "1"},
        actor=regional_admin,
    )
    at_dordrecht = _enrolment(dordrecht, dordrecht.lwb_a, 40)
    _enrolment(dordrecht, dordrecht.lwb_b, 10)
    _enrolment(zwijndrecht, zwijndrecht.lwb_a, 20)
    _enrolment(zwijndrecht, zwijndrecht.lwb_b, 0)
    bulk_placements(at_dordrecht, 12, actor=regional_admin, start=datetime.date(2022, 1, 1))
    bulk_placements(
        _enrolment(zwijndrecht, zwijndrecht.lwb_a, 20),
        7,
        actor=regional_admin,
        start=datetime.date(2022, 2, 1),
    )
    # Three residents of Zwijndrecht with a place in Dordrecht.
    with in_tenant(dordrecht.municipality):
        for n in range(3):
            person = ParticipantFactory(
                municipality=dordrecht.municipality,
                home_municipality=zwijndrecht.municipality,
                first_name="Rik",
                last_name=f"Reiziger{n}",
            )
            PlacementFactory(
                municipality=dordrecht.municipality,
                participant=person,
                enrolment=at_dordrecht,
                start_date=datetime.date(2022, 3, 1),
            )
        CrossMunicipalClaimFactory(
            municipality=dordrecht.municipality,
            counterpart=zwijndrecht.municipality,
            year=2022,
            amount=Decimal("1200.50"),
        )
    effort_obligation_set(
        municipality=zwijndrecht.municipality,
        year=2022,
        met=False,
        note="Voorziening versoberd.",
        actor=regional_admin,
    )
    return region


def _build(region, dordrecht, zwijndrecht):
    ids = (dordrecht.municipality.pk, zwijndrecht.municipality.pk)
    with in_tenant(dordrecht.municipality, zwijndrecht.municipality):
        ctx = ReportContext(
            scope=REGION,
            municipality_ids=ids,
            parameters={"year": 2022},
            region=region,
            today=datetime.date(2023, 3, 1),
        )
        REGIONAL_EVALUATION.fingerprint(ctx)
        return REGIONAL_EVALUATION.build(ctx)


def test_each_municipality_side_by_side(evaluated, dordrecht, zwijndrecht):
    money, people = _build(evaluated, dordrecht, zwijndrecht).sections
    (d_money, z_money), (d_people, z_people) = money.rows, people.rows
    assert [d_money[0], z_money[0]] == ["Dordrecht", "Zwijndrecht"]
    assert d_money[1] == Decimal("0.75") and z_money[1] == Decimal("0.25")
    assert d_money[2] == Decimal("750000.00") and z_money[2] == Decimal("250000.00")
    assert d_money[4] == Decimal("1200.50") and z_money[4] == Decimal("-1200.50")
    assert money.totals[4] == Decimal("0.00")
    assert (d_people[1], z_people[1]) == (50, 20)
    # At home: 12 in Dordrecht, 7 in Zwijndrecht; elsewhere: Zwijndrecht's 3 in Dordrecht.
    assert (d_people[2], d_people[3]) == (12, 0)
    assert (z_people[2], z_people[3]) == (7, 3)
    assert d_people[4] == "Nagekomen" and z_people[4] == "Niet nagekomen"
    assert people.totals[1:4] == [70, 19, 3]


def test_through_the_machinery_small_counts_are_hidden_and_no_person_appears(
    evaluated, dordrecht, django_capture_on_commit_callbacks, tmp_path
):
    with django_capture_on_commit_callbacks(execute=True), in_tenant(dordrecht.municipality):
        run = report_services.report_request(
            kind_slug="regional_evaluation",
            data={"year": "2022"},
            user=dordrecht.account_holder,
            roles={Role.ACCOUNT_HOLDER},
            region=evaluated,
        ).run
    with transaction.atomic(), all_tenants(reason="test reads a run back"):
        run = type(run).objects.get(pk=run.pk)
    assert run.status == ReportStatus.DONE, run.message
    path = tmp_path / "report.pdf"
    path.write_bytes(run.pdf.read())
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Regionale evaluatie 2022" in text
    zwijndrecht_line = next(
        line
        for line in text.splitlines()
        if line.strip().startswith("Zwijndrecht") and "<5" in line
    )
    assert "Niet nagekomen" in zwijndrecht_line  # 3 residents elsewhere: shown as <5
    with in_tenant(dordrecht.municipality):
        travellers = Participant.objects.filter(last_name__startswith="Reiziger")
        people = [(p.first_name, p.last_name, p.bsn) for p in travellers]
    assert len(people) == 3
    assert_no_personal_data(text, people)


def test_the_kind_is_offered_on_the_regional_report_page_only(
    client, evaluated, regional_analyst, dordrecht
):
    login(client, regional_analyst)
    assert "Regionale evaluatie" in client.get("/regio/drechtsteden/rapportages/").content.decode()
    login(client, dordrecht.account_holder)
    assert "Regionale evaluatie" not in client.get("/dordrecht/rapportages/").content.decode()
