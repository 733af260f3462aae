"""Who gets in: LWB users never, other municipalities never, municipal officers read only."""

from __future__ import annotations

import pytest

from matching.models import Intake, Referral
from tests.conftest import in_tenant, login
from tests.matching_web.conftest import enrolment_of, make_intake

READ_PAGES = ["aanmeldingen/", "bezetting/", "deelnemers/"]
CONSULTANT_PAGES = ["aanmeldingen/nieuw/"]


def object_pages(intake, enrolment):
    pk = intake.referral_id
    return {
        "get": [
            f"aanmeldingen/{pk}/",
            f"aanmeldingen/{pk}/zoeken/",
            f"aanmeldingen/{pk}/plaatsen/{enrolment.pk}/",
        ],
        "post": [
            f"aanmeldingen/{pk}/intake/",
            f"aanmeldingen/{pk}/uitkomst/",
            f"aanmeldingen/{pk}/plaatsen/{enrolment.pk}/",
        ],
    }


@pytest.fixture
def open_intake(dordrecht, steps):
    return make_intake(dordrecht)


@pytest.mark.parametrize("who", ["lwb_a_admin", "lwb_a_supervisor", "lwb_b_admin"])
def test_lwb_users_are_refused_every_matching_page(client, dordrecht, open_intake, who):
    login(client, getattr(dordrecht, who))
    slug = dordrecht.municipality.slug
    pages = object_pages(open_intake, enrolment_of(dordrecht))
    for page in READ_PAGES + CONSULTANT_PAGES + pages["get"]:
        assert client.get(f"/{slug}/{page}").status_code == 403, page
    for page in CONSULTANT_PAGES + pages["post"]:
        assert client.post(f"/{slug}/{page}", {"outcome": "withdrawn"}).status_code == 403, page
    with in_tenant(dordrecht.municipality):
        assert Intake.objects.get().outcome == ""


def test_a_meierijstad_user_is_refused_at_the_door(client, dordrecht, meierijstad, open_intake):
    slug = dordrecht.municipality.slug
    pages = object_pages(open_intake, enrolment_of(dordrecht))
    for user in (meierijstad.consultant, meierijstad.account_holder):
        login(client, user)
        for page in READ_PAGES + CONSULTANT_PAGES + pages["get"]:
            assert client.get(f"/{slug}/{page}").status_code == 403, page
        for page in pages["post"]:
            assert client.post(f"/{slug}/{page}", {"outcome": "withdrawn"}).status_code == 403


def test_a_zwijndrecht_consultant_gets_404_on_a_dordrecht_referral(
    client, dordrecht, zwijndrecht, open_intake
):
    login(client, zwijndrecht.consultant)
    slug = zwijndrecht.municipality.slug
    pages = object_pages(open_intake, enrolment_of(zwijndrecht))
    for page in pages["get"]:
        assert client.get(f"/{slug}/{page}").status_code == 404, page
    for page in pages["post"]:
        response = client.post(f"/{slug}/{page}", {"outcome": "withdrawn"})
        assert response.status_code == 404, page
    with in_tenant(dordrecht.municipality):
        assert Intake.objects.get().outcome == ""


def test_a_company_in_a_municipality_the_unit_does_not_serve_is_404(
    client, dordrecht, zwijndrecht, open_intake
):
    login(client, dordrecht.consultant)
    foreign = enrolment_of(zwijndrecht)
    url = f"/dordrecht/aanmeldingen/{open_intake.referral_id}/plaatsen/{foreign.pk}/"
    assert client.get(url).status_code == 404
    response = client.post(url, {"start_date": "2022-02-01", "hours_per_week": "12"})
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["account_holder", "policy_officer"])
def test_municipal_officers_read_but_do_not_act(client, dordrecht, open_intake, who):
    login(client, getattr(dordrecht, who))
    slug = dordrecht.municipality.slug
    for page in [*READ_PAGES, f"aanmeldingen/{open_intake.referral_id}/"]:
        assert client.get(f"/{slug}/{page}").status_code == 200, page
    pages = object_pages(open_intake, enrolment_of(dordrecht))
    for page in CONSULTANT_PAGES + pages["get"][1:]:
        assert client.get(f"/{slug}/{page}").status_code == 403, page
    for page in CONSULTANT_PAGES + pages["post"]:
        assert client.post(f"/{slug}/{page}", {"outcome": "withdrawn"}).status_code == 403
    with in_tenant(dordrecht.municipality):
        assert Intake.objects.get().outcome == ""
        assert Referral.objects.count() == 1


def test_a_get_on_a_form_endpoint_goes_back_to_the_referral(client, dordrecht, open_intake):
    login(client, dordrecht.consultant)
    for suffix, anchor in (("intake/", "h-intake-form"), ("uitkomst/", "h-outcome-form")):
        response = client.get(f"/dordrecht/aanmeldingen/{open_intake.referral_id}/{suffix}")
        assert response.status_code == 302
        assert response["Location"] == (
            f"/dordrecht/aanmeldingen/{open_intake.referral_id}/#{anchor}"
        )
