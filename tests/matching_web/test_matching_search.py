"""The matching search: free places across the served municipalities, home first, filters,
occupancy, and the warning that the person already has a place in the region."""

from __future__ import annotations

import pytest

from participatie.models import Enrolment
from tests.conftest import in_tenant, login
from tests.factories import (
    EnrolmentFactory,
    OrganisationFactory,
    ParticipantFactory,
    PlacementFactory,
)
from tests.matching_web.conftest import enrolment_of, make_intake, queries_of


def search_url(intake, slug="dordrecht", query=""):
    return f"/{slug}/aanmeldingen/{intake.referral_id}/zoeken/{query}"


def set_profile(side, organisation, **fields):
    with in_tenant(side.municipality):
        Enrolment.objects.filter(organisation=organisation).update(**fields)
    if "sector" in fields:
        raise AssertionError("sector lives on the organisation")


@pytest.fixture
def profiles(mu_serves_both):
    dordrecht, zwijndrecht = mu_serves_both
    dordrecht.lwb_a.sector = "Kringloop"
    dordrecht.lwb_a.save()
    dordrecht.lwb_b.sector = "Dieren"
    dordrecht.lwb_b.save()
    set_profile(dordrecht, dordrecht.lwb_a, work_environment="language_rich", guidance_kind="group")
    set_profile(
        dordrecht, dordrecht.lwb_b, work_environment="low_stimulus", guidance_kind="individual"
    )
    return dordrecht, zwijndrecht


COMPANIES = (
    "Kringloop Dordrecht",
    "Dierenweide Dordrecht",
    "Kringloop Zwijndrecht",
    "Dierenweide Zwijndrecht",
)


def companies_in(page):
    """The companies of the fixtures in the results table, in the order shown."""
    table = page.split('<tbody class="utrecht-table__body">')[1] if "<tbody" in page else ""
    return sorted((name for name in COMPANIES if name in table), key=table.index)


def test_results_cover_every_served_municipality_home_first(client, profiles):
    dordrecht, zwijndrecht = profiles
    intake = make_intake(
        dordrecht,
        zwijndrecht.municipality,
        outcome="waiting",
        participant={"home_municipality": zwijndrecht.municipality},
    )
    login(client, dordrecht.consultant)
    response = client.get(search_url(intake, "zwijndrecht"))
    assert response.status_code == 200
    page = response.content.decode()
    found = companies_in(page)
    assert len(found) == 4
    assert [name.split()[-1] for name in found] == ["Zwijndrecht"] * 2 + ["Dordrecht"] * 2
    first_row = page.split('<tbody class="utrecht-table__body">')[1].split("</tr>")[0]
    assert "Zwijndrecht" in first_row and "(woongemeente)" in first_row


def test_a_consultant_of_a_unit_serving_one_municipality_sees_only_it(
    client, dordrecht, zwijndrecht
):
    intake = make_intake(dordrecht)
    login(client, dordrecht.consultant)
    page = client.get(search_url(intake)).content.decode()
    assert set(companies_in(page)) == {"Kringloop Dordrecht", "Dierenweide Dordrecht"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?work_environment=low_stimulus", {"Dierenweide Dordrecht"}),
        ("?guidance_kind=group", {"Kringloop Dordrecht"}),
        ("?sector=dier", {"Dierenweide Dordrecht"}),
        ("?sector=kringloop&work_environment=low_stimulus", set()),
    ],
)
def test_filters_on_sector_environment_and_guidance(client, profiles, query, expected):
    dordrecht, _zwijndrecht = profiles
    intake = make_intake(dordrecht)
    login(client, dordrecht.consultant)
    page = client.get(search_url(intake, query=query)).content.decode()
    assert set(companies_in(page)) == expected
    if not expected:
        assert "Geen leerwerkbedrijf met een vrije plek past bij deze filters." in page


def test_occupancy_is_shown_in_numbers_and_full_companies_are_left_out(client, dordrecht, steps):
    with in_tenant(dordrecht.municipality):
        Enrolment.objects.filter(organisation=dordrecht.lwb_a).update(max_places=3)
        Enrolment.objects.filter(organisation=dordrecht.lwb_b).update(max_places=1)
    for organisation in (dordrecht.lwb_a, dordrecht.lwb_b):
        with in_tenant(dordrecht.municipality):
            PlacementFactory(
                municipality=dordrecht.municipality, enrolment=enrolment_of(dordrecht, organisation)
            )
    intake = make_intake(dordrecht)
    login(client, dordrecht.consultant)
    page = client.get(search_url(intake)).content.decode()
    assert "1 van 3 bezet" in page and "<meter" in page and 'aria-hidden="true"' in page
    assert companies_in(page) == ["Kringloop Dordrecht"]


def test_warns_when_the_bsn_has_an_active_placement_elsewhere(client, mu_serves_both):
    dordrecht, zwijndrecht = mu_serves_both
    intake = make_intake(dordrecht)
    with in_tenant(zwijndrecht.municipality):
        same_person = ParticipantFactory(
            municipality=zwijndrecht.municipality, bsn=intake.referral.participant.bsn
        )
        PlacementFactory(
            municipality=zwijndrecht.municipality,
            participant=same_person,
            enrolment=Enrolment.objects.get(organisation=zwijndrecht.lwb_a),
        )
    login(client, dordrecht.consultant)
    page = client.get(search_url(intake)).content.decode()
    assert "Let op: deze persoon heeft al een actieve plaatsing" in page
    assert "Kringloop Zwijndrecht in Zwijndrecht, sinds 15-02-2022" in page


def test_no_warning_without_other_placements(client, dordrecht, steps):
    intake = make_intake(dordrecht)
    login(client, dordrecht.consultant)
    assert "al een actieve plaatsing" not in client.get(search_url(intake)).content.decode()


def test_a_closed_intake_cannot_be_matched(client, dordrecht):
    intake = make_intake(dordrecht, outcome="withdrawn")
    login(client, dordrecht.consultant)
    assert client.get(search_url(intake)).status_code == 404


def test_the_search_costs_the_same_for_2_or_32_companies(client, mu_serves_both):
    dordrecht, _zwijndrecht = mu_serves_both
    intake = make_intake(dordrecht)
    login(client, dordrecht.consultant)
    status, few = queries_of(client, search_url(intake))
    assert status == 200
    with in_tenant(dordrecht.municipality):
        for n in range(30):
            enrolment = EnrolmentFactory(
                municipality=dordrecht.municipality,
                organisation=OrganisationFactory(slug=f"extra-{n}", name=f"Extra {n}"),
            )
            PlacementFactory(municipality=dordrecht.municipality, enrolment=enrolment)
    status, many = queries_of(client, search_url(intake))
    assert status == 200 and many == few
