"""Browser test of issue 12's acceptance: a municipality goes live from a database without demo
data, through the pages only.

The first platform administrator is the one thing made in Python (``createsuperuser`` in real
life). After that, everything happens in Chromium: the administrator creates the region, the
municipality "Proefstad", its office, a matching unit serving it and a company, and invites an
account holder and a consultant; the account holder accepts, sets up two-factor login, sets up the
year (catalogue, tariffs, budget) and the next one by copying it, and admits the company
(assessment, active, 10 places); the consultant registers a referral, does the intake and places
the resident. axe-core finds no serious or critical violation on any page visited.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyotp
import pytest
from django.core import mail
from django.utils import timezone

from tests.e2e.test_login_home_switch_accessibility import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOT_DIR,
    assert_accessible,
    fresh_totp_code,
)
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs Chromium at {CHROMIUM}"),
]

ADMIN = "beheer@platform.example.nl"
ACCOUNT_HOLDER = "accounthouder@proefstad.example.nl"
CONSULTANT = "consulent@werkpunt.example.nl"
NEW_PASSWORD = "Proefstad-gaat-live-2026"
BSN = "123456782"


@pytest.fixture
def platform_admin(transactional_db):
    return UserFactory(email=ADMIN, is_superuser=True, is_staff=True)


def _submit(page) -> None:
    page.locator("main form button[type=submit]").first.click()


def _check(page, what: str) -> None:
    page.screenshot(path=str(SCREENSHOT_DIR / f"golive-{what}.png"), full_page=True)
    assert_accessible(page, what)


def _log_in(page, base: str, email: str, password: str, code) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    _submit(page)
    page.wait_for_selector("input[name=code]")
    page.fill("input[name=code]", code())
    _submit(page)
    page.wait_for_load_state()


def _invitation_link(email: str) -> str:
    (message,) = [m for m in mail.outbox if email in m.to]
    return re.search(r"https?://\S+/accounts/uitnodiging/[^/\s]+/", message.body).group(0)


def _accept_and_secure(page, base: str, email: str, first: str, last: str) -> pyotp.TOTP:
    """Accept the invitation, log in, pair an authenticator app: the TOTP of the new user."""
    page.goto(_invitation_link(email))
    _check(page, f"invitation-accept-{first}")
    page.get_by_label("Voornaam").fill(first)
    page.get_by_label("Achternaam").fill(last)
    page.fill("#id_password1", NEW_PASSWORD)
    page.fill("#id_password2", NEW_PASSWORD)
    page.get_by_role("button", name="Accepteren").click()
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", NEW_PASSWORD)
    _submit(page)
    page.wait_for_load_state()
    if "reauthenticate" in page.url:  # allauth asks for the password before MFA changes
        page.fill("input[name=password]", NEW_PASSWORD)
        _submit(page)
    page.wait_for_selector("#authenticator_secret")
    _check(page, f"totp-activate-{first}")
    totp = pyotp.TOTP(page.locator("#authenticator_secret").input_value())
    # Wait for the answer to the POST itself (not the load state of the page it was sent
    # from, which may be reached before it navigates); a code that expired on the way (the
    # 30 s window turned) is asked again, as a person would type the next one.
    for _attempt in range(2):
        page.fill("input[name=code]", totp.now())
        with page.expect_navigation():
            _submit(page)
        if "/2fa/totp/activate" not in page.url:
            break
    return totp


def _menu_link(page, group: str, name: str):
    """A link in a group of the main menu, after opening the group."""
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    menu.locator("summary", has_text=group).click()
    return menu.get_by_role("link", name=name, exact=True)


def test_a_municipality_goes_live_from_an_empty_database(live_server, platform_admin):
    from playwright.sync_api import expect, sync_playwright

    base = live_server.url
    year = timezone.localdate().year
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:

            def new_page():
                context = browser.new_context(
                    locale="nl-NL", viewport={"width": 1280, "height": 900}
                )
                return context.new_page()

            # -- the platform administrator ----------------------------------------------------
            page = new_page()
            _log_in(page, base, ADMIN, TEST_PASSWORD, fresh_totp_code)
            _check(page, "home-platform-admin")
            page.get_by_role("link", name="Naar platformbeheer").click()
            _check(page, "platform-home")

            page.get_by_role("link", name="Regio's").first.click()
            page.get_by_role("link", name="Nieuwe regio").click()
            _check(page, "region-create")
            page.get_by_label("Naam").fill("Proefregio")
            page.get_by_label("Webadres").fill("proefregio")
            page.get_by_role("button", name="Regio opslaan").click()
            expect(page.locator("main")).to_contain_text("Proefregio")

            page.goto(f"{base}/beheer/")
            page.get_by_role("link", name="Gemeenten").first.click()
            page.get_by_role("link", name="Nieuwe gemeente").click()
            _check(page, "municipality-create")
            page.get_by_label("Naam").fill("Proefstad")
            page.get_by_label("Webadres").fill("proefstad")
            page.get_by_label("CBS-code").fill("GM9999")
            page.get_by_label("Regio").select_option(label="Proefregio")
            page.get_by_role("button", name="Gemeente opslaan").click()
            expect(page.locator("main")).to_contain_text("Proefstad")

            def organisation(name: str, kind: str, **fields: str) -> None:
                page.goto(f"{base}/beheer/")
                page.get_by_role("link", name="Organisaties").first.click()
                page.get_by_role("link", name="Nieuwe organisatie").click()
                page.get_by_label("Naam", exact=True).fill(name)
                page.get_by_label("Soort").select_option(label=kind)
                if "kvk" in fields:
                    page.get_by_label("KvK-nummer").fill(fields["kvk"])
                if "municipality" in fields:
                    page.get_by_label("Gemeente").select_option(label=fields["municipality"])
                page.get_by_role("button", name="Organisatie opslaan").click()
                expect(page.locator("main")).to_contain_text(name)

            def invite(email: str, role: str) -> None:
                page.get_by_role("link", name="Iemand uitnodigen bij deze organisatie").click()
                _check(page, f"invite-{role}")
                page.get_by_label("E-mailadres").fill(email)
                page.get_by_label("Rol").select_option(label=role)
                page.get_by_role("button", name="Uitnodiging versturen").click()
                expect(page.locator("main")).to_contain_text(email)

            organisation(
                "Gemeente Proefstad", "Gemeentelijke organisatie", municipality="Proefstad"
            )
            _check(page, "organisation-office")
            invite(ACCOUNT_HOLDER, "Accounthouder gemeente")

            organisation("Werkpunt Proefstad", "Matchingsunit", kvk="41999990")
            page.get_by_role(
                "link", name="Werkgebied: voor welke gemeenten werkt deze organisatie?"
            ).click()
            _check(page, "service-area")
            page.get_by_label("Gemeente").select_option(label="Proefstad")
            page.get_by_role("button", name="Gemeente toevoegen").click()
            expect(
                page.get_by_role("button", name="Proefstad uit het werkgebied halen")
            ).to_be_visible()
            page.get_by_role("link", name="Terug naar Werkpunt Proefstad").click()
            invite(CONSULTANT, "Consulent matchingsunit")

            organisation("Kringloop Proefstad", "Leerwerkbedrijf", kvk="62999991")
            page.context.close()

            # -- the account holder: year, next year, company ---------------------------------
            page = new_page()
            _accept_and_secure(page, base, ACCOUNT_HOLDER, "Anouk", "Smit")
            page.goto(f"{base}/")
            expect(page).to_have_url(re.compile(r".*/proefstad/$"))
            _check(page, "home-account-holder")

            page.get_by_role("link", name="Jaarinstellingen").first.click()
            _check(page, "year-list-empty")
            page.get_by_label("Jaar", exact=True).fill(str(year))
            page.get_by_role("button", name="Jaar toevoegen").click()
            expect(page.locator("h1")).to_have_text(f"Jaarinstellingen {year}")
            _check(page, "year-empty")
            for code, label, default in (("basis", "Basis", True), ("plus", "Plus", False)):
                page.get_by_label("Code").fill(code)
                page.get_by_label("Omschrijving").fill(label)
                if default:
                    page.get_by_label("Standaardtrede").check()
                page.get_by_role("button", name="Trede toevoegen").click()
                expect(page.locator("main table").first).to_contain_text(label)
            page.get_by_label("Tarief Basis").fill("2500,00")
            page.get_by_label("Tarief Plus").fill("3500,00")
            page.get_by_label("Basisvergoeding").fill("300,00")
            page.get_by_label("Maatwerkbudget").fill("10000,00")
            page.get_by_label("Bevoorschotting").select_option("full_advance")
            page.get_by_role("button", name="Tarieven opslaan").click()
            expect(page.locator("main")).to_contain_text("3.500,00")
            page.get_by_label("Budget (€)", exact=True).fill("250000,00")
            page.get_by_label("Geplande kosten matchingsunit").fill("40000,00")
            page.get_by_role("button", name="Budget opslaan").click()
            expect(page.locator("main")).to_contain_text("250.000,00")
            _check(page, "year-set-up")

            page.get_by_role("link", name="Jaarinstellingen").first.click()
            page.get_by_label("Jaar", exact=True).fill(str(year + 1))
            page.get_by_label("Beginnen met").select_option(str(year))
            page.get_by_role("button", name="Jaar toevoegen").click()
            expect(page.locator("h1")).to_have_text(f"Jaarinstellingen {year + 1}")
            expect(page.locator("main")).to_contain_text("3.500,00")
            _check(page, "next-year-copied")

            _menu_link(page, "Organisaties", "Leerwerkbedrijven").click()
            page.get_by_role("link", name="Leerwerkbedrijf aanmelden").click()
            _check(page, "enrolment-register")
            page.get_by_label("Bestaand leerwerkbedrijf").select_option(label="Kringloop Proefstad")
            page.get_by_role("button", name="Aanmelden").click()
            expect(page.locator("h1")).to_contain_text("Kringloop Proefstad")
            page.get_by_role("link", name="Beoordelen").click()
            _check(page, "enrolment-assess")
            page.get_by_label("Soort werk").fill("Sorteren en verkopen in de winkel.")
            page.get_by_label("Begeleiding die het bedrijf kan geven").fill(
                "Een vaste werkbegeleider op de vloer."
            )
            page.locator("input[name=no_displacement][value=yes]").check()
            page.get_by_label("Waarom komt u tot dit oordeel?").fill(
                "Het werk komt naast dat van de vaste medewerkers."
            )
            page.get_by_role("button", name="Beoordeling opslaan").click()
            page.get_by_role("link", name="Activeren").click()
            _check(page, "enrolment-activate")
            page.get_by_label("Maximaal aantal plekken").fill("10")
            page.get_by_role("button", name="Status wijzigen").click()
            expect(page.locator("main")).to_contain_text("Actief")
            _check(page, "enrolment-active")
            page.context.close()

            # -- the consultant: referral, intake, placement ----------------------------------
            page = new_page()
            _accept_and_secure(page, base, CONSULTANT, "Bram", "Visser")
            page.goto(f"{base}/")
            expect(page).to_have_url(re.compile(r".*/proefstad/$"))
            _check(page, "home-consultant")
            _menu_link(page, "Deelnemers", "Aanmeldingen").click()
            page.get_by_role("link", name="Aanmelding registreren").click()
            _check(page, "referral-register")
            page.fill("#id_first_name", "Sanne")
            page.fill("#id_last_name", "Jansen")
            page.fill("#id_bsn", BSN)
            page.fill("#id_birth_date", "1985-04-12")
            page.fill("#id_postcode", "3311 AB")
            page.fill("#id_city", "Proefstad")
            page.select_option("#id_source", "self")
            page.get_by_role("button", name="Registreren").click()
            expect(page.locator("h1")).to_have_text("Aanmelding Sanne Jansen")
            page.check("#id_informed")
            page.check("#id_motivated")
            page.check("#id_consent")
            page.fill("#id_intake_notes", "Wil graag met mensen werken.")
            page.get_by_role("button", name="Intake opslaan").click()
            expect(page.locator("main")).to_contain_text("De intake is opgeslagen.")
            page.get_by_role("link", name="Passende plek zoeken").click()
            results = page.locator("main table")
            expect(results).to_contain_text("Kringloop Proefstad")
            _check(page, "matching-search")
            results.locator("tr", has_text="Kringloop Proefstad").get_by_role(
                "link", name=re.compile("Kiezen")
            ).click()
            page.fill("#id_hours_per_week", "12")
            page.get_by_role("button", name="Plaatsing starten").click()
            expect(page.locator("main")).to_contain_text("is geplaatst bij Kringloop Proefstad")
            _check(page, "placed")
            page.context.close()
        finally:
            browser.close()
