"""The /beheer/ pages: who may open them, and that each form saves good input and re-renders
bad input with a Dutch error and what was typed."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import URLPattern, get_resolver, resolve, reverse

from participatie.choices import OrganisationKind, Role
from participatie.models import Invitation, Municipality, Organisation, Region, ServiceArea
from tests.conftest import in_tenant, login
from tests.factories import OrganisationFactory, RegionFactory
from tests.platform.conftest import make_invitation

pytestmark = pytest.mark.django_db


def platform_urls(dordrecht) -> list[tuple[str, str]]:
    """Every page of the platform namespace, with real ids (method, url)."""
    invitation = make_invitation(dordrecht.office)
    region = dordrecht.municipality.region
    ids = {
        "region-edit": {"pk": region.pk},
        "municipality-edit": {"pk": dordrecht.municipality.pk},
        "organisation-edit": {"pk": dordrecht.office.pk},
        "service-area": {"pk": dordrecht.matching_unit.pk},
        "service-area-remove": {
            "pk": dordrecht.matching_unit.pk,
            "municipality_pk": dordrecht.municipality.pk,
        },
        "invitation-withdraw": {"pk": invitation.pk},
        "invitation-resend": {"pk": invitation.pk},
        "mail-resend": {"pk": 1},
        "municipal-mail-resend": {"pk": 1},
    }
    resolver = get_resolver().namespace_dict["platform"][1]
    urls = []
    for pattern in resolver.url_patterns:
        assert isinstance(pattern, URLPattern)
        urls.append(reverse(f"platform:{pattern.name}", kwargs=ids.get(pattern.name, {})))
    return urls


POST_ONLY = {
    "service-area-remove",
    "invitation-withdraw",
    "invitation-resend",
    "mail-resend",
    "municipal-mail-resend",
}


def _is_post_only(url: str) -> bool:
    return resolve(url).url_name in POST_ONLY


def test_every_platform_page_carries_the_guard(dordrecht):
    for url in platform_urls(dordrecht):
        assert getattr(resolve(url).func, "platform_admin_only", False), url


def test_platform_admin_opens_every_page(client, dordrecht, platform_admin):
    login(client, platform_admin)
    for url in platform_urls(dordrecht):
        if _is_post_only(url):
            assert client.get(url).status_code == 405, url
        else:
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["account_holder", "lwb_a_admin", "consultant", "policy_officer"])
def test_other_roles_get_403_on_every_page(client, dordrecht, who):
    login(client, getattr(dordrecht, who))
    for url in platform_urls(dordrecht):
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code in (403, 405), (method, url, response.status_code)
            if method == "post" or not _is_post_only(url):
                assert response.status_code == 403, (method, url)
    with in_tenant(dordrecht.municipality):
        assert ServiceArea.objects.filter(organisation=dordrecht.matching_unit).exists()
    assert Invitation.objects.filter(expires_at__gt="2000-01-01").count() == 1
    assert len(mail.outbox) == 0


def test_regional_analyst_gets_403(client, dordrecht, regional_analyst):
    login(client, regional_analyst)
    assert client.get("/beheer/").status_code == 403


def test_anonymous_is_sent_to_login(client, dordrecht):
    for url in platform_urls(dordrecht):
        response = client.post(url) if _is_post_only(url) else client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next=/beheer/"), url


def test_platform_admin_without_mfa_is_sent_to_mfa_setup(client, platform_admin):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=platform_admin).delete()
    login(client, platform_admin)
    response = client.get("/beheer/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_beheer_is_not_a_tenant(client, platform_admin):
    """/beheer/ resolves to the platform pages, never to a municipality called "beheer"."""
    assert resolve("/beheer/").namespace == "platform"
    assert "municipality_slug" not in resolve("/beheer/gemeenten/").kwargs


def test_home_shows_counts_and_links(client, dordrecht, platform_admin):
    login(client, platform_admin)
    html = client.get("/beheer/").content.decode()
    for name in ("region-list", "municipality-list", "organisation-list", "invitation-list"):
        assert f'href="{reverse(f"platform:{name}")}"' in html


# -- forms -----------------------------------------------------------------------------------


def _labels(html: str) -> dict[str, str]:
    """Each input's id and the text of its <label>."""
    return {
        m["for"]: re.sub(r"<[^>]+>", "", m["text"]).strip()
        for m in re.finditer(
            r'<label class="utrecht-form-label" for="(?P<for>[^"]+)">(?P<text>.*?)</label>', html
        )
    }


