"""Another municipality, a company and an anonymous user get nothing: pages, files and API."""

from __future__ import annotations

import pytest

from matching.imports import services
from participatie.accounts.tokens import api_token_issue
from tests.caseload_import.conftest import kvks
from tests.caseload_import.helpers import person, row, xlsx
from tests.caseload_import.test_commit_and_undo import upload_and_check
from tests.conftest import in_tenant, login


@pytest.fixture
def run(place):
    content = xlsx(
        [row(**person(1), leerwerkbedrijf="onbekend", startdatum="01-03-2022", uren_per_week=12)]
    )
    return upload_and_check(place, content)


def urls(slug, run):
    ref = run.reference
    return {
        "get": [
            f"/{slug}/import/",
            f"/{slug}/import/sjabloon.xlsx",
            f"/{slug}/import/{ref}/",
            f"/{slug}/import/{ref}/voortgang/",
            f"/{slug}/import/{ref}/meldingen.xlsx",
            f"/{slug}/overdrachten/",
        ],
        "post": [f"/{slug}/import/{ref}/importeren/", f"/{slug}/import/{ref}/ongedaan-maken/"],
        "api_get": [
            f"/api/v1/{slug}/imports",
            f"/api/v1/{slug}/imports/{ref}",
            f"/api/v1/{slug}/imports/{ref}/errors.xlsx",
        ],
        "api_post": [f"/api/v1/{slug}/imports/{ref}/commit", f"/api/v1/{slug}/imports/{ref}/undo"],
    }


def test_the_consultant_reaches_every_page_and_file(client, place, run):
    login(client, place.consultant)
    for url in urls(place.municipality.slug, run)["get"][:5]:
        assert client.get(url).status_code == 200, url
    assert client.get(f"/{place.municipality.slug}/overdrachten/").status_code == 403


def test_anonymous_gets_nothing(client, place, run):
    found = urls(place.municipality.slug, run)
    for url in found["get"] + found["post"]:
        response = client.get(url) if url in found["get"] else client.post(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    for url in found["api_get"]:
        assert client.get(url).status_code == 401
    for url in found["api_post"]:
        assert client.post(url).status_code == 401


def test_a_company_user_gets_nothing(client, place, run):
    login(client, place.lwb_a_admin)
    found = urls(place.municipality.slug, run)
    for url in found["get"]:
        assert client.get(url).status_code == 403, url
    for url in found["post"]:
        assert client.post(url).status_code == 403, url
    _token, raw = api_token_issue(user=place.lwb_a_admin, name="Koppeling", days=30)
    client.logout()
    for url in found["api_get"]:
        assert client.get(url, HTTP_AUTHORIZATION=f"Token {raw}").status_code == 403, url


def test_another_municipality_gets_nothing(client, place, zwijndrecht, meierijstad, run):
    # Zwijndrecht's staff, under their own slug, cannot reach Dordrecht's run: 404.
    login(client, zwijndrecht.account_holder)
    found = urls(zwijndrecht.municipality.slug, run)
    for url in found["get"][2:5]:
        assert client.get(url).status_code == 404, url
    for url in found["post"]:
        assert client.post(url).status_code == 404, url
    # Under Dordrecht's slug they are no member: 403.
    for url in urls(place.municipality.slug, run)["get"]:
        assert client.get(url).status_code == 403, url
    login(client, meierijstad.consultant)
    for url in urls(place.municipality.slug, run)["get"]:
        assert client.get(url).status_code == 403, url


def test_the_api_of_another_municipality_is_404(client, place, zwijndrecht, run):
    login(client, zwijndrecht.consultant)
    for url in urls(zwijndrecht.municipality.slug, run)["api_get"][1:]:
        response = client.get(url)
        assert (
            response.status_code == 404 and response["Content-Type"] == "application/problem+json"
        )


def test_a_consultant_does_not_see_a_transfer_import(client, place, zwijndrecht):

    upload_and_check(
        place,
        xlsx(
            [
                row(
                    **person(1),
                    leerwerkbedrijf=kvks(place)[0],
                    startdatum="01-03-2022",
                    uren_per_week=12,
                )
            ]
        ),
    )
    run = upload_and_check(
        place,
        xlsx(
            [
                row(
                    **person(1),
                    leerwerkbedrijf=kvks(place)[0],
                    startdatum="01-03-2022",
                    uren_per_week=12,
                )
            ]
        ),
    )
    with in_tenant(place.municipality):
        type(run).objects.filter(pk=run.pk).update(source="transfer")
    login(client, place.consultant)
    assert client.get(f"/{place.municipality.slug}/import/{run.reference}/").status_code == 404
    login(client, place.account_holder)
    assert client.get(f"/{place.municipality.slug}/import/{run.reference}/").status_code == 200


def test_the_menu_offers_the_import_to_those_who_import(client, place):
    login(client, place.consultant)
    assert (
        f'href="/{place.municipality.slug}/import/"'
        in client.get(f"/{place.municipality.slug}/").content.decode()
    )
    login(client, place.account_holder)
    home = client.get(f"/{place.municipality.slug}/").content.decode()
    assert f'href="/{place.municipality.slug}/import/"' in home
    assert f'href="/{place.municipality.slug}/overdrachten/"' in home
    login(client, place.lwb_a_admin)
    assert "/import/" not in client.get(f"/{place.municipality.slug}/").content.decode()


def test_stored_files_have_unguessable_names_and_no_bsn(place):
    content = xlsx(
        [row(**person(1), leerwerkbedrijf="onbekend", startdatum="01-03-2022", uren_per_week=12)]
    )
    bsn = person(1)["bsn"]
    with in_tenant(place.municipality):
        run = services.import_upload(
            municipality=place.municipality,
            content=content,
            file_name=f"caseload {bsn}.xlsx",
            actor=place.consultant,
        )
    assert bsn not in run.file.name and bsn not in run.file_name
    assert str(run.reference) in run.file.name and len(run.file.name.rsplit("/", 1)[1]) > 20
