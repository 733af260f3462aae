"""The municipality's home page shows what waits for each role."""

from __future__ import annotations

from participatie.enrolments.choices import EnrolmentStatus
from tests.conftest import in_tenant, login
from tests.factories import EnrolmentFactory, OrganisationFactory


def _candidate(side, name="Groene Vingers"):
    organisation = OrganisationFactory(name=name, slug=f"cand-{side.municipality.slug}")
    with in_tenant(side.municipality):
        return EnrolmentFactory(
            municipality=side.municipality,
            organisation=organisation,
            status=EnrolmentStatus.CANDIDATE,
            max_places=4,
        )


def test_account_holder_sees_enrolments_to_assess_and_counts(client, dordrecht, zwijndrecht):
    _candidate(dordrecht, "Groene Vingers")
    _candidate(zwijndrecht, "Andermans Kandidaat")
    login(client, dordrecht.account_holder)
    html = client.get("/dordrecht/").content.decode()
    assert "Leerwerkbedrijven om te beoordelen" in html
    assert "Groene Vingers" in html
    assert "Andermans Kandidaat" not in html
    # Two active companies of 10 places each in the base world.
    assert "<dd>2</dd>" in html and "<dd>20</dd>" in html


def test_policy_officer_without_candidates_sees_empty_state(client, dordrecht):
    login(client, dordrecht.policy_officer)
    html = client.get("/dordrecht/").content.decode()
    assert "Er wachten geen leerwerkbedrijven op een beoordeling." in html


def test_consultant_sees_companies_with_max_places(client, dordrecht, zwijndrecht):
    login(client, dordrecht.consultant)
    html = client.get("/dordrecht/").content.decode()
    assert "Nieuwe aanmeldingen" in html
    assert "Kringloop Dordrecht" in html and "Dierenweide Dordrecht" in html
    assert "Kringloop Zwijndrecht" not in html
    assert "Leerwerkbedrijven om te beoordelen" not in html


def test_lwb_user_sees_only_own_enrolment(client, dordrecht):
    login(client, dordrecht.lwb_a_supervisor)
    html = client.get("/dordrecht/").content.decode()
    assert "Uw leerwerkbedrijf" in html
    assert "Kringloop Dordrecht" in html
    assert "Dierenweide Dordrecht" not in html
    assert "Leerwerkbedrijven om te beoordelen" not in html


def test_home_of_other_municipality_is_forbidden(client, dordrecht, zwijndrecht):
    login(client, dordrecht.lwb_a_admin)
    assert client.get("/zwijndrecht/").status_code == 403
    login(client, dordrecht.consultant)
    assert client.get("/zwijndrecht/").status_code == 403


def test_root_redirects_user_with_one_municipality(client, dordrecht):
    login(client, dordrecht.account_holder)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/dordrecht/"