def test_every_form_field_has_a_label(client, dordrecht, zwijndrecht, platform_admin):
    login(client, platform_admin)
    pages = {
        "/beheer/regios/nieuw/": {"id_name": "Naam", "id_slug": "Webadres"},
        "/beheer/gemeenten/nieuw/": {
            "id_name": "Naam",
            "id_slug": "Webadres",
            "id_cbs_code": "CBS-code",
            "id_region": "Regio (niet verplicht)",
            "id_budget_key_contribution": "Bijdrage verdeelsleutel (niet verplicht)",
        },
        "/beheer/organisaties/nieuw/": {
            "id_name": "Naam",
            "id_kind": "Soort",
            "id_kvk_number": "KvK-nummer",
            "id_municipality": "Gemeente",
            "id_region": "Regio",
            "id_sector": "Sector (niet verplicht)",
            "id_contact_email": "E-mailadres voor contact (niet verplicht)",
        },
        "/beheer/uitnodigingen/": {
            "id_email": "E-mailadres",
            "id_organisation": "Organisatie",
            "id_role": "Rol",
        },
        f"/beheer/organisaties/{dordrecht.matching_unit.pk}/werkgebied/": {
            "id_municipality": "Gemeente",
            "id_since": "Sinds (niet verplicht)",
        },
    }
    for url, expected in pages.items():
        html = client.get(url).content.decode()
        labels = _labels(html.split('<main id="main"')[1].split("</main>")[0])
        assert labels == expected, url
        for input_id in expected:
            assert f'id="{input_id}"' in html


def test_region_create_and_edit_via_the_pages(client, platform_admin):
    login(client, platform_admin)
    response = client.post("/beheer/regios/nieuw/", {"name": "Proefregio", "slug": "proefregio"})
    assert response.status_code == 302
    region = Region.objects.get(slug="proefregio")
    assert "Proefregio" in client.get("/beheer/regios/").content.decode()
    response = client.post(
        f"/beheer/regios/{region.pk}/", {"name": "Proefregio Zuid", "slug": "proefregio"}
    )
    assert response.status_code == 302
    region.refresh_from_db()
    assert region.name == "Proefregio Zuid"


