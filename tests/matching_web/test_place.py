"""Placing from the matching search: the place form, every refusal in Dutch with nothing saved,
and a Zwijndrecht resident placed at a Dordrecht company through the web forms."""

from __future__ import annotations

import pytest

from matching.choices import IntakeOutcome, ReferralStatus
from matching.models import Intake, Referral
from participatie.models import Enrolment, Participant, Placement
from tests.conftest import in_tenant, login
from tests.factories import (
    DevelopmentPlanFactory,
    EnrolmentFactory,
    OrganisationFactory,
    PlacementFactory,
    valid_bsn,
)
from tests.matching_web.conftest import D, enrolment_of, make_intake


def place_url(intake, enrolment, slug="dordrecht"):
    return f"/{slug}/aanmeldingen/{intake.referral_id}/plaatsen/{enrolment.pk}/"


def place_form(**overrides):
    data = {
        "start_date": "2022-02-15",
        "hours_per_week": "12,5",
        "kind": "regular",
        "orientation_employer": "",
        "end_date": "",
    }
    data.update(overrides)
    return data


def placements(side):
    with in_tenant(side.municipality):
        return Placement.objects.count()


@pytest.fixture
def waiting(dordrecht, steps):
    return make_intake(dordrecht, outcome=IntakeOutcome.WAITING)


def test_the_place_form_shows_the_company_and_its_occupancy(client, dordrecht, waiting):
    login(client, dordrecht.consultant)
    page = client.get(place_url(waiting, enrolment_of(dordrecht))).content.decode()
    assert "plaatsen bij Kringloop Dordrecht" in page
    assert "0 van 10 plekken bezet, 10 vrij" in page
    for label in ("Startdatum", "Uren per week", "Soort plek", "Werkgever oriëntatieplek"):
        assert label in page


def test_a_consultant_places_the_candidate(client, dordrecht, waiting):
    login(client, dordrecht.consultant)
    enrolment = enrolment_of(dordrecht)
    response = client.post(place_url(waiting, enrolment), place_form())
    assert response.status_code == 302
    assert response["Location"] == f"/dordrecht/aanmeldingen/{waiting.referral_id}/"
    with in_tenant(dordrecht.municipality):
        placement = Placement.objects.get()
        assert placement.enrolment == enrolment
        assert str(placement.hours_per_week) == "12.5"
        assert placement.intake_reference == waiting.reference
        intake = Intake.objects.get()
        assert (intake.outcome, intake.placed_in) == ("placed", dordrecht.municipality)
        assert Referral.objects.get().status == ReferralStatus.CLOSED
        assert placement.step_decisions.get().step.code == "basis"
    page = client.get(response["Location"]).content.decode()
    assert "is geplaatst bij Kringloop Dordrecht in Dordrecht" in page
    assert "Geplaatst in Dordrecht" in page


