"""The participant list: paginated by 50, searchable by name, current step, constant cost."""

from __future__ import annotations

from tests.conftest import in_tenant, login
from tests.factories import ParticipantFactory, PlacementFactory, StepDecisionFactory, StepFactory
from tests.matching_web.conftest import enrolment_of, queries_of

URL = "/dordrecht/deelnemers/"


def placed(side, step_code="basis", **participant):
    with in_tenant(side.municipality):
        person = ParticipantFactory(municipality=side.municipality, **participant)
        placement = PlacementFactory(
            municipality=side.municipality, participant=person, enrolment=enrolment_of(side)
        )
        step = StepFactory(
            municipality=side.municipality, year=2022, code=step_code, label=step_code.title()
        )
        StepDecisionFactory(municipality=side.municipality, placement=placement, step=step)
    return placement


def test_lists_participants_with_their_placement_and_step(client, dordrecht):
    placement = placed(dordrecht, "plus", first_name="Anna", last_name="Bakker")
    with in_tenant(dordrecht.municipality):
        ParticipantFactory(
            municipality=dordrecht.municipality, first_name="Bram", last_name="Claes"
        )
    login(client, dordrecht.consultant)
    page = client.get(URL).content.decode()
    assert "Bakker, Anna" in page and "Claes, Bram" in page
    assert f'href="/dordrecht/plaatsingen/{placement.pk}/"' in page
    assert "Kringloop Dordrecht" in page and ">Plus<" in page
    assert page.index("Bakker, Anna") < page.index("Claes, Bram")


def test_search_by_name(client, dordrecht):
    with in_tenant(dordrecht.municipality):
        ParticipantFactory(
            municipality=dordrecht.municipality, first_name="Anna", last_name="Bakker"
        )
        ParticipantFactory(
            municipality=dordrecht.municipality, first_name="Bram", last_name="Claes"
        )
    login(client, dordrecht.account_holder)
    page = client.get(URL + "?q=anna+bak").content.decode()
    assert "Bakker, Anna" in page and "Claes" not in page
    assert "1 deelnemer gevonden" in page


def test_other_municipalities_participants_are_not_listed(client, dordrecht, zwijndrecht):
    with in_tenant(zwijndrecht.municipality):
        ParticipantFactory(municipality=zwijndrecht.municipality, last_name="Buurgemeente")
    login(client, dordrecht.consultant)
    assert "Buurgemeente" not in client.get(URL).content.decode()


def test_pages_of_fifty(client, dordrecht):
    with in_tenant(dordrecht.municipality):
        ParticipantFactory.create_batch(51, municipality=dordrecht.municipality)
    login(client, dordrecht.policy_officer)
    first = client.get(URL).content.decode()
    assert "51 deelnemers" in first and "Pagina 1 van 2" in first and "pagina=2" in first
    second = client.get(URL + "?pagina=2").content.decode()
    assert second.count('<th scope="row"') == 1
    assert client.get(URL + "?pagina=99").status_code == 200


def test_the_list_costs_the_same_for_1_or_30_placed_participants(client, dordrecht, steps):
    placed(dordrecht)
    login(client, dordrecht.consultant)
    status, few = queries_of(client, URL)
    assert status == 200
    for _ in range(29):
        placed(dordrecht)
    status, many = queries_of(client, URL)
    assert status == 200 and many == few
