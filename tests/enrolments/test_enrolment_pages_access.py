"""Who reaches the enrolment pages: the account holder manages, other roles read (companies
without the municipality's assessment), another municipality gets nothing, anonymous users log
in first; the list offers "Leerwerkbedrijf aanmelden" only to those who may."""

from __future__ import annotations

import pytest

from participatie.enrolments.choices import EnrolmentStatus
from participatie.models import Enrolment
from tests.conftest import in_tenant, login
from tests.enrolments.helpers import ASSESSMENT, assessed, fresh

WRITE_PAGES = ("beoordeling", "status", "plekken")


@pytest.fixture
def own_company(dordrecht):
    """An assessed enrolment of Dordrecht's company A (its users see it)."""
    with in_tenant(dordrecht.municipality):
        enrolment = Enrolment.objects.get(organisation=dordrecht.lwb_a)
        enrolment.status = EnrolmentStatus.ASSESSED
        for name, value in ASSESSMENT.items():
            setattr(enrolment, name, value)
        enrolment.displacement_judged_by = dordrecht.account_holder
        enrolment.save()
    return enrolment


def _page(enrolment, tail):
    return f"/dordrecht/leerwerkbedrijven/{enrolment.pk}/{tail}/"


@pytest.mark.parametrize("tail", WRITE_PAGES)
@pytest.mark.parametrize("who", ["lwb_a_admin", "lwb_a_supervisor", "consultant", "policy_officer"])
def test_only_the_account_holder_opens_or_posts_the_write_pages(
    client, dordrecht, own_company, who, tail
):
    login(client, getattr(dordrecht, who))
    assert client.get(_page(own_company, tail)).status_code == 403
    assert client.post(_page(own_company, tail), {"max_places": "9"}).status_code == 403
    assert fresh(dordrecht, own_company).max_places == 10
    login(client, dordrecht.account_holder)
    assert client.get(_page(own_company, tail)).status_code == 200


@pytest.mark.parametrize("tail", (*WRITE_PAGES, None))
def test_anonymous_is_sent_to_login(client, dordrecht, own_company, tail):
    path = _page(own_company, tail) if tail else f"/dordrecht/leerwerkbedrijven/{own_company.pk}/"
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("tail", WRITE_PAGES)
def test_other_municipality_gets_403_here_and_404_under_its_own_slug(
    client, dordrecht, zwijndrecht, own_company, tail
):
    login(client, zwijndrecht.account_holder)
    assert client.get(_page(own_company, tail)).status_code == 403
    foreign = f"/zwijndrecht/leerwerkbedrijven/{own_company.pk}/{tail}/"
    assert client.get(foreign).status_code == 404
    assert client.post(foreign, {"max_places": "1"}).status_code == 404
    assert fresh(dordrecht, own_company).max_places == 10


def test_company_sees_its_status_but_not_the_assessment(client, dordrecht, own_company):
    login(client, dordrecht.lwb_a_admin)
    html = client.get(f"/dordrecht/leerwerkbedrijven/{own_company.pk}/").content.decode()
    assert "Beoordeeld" in html and "Stappen" in html
    assert ASSESSMENT["displacement_reason"] not in html
    assert "Geschiedenis" not in html
    assert "/beoordeling/" not in html and "/plekken/" not in html


def test_account_holder_sees_assessment_steps_and_actions(client, dordrecht):
    enrolment = assessed(dordrecht)
    login(client, dordrecht.account_holder)
    html = client.get(f"/dordrecht/leerwerkbedrijven/{enrolment.pk}/").content.decode()
    assert ASSESSMENT["displacement_reason"] in html
    assert ASSESSMENT["kind_of_work"] in html
    assert 'aria-current="step"><strong>Beoordeeld</strong>' in html
    assert "Kandidaat (gedaan)" in html
    assert "?naar=active" in html and "/plekken/" in html and "?naar=ended" in html
    assert "/beoordeling/" in html


def test_policy_officer_reads_the_assessment_without_actions(client, dordrecht):
    enrolment = assessed(dordrecht)
    login(client, dordrecht.policy_officer)
    html = client.get(f"/dordrecht/leerwerkbedrijven/{enrolment.pk}/").content.decode()
    assert ASSESSMENT["displacement_reason"] in html
    assert "?naar=active" not in html and "/beoordeling/" not in html


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("account_holder", True),
        ("policy_officer", False),
        ("consultant", False),
        ("lwb_a_admin", False),
    ],
)
def test_register_button_on_the_list_for_account_holders_only(client, dordrecht, who, sees):
    login(client, getattr(dordrecht, who))
    html = client.get("/dordrecht/leerwerkbedrijven/").content.decode()
    assert ("Leerwerkbedrijf aanmelden" in html) is sees
    assert ('href="/dordrecht/leerwerkbedrijven/aanmelden/"' in html) is sees


def test_enrolment_list_is_in_the_menu_of_the_account_holder(client, dordrecht):
    login(client, dordrecht.account_holder)
    html = client.get("/dordrecht/").content.decode()
    assert 'href="/dordrecht/leerwerkbedrijven/"' in html
