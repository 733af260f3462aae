"""The dry run checks every row by the rules of the web's services, and names each problem by
row and column as Excel shows them. Nothing is written."""

from __future__ import annotations

from datetime import date

from matching.imports import cells
from participatie.enrolments.choices import EnrolmentStatus
from participatie.models import Enrolment, Participant, Placement
from tests.caseload_import.conftest import check, kvks
from tests.caseload_import.helpers import bsn_with_zero, person, row, xlsx
from tests.conftest import in_tenant
from tests.factories import ParticipantFactory, PlacementFactory


def one(place, **values):
    base = {
        **person(1),
        "leerwerkbedrijf": kvks(place)[0],
        "startdatum": "01-03-2022",
        "uren_per_week": 12,
    }
    return row(**{**base, **values})


def messages(outcome, level="error"):
    return [(p.row, p.column, p.message) for p in outcome.problems if p.level == level]


def test_a_clean_row_has_no_problems_and_writes_nothing(place):
    outcome = check(place, xlsx([one(place)]))
    assert outcome.errors == [] and outcome.placements_created == 1
    with in_tenant(place.municipality):
        assert Participant.objects.count() == 0 and Placement.objects.count() == 0


def test_bsn_eleven_test_and_a_lost_leading_zero(place):
    padded = bsn_with_zero(3)
    outcome = check(
        place, xlsx([one(place, bsn=123456789), one(place, bsn=int(padded), voornaam="Bo")])
    )
    assert (2, "A", "Dit is geen geldig BSN (9 cijfers die de elfproef doorstaan).") in messages(
        outcome
    )
    assert any(
        r == 3 and c == "A" and "voorloopnul" in m for r, c, m in messages(outcome, "warning")
    )


def test_dates_in_every_accepted_form():
    assert cells.day("31-12-2022") == date(2022, 12, 31)
    assert cells.day("1-2-2022") == date(2022, 2, 1)
    assert cells.day("2022-12-31") == date(2022, 12, 31)
    assert cells.day(44926) == date(2022, 12, 31)
    assert cells.day("44926") == date(2022, 12, 31)
    assert cells.day(" 31/12/2022 ") == date(2022, 12, 31)


def test_a_bad_date_is_named_by_row_and_column(place):
    outcome = check(
        place, xlsx([one(place, geboortedatum="31-02-1980"), one(place, startdatum="morgen")])
    )
    assert (2, "D", "Deze datum bestaat niet.") in messages(outcome)
    assert any(r == 3 and c == "K" and "geen datum" in m for r, c, m in messages(outcome))


def test_age_at_start_18_to_aow(place):
    young = one(place, geboortedatum="01-01-2010")
    old = one(place, bsn=person(2)["bsn"], voornaam="Oud", geboortedatum="01-01-1950")
    found = messages(check(place, xlsx([young, old])))
    text = "Op de startdatum is de deelnemer jonger dan 18 of heeft de AOW-leeftijd bereikt."
    assert (2, "K", text) in found and (3, "K", text) in found


def test_consent_is_needed_with_a_benefit(place):
    found = messages(check(place, xlsx([one(place, uitkering="sdd")])))
    assert {c for r, c, m in found if "toestemming" in m} == {"G", "H"}


def test_unknown_company_and_company_not_active_here(place):
    with in_tenant(place.municipality):
        Enrolment.objects.filter(organisation=place.extra["companies"][1]).update(
            status=EnrolmentStatus.ENDED
        )
    outcome = check(
        place,
        xlsx(
            [
                one(place, leerwerkbedrijf="Bestaat Niet BV"),
                one(place, bsn=person(2)["bsn"], leerwerkbedrijf=kvks(place)[1]),
            ]
        ),
    )
    found = messages(outcome)
    assert any(r == 2 and c == "I" and "Onbekend leerwerkbedrijf" in m for r, c, m in found)
    assert (3, "I", "Dit leerwerkbedrijf heeft geen actief contract met de gemeente.") in found


def test_company_by_exact_name_with_spaces(place):
    outcome = check(place, xlsx([one(place, leerwerkbedrijf="  werkplaats   3 ")]))
    assert outcome.errors == []


def test_step_code_not_in_that_years_catalogue(place):
    found = messages(check(place, xlsx([one(place, trede="goud")])))
    assert (2, "N", "Deze trede hoort niet bij de treden van 2022.") in found


def test_a_year_without_catalogue(place):
    found = messages(
        check(place, xlsx([one(place, startdatum="01-03-2013", geboortedatum="01-01-1980")]))
    )
    assert any(c == "K" and "tredecatalogus van 2013 ontbreekt" in m for r, c, m in found)


def test_end_before_start(place):
    found = messages(check(place, xlsx([one(place, einddatum="01-01-2022")])))
    assert (2, "L", "De einddatum ligt vóór de startdatum.") in found


def test_overlapping_placements_at_one_company_in_the_file_and_in_the_database(place):
    found = messages(check(place, xlsx([one(place), one(place, startdatum="01-06-2022")])))
    assert (3, "K", "De deelnemer heeft in deze periode al een plaatsing bij dit bedrijf.") in found


def test_more_than_two_at_once(place):
    rows = [one(place, leerwerkbedrijf=kvks(place)[i]) for i in range(3)]
    found = messages(check(place, xlsx(rows)))
    assert any(r == 4 and "meer dan twee" in m for r, c, m in found)
    assert not any(r in (2, 3) for r, c, m in found)


def test_capacity_of_the_enrolment(place):
    with in_tenant(place.municipality):
        Enrolment.objects.filter(organisation=place.extra["companies"][0]).update(max_places=1)
    rows = [one(place), {**one(place), **person(2)}]
    found = messages(check(place, xlsx(rows)))
    assert any(r == 3 and c == "I" and "zit vol" in m for r, c, m in found)


def test_same_bsn_twice_with_other_name_or_birth_date(place):
    rows = [
        one(place),
        one(place, voornaam="Piet", leerwerkbedrijf=kvks(place)[1]),
        one(place, geboortedatum="02-02-1977", leerwerkbedrijf=kvks(place)[2]),
    ]
    found = messages(check(place, xlsx(rows)))
    assert any(r == 3 and c == "B" and "regel 2" in m for r, c, m in found)
    assert any(r == 4 and c == "D" and "regel 2" in m for r, c, m in found)


def test_an_active_placement_elsewhere_in_the_region_is_a_warning(place, zwijndrecht):
    bsn = person(1)["bsn"]
    with in_tenant(zwijndrecht.municipality):
        someone = ParticipantFactory(municipality=zwijndrecht.municipality, bsn=bsn)
        PlacementFactory(
            municipality=zwijndrecht.municipality, participant=someone, start_date=date(2021, 1, 1)
        )
    outcome = check(place, xlsx([one(place)]))
    assert outcome.errors == []
    assert any(p.column == "A" and "Zwijndrecht" in p.message for p in outcome.warnings)


def test_one_bad_row_among_1000_writes_nothing_and_names_row_and_column(place):
    rows = [
        row(
            **person(n),
            leerwerkbedrijf=kvks(place)[n % 8],
            startdatum="01-03-2022",
            uren_per_week=10,
        )
        for n in range(1000)
    ]
    rows[636]["uren_per_week"] = "veel"
    outcome = check(place, xlsx(rows), commit=True)
    assert not outcome.committed
    assert [(p.row, p.column, p.field) for p in outcome.errors] == [(638, "P", "uren_per_week")]
    with in_tenant(place.municipality):
        assert Participant.objects.count() == 0 and Placement.objects.count() == 0