def test_region_form_keeps_input_and_shows_dutch_error(client, platform_admin):
    login(client, platform_admin)
    response = client.post("/beheer/regios/nieuw/", {"name": "Beheerregio", "slug": "beheer"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "gereserveerd woord" in html
    assert 'value="Beheerregio"' in html and 'value="beheer"' in html
    assert 'aria-invalid="true"' in html
    assert not Region.objects.exists()


def test_municipality_create_via_the_page(client, platform_admin):
    region = RegionFactory(slug="proefregio", name="Proefregio")
    login(client, platform_admin)
    response = client.post(
        "/beheer/gemeenten/nieuw/",
        {
            "name": "Proefstad",
            "slug": "proefstad",
            "cbs_code": "GM9999",
            "region": region.pk,
            "budget_key_contribution": "1234,50",
        },
    )
    assert response.status_code == 302
    municipality = Municipality.objects.get(slug="proefstad")
    assert str(municipality.budget_key_contribution) == "1234.50"
    html = client.get("/beheer/gemeenten/").content.decode()
    assert "Proefstad" in html and "GM9999" in html and "€\xa01.234,50" in html


def test_municipality_form_keeps_input_on_bad_cbs_code(client, platform_admin):
    login(client, platform_admin)
    response = client.post(
        "/beheer/gemeenten/nieuw/",
        {"name": "Proefstad", "slug": "proefstad", "cbs_code": "9999"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Een CBS-gemeentecode is GM met 4 cijfers" in html
    assert 'value="Proefstad"' in html and 'value="9999"' in html
    assert not Municipality.objects.exists()


def test_municipality_edit_page(client, dordrecht, platform_admin):
    login(client, platform_admin)
    url = f"/beheer/gemeenten/{dordrecht.municipality.pk}/"
    assert 'value="GM0505"' in client.get(url).content.decode()
    response = client.post(
        url, {"name": "Dordrecht", "slug": "dordrecht", "cbs_code": "GM0505", "region": ""}
    )
    assert response.status_code == 302
    dordrecht.municipality.refresh_from_db()
    assert dordrecht.municipality.region is None


def test_organisation_create_each_kind_via_the_page(client, platform_admin):
    region = RegionFactory(slug="proefregio", name="Proefregio")
    login(client, platform_admin)
    client.post(
        "/beheer/gemeenten/nieuw/",
        {"name": "Proefstad", "slug": "proefstad", "cbs_code": "GM9999", "region": region.pk},
    )
    proefstad = Municipality.objects.get(slug="proefstad")
    for data in (
        {
            "name": "Gemeente Proefstad",
            "kind": OrganisationKind.MUNICIPAL_OFFICE,
            "municipality": proefstad.pk,
        },
        {"name": "MU Proefstad", "kind": OrganisationKind.MATCHING_UNIT},
        {
            "name": "Kringloop Proefstad",
            "kind": OrganisationKind.LEARNING_WORK_COMPANY,
            "kvk_number": "12345678",
        },
        {"name": "Proefregio samen", "kind": OrganisationKind.REGIONAL_BODY, "region": region.pk},
    ):
        response = client.post("/beheer/organisaties/nieuw/", data)
        assert response.status_code == 302, response.content.decode()
        organisation = Organisation.objects.get(name=data["name"])
        assert response["Location"] == f"/beheer/organisaties/{organisation.pk}/"
    assert Organisation.objects.get(name="Gemeente Proefstad").municipality == proefstad


def test_organisation_form_keeps_input_on_kind_mismatch(client, dordrecht, platform_admin):
    login(client, platform_admin)
    response = client.post(
        "/beheer/organisaties/nieuw/",
        {
            "name": "Kringloop Zonder",
            "kind": OrganisationKind.LEARNING_WORK_COMPANY,
            "kvk_number": "1234",
            "municipality": dordrecht.municipality.pk,
            "sector": "kringloop",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Een KvK-nummer bestaat uit precies 8 cijfers." in html
    assert "Alleen een gemeentelijke organisatie hoort bij een gemeente." in html
    assert 'value="Kringloop Zonder"' in html and 'value="1234"' in html
    assert 'value="kringloop"' in html
    assert not Organisation.objects.filter(name="Kringloop Zonder").exists()


def test_organisation_list_filters_by_kind(client, dordrecht, zwijndrecht, platform_admin):
    login(client, platform_admin)
    html = client.get("/beheer/organisaties/?kind=matching_unit").content.decode()
    assert "MU Dordrecht" in html and "MU Zwijndrecht" in html
    assert "Kringloop Dordrecht" not in html
    everything = client.get("/beheer/organisaties/").content.decode()
    assert "Kringloop Dordrecht" in everything and "Gemeente Zwijndrecht" in everything
    # A matching unit's row names where it works.
    assert re.search(r"MU Dordrecht</a></th>.*?Dordrecht</a>", everything, re.S)


def test_organisation_list_ignores_an_unknown_kind(client, dordrecht, platform_admin):
    login(client, platform_admin)
    response = client.get("/beheer/organisaties/?kind=bakkerij")
    assert response.status_code == 200
    assert "Kringloop Dordrecht" in response.content.decode()


def test_organisation_edit_links_to_service_area_and_invitation(client, dordrecht, platform_admin):
    login(client, platform_admin)
    unit = dordrecht.matching_unit
    html = client.get(f"/beheer/organisaties/{unit.pk}/").content.decode()
    assert f'href="/beheer/organisaties/{unit.pk}/werkgebied/"' in html
    assert f'href="/beheer/uitnodigingen/?organisatie={unit.pk}"' in html
    office = client.get(f"/beheer/organisaties/{dordrecht.office.pk}/").content.decode()
    assert "werkgebied/" not in office


def test_service_area_page_only_for_matching_units(client, dordrecht, platform_admin):
    login(client, platform_admin)
    assert client.get(f"/beheer/organisaties/{dordrecht.lwb_a.pk}/werkgebied/").status_code == 404
    assert client.get("/beheer/organisaties/999999/werkgebied/").status_code == 404


def test_service_area_add_and_remove_via_the_page(client, dordrecht, zwijndrecht, platform_admin):
    login(client, platform_admin)
    unit = dordrecht.matching_unit
    url = f"/beheer/organisaties/{unit.pk}/werkgebied/"
    page = client.get(url).content.decode()
    # Only municipalities it does not serve yet can be added.
    options = re.findall(r'<option value="(\d+)"', page)
    assert options == [str(zwijndrecht.municipality.pk)]
    response = client.post(
        url, {"municipality": zwijndrecht.municipality.pk, "since": "2027-01-01"}
    )
    assert response.status_code == 302
    with in_tenant(zwijndrecht.municipality):
        area = ServiceArea.objects.get(organisation=unit)
        assert str(area.since) == "2027-01-01"
    page = client.get(url).content.decode()
    assert "Zwijndrecht" in page and "1 januari 2027" in page
    response = client.post(f"{url}{zwijndrecht.municipality.pk}/verwijderen/")
    assert response.status_code == 302
    with in_tenant(zwijndrecht.municipality):
        assert not ServiceArea.objects.filter(organisation=unit).exists()


def test_service_area_add_refuses_bad_input(client, dordrecht, zwijndrecht, platform_admin):
    login(client, platform_admin)
    url = f"/beheer/organisaties/{dordrecht.matching_unit.pk}/werkgebied/"
    already = client.post(url, {"municipality": dordrecht.municipality.pk})
    assert already.status_code == 400
    assert "Kies een gemeente uit de lijst." in already.content.decode()
    bad_date = client.post(url, {"municipality": zwijndrecht.municipality.pk, "since": "morgen"})
    assert bad_date.status_code == 400
    assert "Vul een geldige datum in" in bad_date.content.decode()
    assert 'value="morgen"' in bad_date.content.decode()
    with in_tenant(zwijndrecht.municipality):
        assert not ServiceArea.objects.filter(organisation=dordrecht.matching_unit).exists()


def test_removing_what_is_not_there_says_so(client, dordrecht, zwijndrecht, platform_admin):
    login(client, platform_admin)
    url = (
        f"/beheer/organisaties/{dordrecht.matching_unit.pk}/werkgebied/"
        f"{zwijndrecht.municipality.pk}/verwijderen/"
    )
    response = client.post(url, follow=True)
    assert "MU Dordrecht werkt niet voor Zwijndrecht." in response.content.decode()


# -- invitations -----------------------------------------------------------------------------


def test_invite_an_account_holder(
    client, dordrecht, platform_admin, django_capture_on_commit_callbacks
):
    login(client, platform_admin)
    with django_capture_on_commit_callbacks(execute=True):  # the mail leaves after commit
        response = client.post(
            "/beheer/uitnodigingen/",
            {
                "email": "Nieuwe.Accounthouder@Proefstad.nl",
                "organisation": dordrecht.office.pk,
                "role": Role.ACCOUNT_HOLDER,
            },
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "nieuwe.accounthouder@proefstad.nl"
    assert invitation.created_by == platform_admin
    assert len(mail.outbox) == 1
    assert "http://testserver/accounts/uitnodiging/" in mail.outbox[0].body
    html = client.get("/beheer/uitnodigingen/").content.decode()
    assert "nieuwe.accounthouder@proefstad.nl" in html
    assert "Accounthouder gemeente" in html


def test_invitation_refuses_a_role_that_does_not_fit(client, dordrecht, platform_admin):
    login(client, platform_admin)
    response = client.post(
        "/beheer/uitnodigingen/",
        {"email": "x@example.nl", "organisation": dordrecht.lwb_a.pk, "role": Role.ACCOUNT_HOLDER},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "past niet bij een leerwerkbedrijf" in html
    assert 'value="x@example.nl"' in html
    assert not Invitation.objects.exists()
    assert len(mail.outbox) == 0


def test_invitation_for_a_regional_admin(client, region, platform_admin):
    body = OrganisationFactory(
        slug="regio-body", name="Regio Samen", regional_body=True, region=region
    )
    login(client, platform_admin)
    page = client.get(f"/beheer/uitnodigingen/?organisatie={body.pk}").content.decode()
    roles = re.findall(
        r'<option value="([a-z_]+)"', page.split('id="id_role"')[1].split("</select>")[0]
    )
    assert roles == [Role.PLATFORM_ADMIN, Role.REGIONAL_ANALYST, Role.REGIONAL_ADMIN]
    assert f'<option value="{body.pk}" selected>' in page
    response = client.post(
        "/beheer/uitnodigingen/",
        {"email": "regio@example.nl", "organisation": body.pk, "role": Role.REGIONAL_ADMIN},
    )
    assert response.status_code == 302
    assert Invitation.objects.get().role == Role.REGIONAL_ADMIN


def test_withdraw_and_resend(client, dordrecht, platform_admin, django_capture_on_commit_callbacks):
    login(client, platform_admin)
    with django_capture_on_commit_callbacks(execute=True):  # the mail leaves after commit
        client.post(
            "/beheer/uitnodigingen/",
            {
                "email": "a@example.nl",
                "organisation": dordrecht.office.pk,
                "role": Role.POLICY_OFFICER,
            },
        )
    first = Invitation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/beheer/uitnodigingen/{first.pk}/opnieuw/")
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    first.refresh_from_db()
    assert first.is_expired
    second = Invitation.objects.exclude(pk=first.pk).get()
    assert not second.is_expired and second.role == Role.POLICY_OFFICER
    # The old link no longer works.
    old_link = re.search(r"/accounts/uitnodiging/[^/\s]+/", mail.outbox[0].body)[0]
    assert client.get(old_link).status_code == 410
    response = client.post(f"/beheer/uitnodigingen/{second.pk}/intrekken/")
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.is_expired
    assert (
        "a@example.nl"
        not in client.get("/beheer/uitnodigingen/")
        .content.decode()
        .split("Openstaande uitnodigingen")[1]
    )
    # A withdrawn invitation cannot be withdrawn or resent again.
    assert client.post(f"/beheer/uitnodigingen/{second.pk}/intrekken/").status_code == 404
    assert client.post(f"/beheer/uitnodigingen/{second.pk}/opnieuw/").status_code == 404
    assert len(mail.outbox) == 2
