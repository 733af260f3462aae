"""The budget-key page under /regio/<region>/budgetverdeling/: the regional admin previews and
commits; analysts and the members' staff read it without forms; everyone else gets nothing."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from participatie.choices import Role
from subsidies.models import BudgetKeyVersion, MunicipalBudget, RegionalBudget
from subsidies.services.budgets import budget_key_commit, contribution_field
from tests.conftest import in_tenant, login
from tests.factories import MembershipFactory, MunicipalityFactory, UserFactory
from tests.money.test_budget_key import DRECHTSTEDEN_CONTRIBUTIONS, EXPECTED_SHARES
from tests.region_key.conftest import contributions_by_id

URL = "/regio/drechtsteden/budgetverdeling/"
EFFORT_URL = "/regio/drechtsteden/inspanningsverplichting/"


def _post_data(members, *, total="1845000", year=2022, action="preview", **overrides):
    data = {"year": str(year), "total": total, "action": action}
    for name, municipality in members.items():
        data[contribution_field(municipality.pk)] = str(DRECHTSTEDEN_CONTRIBUTIONS[name])
    data.update(overrides)
    return data


def _nothing_written(members):
    assert not BudgetKeyVersion.objects.exists()
    assert not RegionalBudget.objects.exists()
    with in_tenant(*members.values()):
        assert not MunicipalBudget.objects.exists()


def test_admin_sees_the_form_prefilled_from_the_contributions(client, members, regional_admin):
    login(client, regional_admin)
    response = client.get(f"{URL}?jaar=2022")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'method="post"' in html
    assert "Voorbeeld berekenen" in html and "Vastleggen" in html
    form = response.context["form"]
    assert form[contribution_field(members["Dordrecht"].pk)].value() == "7741339"
    assert form["year"].value() == 2022


def test_preview_shows_the_allocation_and_writes_nothing(client, members, regional_admin):
    login(client, regional_admin)
    response = client.post(f"{URL}?jaar=2022", _post_data(members))
    assert response.status_code == 200
    preview = response.context["preview"]
    assert {row.municipality.name: row.amount for row in preview.rows} == EXPECTED_SHARES
    html = response.content.decode()
    assert "1.162.448" in html  # Dordrecht, whole euros
    assert "1.845.000" in html  # the total row
    assert "Voorbeeld van de verdeling" in html
    _nothing_written(members)


def test_commit_makes_a_version_and_fills_every_budget(client, members, regional_admin):
    login(client, regional_admin)
    response = client.post(f"{URL}?jaar=2022", _post_data(members, action="commit"))
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?jaar=2022"
    version = BudgetKeyVersion.objects.get()
    assert (version.number, version.committed_by) == (1, regional_admin)
    with in_tenant(*members.values()):
        budgets = {
            b.municipality.name: b.allocated
            for b in MunicipalBudget.objects.filter(year=2022).select_related("municipality")
        }
    assert budgets == EXPECTED_SHARES
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Versie 1" in html and "1.162.448" in html
    assert "Ilse" in html  # who committed it

    # A second commit is version 2; the page lists both.
    client.post(f"{URL}?jaar=2022", _post_data(members, action="commit", total="1845001"))
    page = client.get(f"{URL}?jaar=2022")
    assert [v.number for v in page.context["versions"]] == [2, 1]
    assert page.context["form"]["total"].value() == "1845001"  # starts from the latest


def test_bad_input_is_shown_on_the_field_keeps_the_input_and_writes_nothing(
    client, members, regional_admin
):
    login(client, regional_admin)
    dordrecht_field = contribution_field(members["Dordrecht"].pk)
    cases = [
        ({"total": "veel"}, "total", "hele euro"),
        ({"total": "1845000,50"}, "total", "hele euro"),
        ({"total": ""}, "total", "verplicht"),
        ({dordrecht_field: "zeven"}, dordrecht_field, "bijvoorbeeld"),
        ({dordrecht_field: "-3"}, dordrecht_field, "negatief"),
        ({dordrecht_field: ""}, dordrecht_field, "verplicht"),
        ({"year": "1999"}, "year", "2000"),
    ]
    for action in ("preview", "commit"):
        for overrides, field, words in cases:
            response = client.post(
                f"{URL}?jaar=2022", _post_data(members, action=action, **overrides)
            )
            assert response.status_code == 400, (action, overrides)
            form = response.context["form"]
            assert words in " ".join(form.errors[field]), (overrides, form.errors)
            for name, value in overrides.items():
                assert form[name].value() == value  # what the user typed stays
            assert words in response.content.decode()
    zero = {contribution_field(m.pk): "0" for m in members.values()}
    response = client.post(f"{URL}?jaar=2022", _post_data(members, action="commit", **zero))
    assert response.status_code == 400
    assert "samen nul" in response.content.decode()
    _nothing_written(members)


def test_readers_see_the_key_without_forms_and_cannot_post(
    client, members, regional_admin, regional_analyst, dordrecht, zwijndrecht
):
    budget_key_commit(
        region=members["Dordrecht"].region,
        year=2022,
        total="1845000",
        contributions=contributions_by_id(members),
        actor=regional_admin,
    )
    for reader in (regional_analyst, dordrecht.account_holder, zwijndrecht.policy_officer):
        login(client, reader)
        for url in (URL, EFFORT_URL):
            response = client.get(f"{url}?jaar=2022")
            assert response.status_code == 200, (reader, url)
            html = response.content.decode()
            main = html.split("<main", 1)[1].split("</main>", 1)[0]
            assert 'method="post"' not in main and "<input" not in main, (reader, url)
        assert "1.162.448" in client.get(f"{URL}?jaar=2022").content.decode()
        assert (
            client.post(f"{URL}?jaar=2022", _post_data(members, action="commit")).status_code == 403
        )
        assert client.post(f"{EFFORT_URL}?jaar=2022", {"year": "2022"}).status_code == 403
    assert BudgetKeyVersion.objects.count() == 1


def test_platform_admin_may_commit(client, members, dordrecht):
    admin = UserFactory(email="platform@example.nl")
    MembershipFactory(user=admin, organisation=dordrecht.office, role=Role.PLATFORM_ADMIN)
    login(client, admin)
    assert client.post(f"{URL}?jaar=2022", _post_data(members, action="commit")).status_code == 302
    assert BudgetKeyVersion.objects.get().committed_by == admin


def test_others_get_nothing(client, members, ibn_admin, dordrecht, meierijstad):
    for url in (URL, EFFORT_URL):
        client.logout()
        assert client.get(url)["Location"].startswith("/accounts/login/")
        assert client.post(url, _post_data(members, action="commit")).status_code == 302
        for user in (
            ibn_admin,  # a regional admin of another region
            meierijstad.account_holder,
            dordrecht.consultant,
            dordrecht.lwb_a_admin,
            dordrecht.lwb_a_supervisor,
        ):
            login(client, user)
            assert client.get(url).status_code == 403, (user, url)
            assert client.post(url, _post_data(members, action="commit")).status_code == 403
    login(client, ibn_admin)
    assert client.get("/regio/ibn/budgetverdeling/").status_code == 200
    _nothing_written(members)


def test_region_home_and_site_home_link_to_the_pages(client, members, regional_admin):
    login(client, regional_admin)
    home = client.get("/")
    assert home.status_code == 302 and home["Location"] == "/regio/drechtsteden/"
    html = client.get("/regio/drechtsteden/").content.decode()
    assert f'href="{URL}"' in html
    assert f'href="{EFFORT_URL}"' in html


def test_page_queries_do_not_grow_with_the_members(client, members, regional_admin, region):
    login(client, regional_admin)

    def count(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def commit():
        budget_key_commit(
            region=region,
            year=2022,
            total="1845000",
            contributions={
                m.pk: str(m.budget_key_contribution or 0) for m in region.municipalities.all()
            },
            actor=regional_admin,
        )

    commit()
    count(f"{URL}?jaar=2022")
    before = (count(f"{URL}?jaar=2022"), count(f"{EFFORT_URL}?jaar=2022"))
    for n in range(4):
        MunicipalityFactory(
            name=f"Extra {n}",
            slug=f"extra-{n}",
            region=region,
            budget_key_contribution=Decimal(1000),
        )
    commit()
    assert (count(f"{URL}?jaar=2022"), count(f"{EFFORT_URL}?jaar=2022")) == before
