"""The year pages: the account holder sets up and edits a year; the policy officer reads it
without any form; another municipality's rows are 404, a company user gets 403, an anonymous
visitor goes to the login. The year page is a fixed number of queries; from 1 October the
home page warns when next year is not set up; the menu links to the pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participatie.models import Step
from subsidies.models import MunicipalBudget, StepTariff, Tariff
from subsidies.services import years as svc
from tests.conftest import in_tenant, login
from tests.subsidies_years.conftest import TODAY, YEAR, counts, set_up_year, snapshot
from tests.subsidies_years.test_services import approve_a_statement, step

BASE = "/dordrecht/subsidies/jaren/"


def page(year: int = YEAR) -> str:
    return f"{BASE}{year}/"


def tariff_post(**changes) -> dict:
    data = {
        "amount_basis": "2500,00",
        "amount_plus": "3500,00",
        "base_fee": "300",
        "custom_budget": "10000",
        "advance_model": "full_advance",
        "dual_placement_max_days": "365",
    }
    data.update(changes)
    return data


class TestAccountHolder:
    def test_adds_a_year_as_a_copy_of_the_previous_one(self, client, dordrecht, year_2026):
        login(client, dordrecht.account_holder)
        listing = client.get(BASE)
        assert listing.status_code == 200
        assert "Jaar toevoegen" in listing.content.decode()
        response = client.post(f"{BASE}nieuw/", {"year": "2027", "copy_from": "2026"})
        assert response.status_code == 302 and response["Location"] == page(2027)
        assert snapshot(dordrecht, 2027) == snapshot(dordrecht, YEAR)
        body = client.get(page(2027)).content.decode()
        assert "Basis" in body and "2.500,00" in body and "1.162.448,00" in body

    def test_adds_an_empty_year(self, client, dordrecht, year_2026):
        login(client, dordrecht.account_holder)
        response = client.post(f"{BASE}nieuw/", {"year": "2027", "copy_from": ""})
        assert response.status_code == 302
        assert snapshot(dordrecht, 2027)["steps"] == []
        body = client.get(page(2027)).content.decode()
        assert "2027 heeft nog geen treden." in body
        assert "de tredecatalogus van 2027 (geen treden)" in body

    def test_sets_up_the_year_of_the_page(self, client, dordrecht, year_2026):
        login(client, dordrecht.account_holder)
        body = client.get(page(2027)).content.decode()
        assert "2027 inrichten" in body
        response = client.post(f"{page(2027)}inrichten/", {"copy_from": "2026"})
        assert response.status_code == 302
        assert snapshot(dordrecht, 2027) == snapshot(dordrecht, YEAR)

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"year": "1999", "copy_from": "2026"}, "Kies een jaar van 2000"),
            ({"year": "2026", "copy_from": ""}, "al ingericht"),
            ({"year": "volgend", "copy_from": ""}, "geheel getal"),
        ],
    )
    def test_a_bad_year_is_refused_on_its_field(self, client, dordrecht, year_2026, data, message):
        login(client, dordrecht.account_holder)
        before = counts(dordrecht)
        response = client.post(f"{BASE}nieuw/", data)
        assert response.status_code == 400
        assert message in response.content.decode()
        assert response.context["form"].errors["year"]
        assert counts(dordrecht) == before

    def test_edits_the_catalogue(self, client, dordrecht, year_2026):
        login(client, dordrecht.account_holder)
        response = client.post(
            f"{page()}treden/nieuw/", {"code": "extra", "label": "Extra begeleiding"}
        )
        assert response.status_code == 302
        extra = step(dordrecht, "extra")
        edit = f"{page()}treden/{extra.pk}/wijzigen/"
        assert client.get(edit).status_code == 200
        response = client.post(edit, {"code": "extra", "label": "Extra (nieuw)"})
        assert response.status_code == 302
        assert step(dordrecht, "extra").label == "Extra (nieuw)"
        response = client.post(f"{page()}treden/{extra.pk}/verwijderen/")
        assert response.status_code == 302
        with in_tenant(dordrecht.municipality):
            assert not Step.objects.filter(pk=extra.pk).exists()

    def test_a_second_default_step_is_refused_on_the_field(self, client, dordrecht, year_2026):
        login(client, dordrecht.account_holder)
        before = counts(dordrecht)
        response = client.post(
            f"{page()}treden/nieuw/", {"code": "extra", "label": "Extra", "is_default": "on"}
        )
        assert response.status_code == 400
        assert response.context["step_form"].errors["is_default"]
        assert "al de standaardtrede van 2026" in response.content.decode()
        plus = step(dordrecht, "plus")
        response = client.post(
            f"{page()}treden/{plus.pk}/wijzigen/",
            {"code": "plus", "label": "Plus", "is_default": "on"},
        )
        assert response.status_code == 400 and response.context["form"].errors["is_default"]
        assert counts(dordrecht) == before and not step(dordrecht, "plus").is_default

    def test_deleting_a_used_step_shows_why_not(self, client, dordrecht, year_2026):
        from tests.api.conftest import start

        start(dordrecht, dordrecht.lwb_a, start_date=date(YEAR, 3, 2))
        login(client, dordrecht.account_holder)
        basis = step(dordrecht, "basis")
        response = client.post(f"{page()}treden/{basis.pk}/verwijderen/")
        assert response.status_code == 400
        assert "kan niet weg: een plaatsing gebruikt haar" in response.content.decode()
        assert step(dordrecht, "basis")

    def test_edits_the_tariffs_and_the_budget(self, client, dordrecht, year_2026):
        login(client, dordrecht.account_holder)
        response = client.post(
            f"{page()}tarieven/",
            tariff_post(amount_basis="2600,50", base_fee="325", advance_model="quarterly_80_20"),
        )
        assert response.status_code == 302
        with in_tenant(dordrecht.municipality):
            tariff = Tariff.objects.get(municipality=dordrecht.municipality, year=YEAR)
            assert (tariff.base_fee, tariff.advance_model) == (Decimal("325"), "quarterly_80_20")
            assert StepTariff.objects.get(tariff=tariff, step__code="basis").annual_amount == (
                Decimal("2600.50")
            )
        response = client.post(
            f"{page()}budget/", {"allocated": "1200000", "matching_unit_cost": "200000"}
        )
        assert response.status_code == 302
        with in_tenant(dordrecht.municipality):
            assert MunicipalBudget.objects.get(year=YEAR).allocated == Decimal("1200000")

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"amount_plus": "-10"}, "amount_plus"),
            ({"amount_plus": "veel"}, "amount_plus"),
            ({"amount_plus": ""}, "amount_plus"),
            ({"base_fee": "-1"}, "base_fee"),
            ({"custom_budget": "abc"}, "custom_budget"),
        ],
    )
    def test_bad_amounts_are_refused_on_their_field(
        self, client, dordrecht, year_2026, changes, field
    ):
        login(client, dordrecht.account_holder)
        before = snapshot(dordrecht, YEAR)
        response = client.post(f"{page()}tarieven/", tariff_post(**changes))
        assert response.status_code == 400
        assert response.context["tariff_form"].errors[field]
        assert snapshot(dordrecht, YEAR) == before

    def test_a_missing_amount_names_the_step(self, client, dordrecht, year_2026):
        login(client, dordrecht.account_holder)
        response = client.post(f"{page()}tarieven/", tariff_post(amount_plus=""))
        assert "Geef een bedrag voor trede Plus (plus)." in response.content.decode()

    def test_after_an_approved_statement_the_page_offers_a_new_version(
        self, client, dordrecht, year_2026
    ):
        approve_a_statement(dordrecht)
        login(client, dordrecht.account_holder)
        response = client.get(page())
        assert "tariff_form" not in response.context and response.context["version_form"]
        assert "Nieuwe versie vastleggen" in response.content.decode()
        response = client.post(f"{page()}tarieven/", tariff_post(base_fee="999"))
        assert response.status_code == 400
        assert "ligt vast" in response.content.decode()
        response = client.post(
            f"{page()}tarieven/versie/",
            {"effective_from": "2026-07-01", "amount_basis": "2700", "amount_plus": "3700"},
        )
        assert response.status_code == 302
        body = client.get(page()).content.decode()
        assert "Tarief vanaf 1 juli 2026" in body and "2.700,00" in body
        response = client.post(
            f"{page()}tarieven/versie/",
            {"effective_from": "2026-05-01", "amount_basis": "2700", "amount_plus": "3700"},
        )
        assert response.status_code == 400
        assert response.context["version_form"].errors["effective_from"]


class TestAccess:
    def test_the_policy_officer_reads_without_forms(self, client, dordrecht, year_2026):
        login(client, dordrecht.policy_officer)
        for url in (BASE, page()):
            response = client.get(url)
            assert response.status_code == 200
            body = response.content.decode()
            assert "/subsidies/jaren/" in body
            assert 'method="post" class="utrecht-form"' not in body
        assert "Basis" in body and "Jaar toevoegen" not in body and "Wijzigen" not in body
        before = counts(dordrecht)
        for url, data in (
            (f"{BASE}nieuw/", {"year": "2027", "copy_from": ""}),
            (f"{page()}treden/nieuw/", {"code": "x", "label": "X"}),
            (f"{page()}tarieven/", tariff_post()),
            (f"{page()}budget/", {"allocated": "1", "matching_unit_cost": "0"}),
        ):
            assert client.post(url, data).status_code == 403, url
        assert counts(dordrecht) == before

    def test_another_municipalitys_step_is_404(self, client, dordrecht, zwijndrecht, year_2026):
        set_up_year(zwijndrecht)
        foreign = step(zwijndrecht, "plus")
        login(client, dordrecht.account_holder)
        for tail in ("wijzigen/", "verwijderen/"):
            assert client.get(f"{page()}treden/{foreign.pk}/{tail}").status_code == 404
            assert client.post(f"{page()}treden/{foreign.pk}/{tail}").status_code == 404
        assert step(zwijndrecht, "plus")

    def test_a_user_of_another_municipality_gets_403(self, client, zwijndrecht, year_2026):
        login(client, zwijndrecht.account_holder)
        assert client.get(page()).status_code == 403

    def test_a_company_user_gets_403(self, client, dordrecht, year_2026):
        login(client, dordrecht.lwb_a_admin)
        assert client.get(BASE).status_code == 403
        assert client.get(page()).status_code == 403
        assert client.post(f"{page()}budget/", {"allocated": "1"}).status_code == 403

    def test_anonymous_goes_to_the_login(self, client, dordrecht, year_2026):
        for url in (BASE, page(), f"{page()}tarieven/"):
            response = client.get(url)
            assert response.status_code == 302 and response["Location"].startswith(
                "/accounts/login/"
            )

    def test_a_year_out_of_range_without_data_is_404(self, client, dordrecht, year_2026):
        login(client, dordrecht.account_holder)
        assert client.get(page(1999)).status_code == 404
        assert client.get(page(2200)).status_code == 404

    def test_the_menu_links_to_the_year_settings(self, client, dordrecht, year_2026):
        for user, shown in (
            (dordrecht.account_holder, True),
            (dordrecht.policy_officer, True),
            (dordrecht.lwb_a_admin, False),
            (dordrecht.consultant, False),
        ):
            login(client, user)
            body = client.get("/dordrecht/").content.decode()
            assert (f'href="{BASE}"' in body and "Jaarinstellingen" in body) == shown, user


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_year_page_is_a_fixed_number_of_queries(client, dordrecht, year_2026):
    login(client, dordrecht.account_holder)
    _queries(client, page())  # warm the session
    few = _queries(client, page())
    approve_a_statement(dordrecht)
    with in_tenant(dordrecht.municipality):
        for code in ("c", "d", "e", "f"):
            svc.step_create(
                municipality=dordrecht.municipality,
                year=YEAR,
                code=code,
                label=code,
                actor=dordrecht.account_holder,
                today=TODAY,
            )
        tariff = Tariff.objects.get(municipality=dordrecht.municipality, year=YEAR)
        for month in (4, 7):
            svc.tariff_version_create(
                tariff=tariff,
                effective_from=date(YEAR, month, 1),
                amounts=dict.fromkeys(("basis", "plus", "c", "d", "e", "f"), "10"),
                actor=dordrecht.account_holder,
            )
    many = _queries(client, page())
    assert many == few, (few, many)
    login(client, dordrecht.policy_officer)
    _queries(client, page())
    assert _queries(client, page()) <= few


class TestRollover:
    @pytest.fixture
    def on(self, monkeypatch):
        def set_day(day: date) -> None:
            monkeypatch.setattr("subsidies.home.today", lambda: day)

        return set_day

    WARNING = "2027 is nog niet ingericht"

    def test_from_1_october_the_account_holder_is_warned(self, client, dordrecht, year_2026, on):
        on(date(YEAR, 10, 1))
        login(client, dordrecht.account_holder)
        body = client.get("/dordrecht/").content.decode()
        assert self.WARNING in body
        assert f'href="{page(2027)}"' in body
        assert "de tredecatalogus van 2027 (geen treden)" in body

    def test_no_warning_before_1_october(self, client, dordrecht, year_2026, on):
        on(date(YEAR, 9, 30))
        login(client, dordrecht.account_holder)
        assert self.WARNING not in client.get("/dordrecht/").content.decode()

    def test_no_warning_when_next_year_is_set_up(self, client, dordrecht, year_2026, on):
        set_up_year(dordrecht, 2027)
        on(date(YEAR, 11, 2))
        login(client, dordrecht.account_holder)
        assert self.WARNING not in client.get("/dordrecht/").content.decode()

    def test_a_new_municipality_is_warned_about_this_year_on_any_day(self, client, dordrecht, on):
        on(date(YEAR, 3, 1))
        login(client, dordrecht.account_holder)
        body = client.get("/dordrecht/").content.decode()
        assert f"{YEAR} is nog niet ingericht" in body
        assert f'href="{page(YEAR)}"' in body
        assert self.WARNING not in body

    def test_only_who_sets_up_the_year_is_warned(self, client, dordrecht, year_2026, on):
        on(date(YEAR, 10, 1))
        for user in (dordrecht.policy_officer, dordrecht.consultant, dordrecht.lwb_a_admin):
            login(client, user)
            assert self.WARNING not in client.get("/dordrecht/").content.decode()


def test_a_decision_page_links_to_the_missing_year(client, dordrecht, year_2026):
    login(client, dordrecht.account_holder)
    body = client.get("/dordrecht/subsidies/beschikkingen/nieuw/?jaar=2027").content.decode()
    assert f'href="{page(2027)}"' in body and "Naar Jaarinstellingen 2027" in body
