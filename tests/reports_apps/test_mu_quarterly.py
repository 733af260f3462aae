"""The matching unit's quarterly report: participants per company with inflow and outflow
dates and counts, for one municipality (seed 001 ch. 9, shared with the social service)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participatie.models import Enrolment, Placement
from participatie.placements.choices import OutflowReason
from participatie.reports.content import Table
from participatie.reports.registry import NoData, report_kind
from tests.conftest import in_tenant
from tests.factories import EnrolmentFactory, ParticipantFactory, PlacementFactory
from tests.reports_apps.conftest import context, fingerprint, run, text_of

D = datetime.date
Q1_2022 = {"year": 2022, "quarter": 1}
TODAY = D(2022, 4, 15)


def place(side, company, first_name, last_name, start, end=None, reason="", **extra):
    municipality = side.municipality
    with in_tenant(municipality):
        enrolment = Enrolment.objects.get(organisation=company)
        person = ParticipantFactory(
            municipality=municipality, first_name=first_name, last_name=last_name, **extra
        )
        return PlacementFactory(
            municipality=municipality,
            participant=person,
            enrolment=enrolment,
            start_date=start,
            end_date=end,
            outflow_reason=reason,
        )


@pytest.fixture
def quarter(dordrecht, zwijndrecht):
    """Q1 2022 in Dordrecht: five placements at company A around the quarter, one at B, two
    outside it; one in Zwijndrecht."""
    a, b = dordrecht.lwb_a, dordrecht.lwb_b
    place(dordrecht, a, "Anna", "Aalbers", D(2021, 6, 1))
    place(dordrecht, a, "Bram", "Bos", D(2021, 9, 1), D(2022, 2, 28), OutflowReason.PAID_WORK)
    place(dordrecht, a, "Cor", "Claes", D(2022, 1, 10))
    place(
        dordrecht,
        a,
        "Daan",
        "Dekker",
        D(2022, 2, 1),
        D(2022, 3, 31),
        OutflowReason.REGULAR_VOLUNTEERING,
    )
    # Ends after the quarter: in Q1 it had not ended yet.
    place(dordrecht, a, "Eva", "Evers", D(2022, 3, 15), D(2022, 6, 30), OutflowReason.EDUCATION)
    place(dordrecht, a, "Henk", "Haring", D(2021, 1, 1), D(2021, 12, 31), OutflowReason.MOVED)
    place(dordrecht, a, "Ilse", "Ivens", D(2022, 4, 1))
    place(dordrecht, b, "Fatima", "Fontein", D(2022, 3, 31))
    place(zwijndrecht, zwijndrecht.lwb_a, "Gert", "Zwart", D(2022, 1, 5))


def quarterly(side, *, open_for=None, parameters=Q1_2022):
    ctx = context(municipality=side.municipality, parameters=parameters, today=TODAY)
    return run("mu_quarterly", ctx, open_for=open_for or [side.municipality])


def test_kind_is_a_quarterly_municipal_report_for_the_matching_unit_and_municipality():
    kind = report_kind("mu_quarterly")
    assert kind.scopes == {"municipality"}
    assert kind.roles == {"mu_consultant", "account_holder", "policy_officer"}
    assert kind.quarterly


def test_counts_per_company_reconcile_start_inflow_outflow_and_end(quarter, dordrecht):
    _, report = quarterly(dordrecht)

    summary = report.sections[0]
    assert [str(column.label) for column in summary.columns] == [
        "Leerwerkbedrijf",
        "Geplaatst bij begin",
        "Instroom",
        "Uitstroom",
        "Geplaatst bij einde",
    ]
    # A: Aalbers and Bos were there on 1 January; Claes, Dekker and Evers came in; Bos and
    # Dekker left (Dekker on the last day); Aalbers, Claes and Evers are still there.
    assert summary.rows == [
        ["Dierenweide Dordrecht", 0, 1, 0, 1],
        ["Kringloop Dordrecht", 2, 3, 2, 3],
    ]
    assert summary.totals == ["Totaal", 2, 4, 2, 4]
    assert report.subtitle == (
        "Kwartaal 1 2022 (01-01-2022 t/m 31-03-2022). Matchingsunit: MU Dordrecht"
    )


def test_each_company_lists_its_participants_with_inflow_and_outflow_dates(quarter, dordrecht):
    _, report = quarterly(dordrecht)

    tables = {str(t.title): t for t in report.sections if isinstance(t, Table)}
    assert tables["Kringloop Dordrecht"].rows == [
        ["Anna Aalbers", D(2021, 6, 1), None, ""],
        ["Bram Bos", D(2021, 9, 1), D(2022, 2, 28), "Betaald werk"],
        ["Cor Claes", D(2022, 1, 10), None, ""],
        ["Daan Dekker", D(2022, 2, 1), D(2022, 3, 31), "Regulier vrijwilligerswerk"],
        # Her end in June is not an outflow of this quarter.
        ["Eva Evers", D(2022, 3, 15), None, ""],
    ]
    assert tables["Dierenweide Dordrecht"].rows == [["Fatima Fontein", D(2022, 3, 31), None, ""]]
    assert "Henk Haring" not in text_of(report)  # left before the quarter
    assert "Ilse Ivens" not in text_of(report)  # came after it


def test_names_but_never_a_bsn(dordrecht):
    placement = place(dordrecht, dordrecht.lwb_a, "Joke", "Jansen", D(2022, 2, 1))
    _, report = quarterly(dordrecht)
    text = text_of(report)
    assert "Joke Jansen" in text
    assert placement.participant.bsn not in text


def test_another_municipalitys_placements_never_appear_even_with_both_open(
    quarter, dordrecht, zwijndrecht
):
    _, report = quarterly(dordrecht, open_for=[dordrecht.municipality, zwijndrecht.municipality])
    text = text_of(report)
    assert "Gert Zwart" not in text
    assert "Zwijndrecht" not in text
    assert report.sections[0].totals == ["Totaal", 2, 4, 2, 4]


def test_a_quarter_without_placements_is_no_data(quarter, dordrecht):
    ctx = context(
        municipality=dordrecht.municipality, parameters={"year": 2020, "quarter": 2}, today=TODAY
    )
    with pytest.raises(NoData, match="Geen plaatsingen in kwartaal 2 van 2020"):
        fingerprint("mu_quarterly", ctx, open_for=[dordrecht.municipality])


def test_fingerprint_changes_with_an_outflow_and_a_corrected_name_only(quarter, dordrecht):
    ctx = context(municipality=dordrecht.municipality, parameters=Q1_2022, today=TODAY)
    opened = [dordrecht.municipality]
    first = fingerprint("mu_quarterly", ctx, open_for=opened)
    assert fingerprint("mu_quarterly", ctx, open_for=opened) == first

    with in_tenant(dordrecht.municipality):
        placement = Placement.objects.get(participant__last_name="Claes")
        placement.end_date, placement.outflow_reason = D(2022, 3, 1), OutflowReason.HEALTH
        placement.save()
    ended = fingerprint("mu_quarterly", ctx, open_for=opened)
    assert ended != first

    with in_tenant(dordrecht.municipality):
        person = placement.participant
        person.first_name = "Cornelis"
        person.save()
    assert fingerprint("mu_quarterly", ctx, open_for=opened) != ended


def test_queries_do_not_grow_with_companies_or_placements(quarter, dordrecht):
    def queries() -> int:
        ctx = context(municipality=dordrecht.municipality, parameters=Q1_2022, today=TODAY)
        kind = report_kind("mu_quarterly")
        with in_tenant(dordrecht.municipality), CaptureQueriesContext(connection) as captured:
            kind.fingerprint(ctx)
            kind.build(ctx)
        return len(captured)

    before = queries()
    for n in range(3):
        with in_tenant(dordrecht.municipality):
            company = EnrolmentFactory(municipality=dordrecht.municipality).organisation
        for m in range(4):
            place(dordrecht, company, f"Extra{n}", f"Deelnemer{m}", D(2022, 1, 1 + m))
    assert queries() == before