def test_an_intake_in_progress_can_be_placed_too(client, dordrecht, steps):
    intake = make_intake(dordrecht)
    login(client, dordrecht.consultant)
    response = client.post(place_url(intake, enrolment_of(dordrecht)), place_form())
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"start_date": "2022-01-15"}, "De startdatum ligt vóór de intakedatum (20-01-2022)."),
        ({"start_date": ""}, "Dit veld is verplicht."),
        ({"hours_per_week": "50"}, "Het aantal uren per week ligt tussen 0 en 40."),
        ({"hours_per_week": "veel"}, "Vul een getal in"),
        ({"kind": "orientation"}, "Noem de werkgever van de oriëntatieplek."),
        ({"kind": "second"}, "Een tweede plek duurt hooguit een jaar: vul een einddatum in."),
        ({"end_date": "2022-02-01"}, "De einddatum ligt vóór de startdatum."),
    ],
)
def test_bad_place_input_is_refused_in_dutch(client, dordrecht, waiting, overrides, message):
    login(client, dordrecht.consultant)
    response = client.post(place_url(waiting, enrolment_of(dordrecht)), place_form(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert placements(dordrecht) == 0
    with in_tenant(dordrecht.municipality):
        assert Intake.objects.get().outcome == IntakeOutcome.WAITING


def test_a_full_company_is_refused_with_the_numbers(client, dordrecht, waiting):
    enrolment = enrolment_of(dordrecht)
    with in_tenant(dordrecht.municipality):
        Enrolment.objects.filter(pk=enrolment.pk).update(max_places=2)
        PlacementFactory.create_batch(2, municipality=dordrecht.municipality, enrolment=enrolment)
    login(client, dordrecht.consultant)
    response = client.post(place_url(waiting, enrolment), place_form())
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dit leerwerkbedrijf zit vol: 2 plekken, 2 bezet." in page
    assert "2 van 2 plekken bezet, 0 vrij" in page
    assert placements(dordrecht) == 2


def test_a_third_concurrent_placement_is_refused(client, dordrecht, steps):
    intake = make_intake(dordrecht, outcome=IntakeOutcome.WAITING)
    person = intake.referral.participant
    with in_tenant(dordrecht.municipality):
        for organisation in (dordrecht.lwb_a, dordrecht.lwb_b):
            PlacementFactory(
                municipality=dordrecht.municipality,
                participant=person,
                enrolment=Enrolment.objects.get(organisation=organisation),
            )
        third = EnrolmentFactory(
            municipality=dordrecht.municipality,
            organisation=OrganisationFactory(slug="derde", name="Derde Plek"),
        )
    login(client, dordrecht.consultant)
    response = client.post(place_url(intake, third), place_form(start_date="2022-03-01"))
    assert response.status_code == 400
    assert "al twee plaatsingen; meer dan twee tegelijk kan niet" in response.content.decode()
    assert placements(dordrecht) == 2


def test_an_overlap_at_the_same_company_is_refused(client, dordrecht, steps):
    intake = make_intake(dordrecht, outcome=IntakeOutcome.WAITING)
    enrolment = enrolment_of(dordrecht)
    with in_tenant(dordrecht.municipality):
        PlacementFactory(
            municipality=dordrecht.municipality,
            participant=intake.referral.participant,
            enrolment=enrolment,
        )
    login(client, dordrecht.consultant)
    response = client.post(place_url(intake, enrolment), place_form(start_date="2022-03-01"))
    assert response.status_code == 400
    assert "al een plaatsing bij dit bedrijf" in response.content.decode()
    assert placements(dordrecht) == 1


def test_a_second_place_needs_three_months_and_a_plan(client, dordrecht, steps):
    intake = make_intake(dordrecht, outcome=IntakeOutcome.WAITING)
    with in_tenant(dordrecht.municipality):
        first = PlacementFactory(
            municipality=dordrecht.municipality,
            participant=intake.referral.participant,
            enrolment=enrolment_of(dordrecht),
        )
    login(client, dordrecht.consultant)
    url = place_url(intake, enrolment_of(dordrecht, dordrecht.lwb_b))
    second = place_form(kind="second", start_date="2022-07-01", end_date="2023-01-31")
    response = client.post(url, second)
    assert response.status_code == 400
    assert "ontwikkelplan" in response.content.decode()
    with in_tenant(dordrecht.municipality):
        DevelopmentPlanFactory(municipality=dordrecht.municipality, placement=first)
    assert client.post(url, second).status_code == 302
    assert placements(dordrecht) == 2


def test_age_on_the_start_date_is_checked(client, dordrecht, steps):
    intake = make_intake(
        dordrecht, outcome=IntakeOutcome.WAITING, participant={"birth_date": D(2004, 3, 1)}
    )
    login(client, dordrecht.consultant)
    response = client.post(place_url(intake, enrolment_of(dordrecht)), place_form())
    assert response.status_code == 400
    assert "jonger dan 18" in response.content.decode()
    assert placements(dordrecht) == 0


def test_a_contra_indication_blocks_placing(client, dordrecht, steps):
    intake = make_intake(dordrecht, ci_regular_education=True)
    login(client, dordrecht.consultant)
    response = client.post(place_url(intake, enrolment_of(dordrecht)), place_form())
    assert response.status_code == 400
    assert "Contra-indicatie: Volgt regulier onderwijs." in response.content.decode()
    assert placements(dordrecht) == 0


def test_zwijndrecht_resident_placed_in_dordrecht_through_the_web(client, mu_serves_both):
    """The unit serving both registers in Zwijndrecht, places at a Dordrecht company: the
    placement and its participant record live in Dordrecht, the intake says where."""
    dordrecht, zwijndrecht = mu_serves_both
    bsn = valid_bsn(31337)
    login(client, dordrecht.consultant)
    response = client.post(
        "/zwijndrecht/aanmeldingen/nieuw/",
        {
            "first_name": "Sanne",
            "last_name": "Visser",
            "bsn": bsn,
            "birth_date": "1990-06-01",
            "postcode": "3331 AB",
            "city": "Zwijndrecht",
            "benefit": "sdd",
            "consent_by": "M. de Boer (SDD)",
            "consent_on": "2022-01-05",
            "source": "sdd",
            "referred_on": "2022-01-10",
        },
    )
    assert response.status_code == 302
    detail = response["Location"]
    assert detail.startswith("/zwijndrecht/aanmeldingen/") and bsn not in detail
    intake_post = {"intake_date": "2022-01-20", "informed": "on", "motivated": "on"}
    assert client.post(f"{detail}intake/", {**intake_post, "consent": "on"}).status_code == 302
    assert client.post(f"{detail}uitkomst/", {"outcome": "waiting"}).status_code == 302

    search = client.get(f"{detail}zoeken/").content.decode()
    assert "Kringloop Dordrecht" in search and "Kringloop Zwijndrecht" in search
    target = enrolment_of(dordrecht)
    assert f"{detail}plaatsen/{target.pk}/" in search
    response = client.post(f"{detail}plaatsen/{target.pk}/", place_form())
    assert response.status_code == 302 and response["Location"] == detail

    page = client.get(detail).content.decode()
    assert "Geplaatst in Dordrecht" in page
    queues = client.get("/zwijndrecht/aanmeldingen/").content.decode()
    assert "Sanne Visser" in queues and "geplaatst in Dordrecht" in queues

    with in_tenant(dordrecht.municipality):
        placement = Placement.objects.select_related("participant").get()
        assert placement.enrolment == target
        assert placement.participant.municipality == dordrecht.municipality
        assert placement.participant.home_municipality == zwijndrecht.municipality
        assert placement.participant.intake_notes == ""
    with in_tenant(zwijndrecht.municipality):
        assert not Placement.objects.exists()
        intake = Intake.objects.get()
        assert intake.placed_in == dordrecht.municipality
        assert intake.placement_reference == placement.reference
        assert Participant.objects.get().bsn == bsn

    listing = client.get("/dordrecht/deelnemers/").content.decode()
    assert "Visser, Sanne" in listing and f"/dordrecht/plaatsingen/{placement.pk}/" in listing
