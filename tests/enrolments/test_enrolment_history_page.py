"""The detail page shows the audit history: who, when, before -> after."""

from __future__ import annotations

from django.utils.html import escape

from participatie.enrolments import services
from tests.conftest import in_tenant, login


def test_history_shows_who_and_before_after(client, dordrecht):
    with in_tenant(dordrecht.municipality):
        enrolment = services.enrolment_register(
            municipality=dordrecht.municipality,
            name="Stadsboerderij",
            kvk_number="12345678",
            sector="dieren",
            max_places=3,
            actor=dordrecht.account_holder,
        )
        services.enrolment_assess(
            enrolment=enrolment,
            kind_of_work="Dieren verzorgen.",
            guidance_offered="Een vaste begeleider.",
            no_displacement=True,
            displacement_reason="Geen verdringing.",
            actor=dordrecht.second_account_holder,
        )
        services.enrolment_set_max_places(
            enrolment=enrolment, max_places=5, actor=dordrecht.second_account_holder
        )
    login(client, dordrecht.policy_officer)
    html = client.get(f"/dordrecht/leerwerkbedrijven/{enrolment.pk}/").content.decode()
    assert "Geschiedenis" in html
    assert "Aangemaakt" in html and "Gewijzigd" in html
    # Names are escaped in HTML ("van 't Hof" reads van &#x27;t Hof in the source).
    assert escape(str(dordrecht.second_account_holder)) in html
    assert escape(str(dordrecht.account_holder)) in html
    assert 'Kandidaat</span> <span aria-hidden="true">→</span>' in html
    assert "Beoordeeld</span>" in html
    assert ">3</span>" in html and "5</span>" in html
    assert "Geen verdringing." in html


def test_history_of_other_municipality_is_not_shown(client, dordrecht, zwijndrecht):
    with in_tenant(zwijndrecht.municipality):
        foreign = services.enrolment_register(
            municipality=zwijndrecht.municipality,
            name="Geheim Bedrijf",
            kvk_number="11112222",
            sector="",
            max_places=1,
            actor=zwijndrecht.account_holder,
        )
    login(client, dordrecht.account_holder)
    response = client.get(f"/dordrecht/leerwerkbedrijven/{foreign.pk}/")
    assert response.status_code == 404
    assert "Geheim Bedrijf" not in response.content.decode()
