"""The grouped main menu: every role sees the money pages it may open (a company its own
decisions, statements and applications), a group with one entry is a plain link, and the lists
a company opens from its menu hold its own rows only."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from participatie.models import Enrolment
from participatie.navigation import (
    MONEY,
    NavEntry,
    nav_menu,
    register_nav_item,
    register_nav_namespace_group,
)
from participatie.navigation import _items as registered
from participatie.tenancy.permissions import ROLE_PERMISSIONS, Perm
from subsidies.choices import DecisionStatus
from tests.conftest import in_tenant, login
from tests.factories_subsidies import (
    DeterminationFactory,
    QuarterStatementFactory,
    SubsidyApplicationFactory,
    SubsidyDecisionFactory,
)

MONEY_PAGES = {
    "applications": "/dordrecht/subsidies/aanvragen/",
    "decisions": "/dordrecht/subsidies/beschikkingen/",
    "statements": "/dordrecht/subsidies/declaraties/",
    "determinations": "/dordrecht/subsidies/vaststellingen/",
}


def _menu(client) -> str:
    html = client.get("/dordrecht/").content.decode()
    nav = html[html.index('aria-label="Hoofdmenu"') :]
    return nav[: nav.index("</nav>")]


def test_account_holder_finds_every_money_page_in_the_money_group(client, dordrecht):
    menu = _menu(login(client, dordrecht.account_holder))
    group = menu[menu.index(">Geld<") :]
    group = group[: group.index("</details>")]
    for url in (
        *MONEY_PAGES.values(),
        "/dordrecht/subsidies/",
        "/dordrecht/subsidies/budget/",
        "/dordrecht/subsidies/maatwerkbudget/",
    ):
        assert f'href="{url}"' in group
    assert 'href="/dordrecht/subsidies/jaren/"' in menu


@pytest.mark.parametrize("who", ["lwb_a_admin", "lwb_a_supervisor"])
def test_company_menu_has_its_decisions_statements_and_applications(client, dordrecht, who):
    menu = _menu(login(client, getattr(dordrecht, who)))
    for url in MONEY_PAGES.values():
        assert f'href="{url}"' in menu
    # Not the municipality's own money pages.
    for url in ("/dordrecht/subsidies/budget/", 'href="/dordrecht/subsidies/"'):
        assert url not in menu


def test_consultant_has_no_company_money_in_the_menu(client, dordrecht):
    menu = _menu(login(client, dordrecht.consultant))
    for url in (*MONEY_PAGES.values(), "/dordrecht/subsidies/budget/"):
        assert f'href="{url}"' not in menu


def _company_rows(side, company):
    enrolment = Enrolment.objects.get(municipality=side.municipality, organisation=company)
    SubsidyApplicationFactory(municipality=side.municipality, enrolment=enrolment)
    decision = SubsidyDecisionFactory(
        municipality=side.municipality,
        enrolment=enrolment,
        status=DecisionStatus.APPROVED,
        drafted_by=side.account_holder,
        approved_by=side.second_account_holder,
        approved_at=timezone.now(),
    )
    statement = QuarterStatementFactory(
        municipality=side.municipality, enrolment=enrolment, year=timezone.localdate().year
    )
    determination = DeterminationFactory(
        municipality=side.municipality,
        enrolment=enrolment,
        approved_by=side.second_account_holder,
        approved_at=timezone.now(),
    )
    return decision, statement, determination


def test_a_company_sees_its_own_money_rows_and_another_company_nothing(client, dordrecht):
    with in_tenant(dordrecht.municipality):
        decision, statement, determination = _company_rows(dordrecht, dordrecht.lwb_a)
    name = dordrecht.lwb_a.name
    login(client, dordrecht.lwb_a_admin)
    for url in MONEY_PAGES.values():
        response = client.get(url)
        assert response.status_code == 200
        assert name in response.content.decode(), url
    login(client, dordrecht.lwb_b_admin)
    for url in MONEY_PAGES.values():
        response = client.get(url)
        assert response.status_code == 200
        assert name not in response.content.decode(), url
    for url in (
        f"/dordrecht/subsidies/beschikkingen/{decision.pk}/",
        f"/dordrecht/subsidies/declaraties/{statement.pk}/",
        f"/dordrecht/subsidies/vaststellingen/{determination.pk}/",
    ):
        assert client.get(url).status_code == 404


def test_another_municipality_and_anonymous_get_nothing(client, dordrecht, zwijndrecht):
    with in_tenant(dordrecht.municipality):
        _company_rows(dordrecht, dordrecht.lwb_a)
    for url in MONEY_PAGES.values():
        assert client.get(url).status_code == 302  # to the login page
    login(client, zwijndrecht.lwb_a_admin)
    for url in MONEY_PAGES.values():
        assert client.get(url).status_code == 403


def test_a_group_with_one_entry_for_the_user_is_a_plain_link():
    slug = "dordrecht"
    lwb = ROLE_PERMISSIONS["lwb_admin"]
    menu = nav_menu(municipality_slug=slug, permissions=lwb)
    # The company has one page in "Organisaties": the companies list, shown as a link.
    companies = next(entry for entry in menu if entry.url == f"/{slug}/leerwerkbedrijven/")
    assert not companies.is_group and companies.label == "Leerwerkbedrijven"
    money = next(entry for entry in menu if entry.label == "Geld")
    assert money.is_group
    assert set(MONEY_PAGES.values()) <= {link.url for link in money.links}


def test_the_current_page_marks_its_group():
    menu = nav_menu(
        municipality_slug="dordrecht",
        permissions=ROLE_PERMISSIONS["account_holder"],
        current_path="/dordrecht/subsidies/budget/",
    )
    assert [entry.label for entry in menu if entry.current] == ["Geld"]


def test_an_entry_without_a_group_goes_to_its_namespaces_group(monkeypatch):
    monkeypatch.setattr("participatie.navigation._items", dict(registered))
    monkeypatch.setattr("participatie.navigation._namespace_groups", {})
    register_nav_namespace_group("subsidies", MONEY)
    register_nav_item("Verrekeningen", "subsidies:budget", permission=Perm.BUDGETS_VIEW)
    register_nav_item("Los", "participatie:matching-units", permission=Perm.ENROLMENTS_VIEW_ALL)
    menu = nav_menu(municipality_slug="dordrecht", permissions=ROLE_PERMISSIONS["account_holder"])
    money = next(entry for entry in menu if entry.label == "Geld")
    assert "Verrekeningen" in [link.label for link in money.links]
    loose: NavEntry = next(entry for entry in menu if entry.label == "Los")
    assert not loose.is_group
    with pytest.raises(ValueError):
        register_nav_item("X", "subsidies:budget", permission=Perm.BUDGETS_VIEW, group="nope")


def test_the_menu_can_be_used_by_keyboard_without_script(client, dordrecht):
    """Groups are <details>/<summary> (native keyboard toggles), no inline script or handler."""
    menu = _menu(login(client, dordrecht.account_holder))
    assert re.search(r'<details class="site-nav__details">\s*<summary', menu)
    assert "onclick" not in menu and "<script" not in menu
