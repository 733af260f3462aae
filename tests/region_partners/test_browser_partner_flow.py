"""Browser test (issue 16, acceptance): the social service's client manager refers a client,
the matching unit picks the referral up from its queue, registers it, does the intake and
places; the client manager then sees "Geplaatst". axe-core finds no serious or critical
violation on the pages visited. Debian's Chromium, never ``playwright install``."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from participatie.choices import OrganisationKind, Role
from tests.conftest import in_tenant, make_side, make_steps
from tests.e2e.test_login_home_switch_accessibility import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOT_DIR,
    assert_accessible,
    fresh_totp_code,
)
from tests.factories import (
    TEST_PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    RegionFactory,
    ServiceAreaFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs Chromium at {CHROMIUM}"),
]

BSN = "123456782"


@pytest.fixture
def partner_world(transactional_db):
    region = RegionFactory(slug="drechtsteden", name="Drechtsteden")
    side = make_side("dordrecht", "Dordrecht", "GM0505", region)
    make_steps(side.municipality, range(2021, 2031))
    sdd = OrganisationFactory(
        slug="sdd", name="Sociale Dienst Drechtsteden", kind=OrganisationKind.SOCIAL_SERVICE
    )
    with in_tenant(side.municipality):
        ServiceAreaFactory(municipality=side.municipality, organisation=sdd)
    manager = UserFactory(email="klantmanager@sdd.example.nl", first_name="Kim", last_name="Klant")
    MembershipFactory(user=manager, organisation=sdd, role=Role.CLIENT_MANAGER)
    return side, manager


_used_codes: dict[str, str] = {}


def _unused_code(email: str) -> str:
    """A fresh code this user has not logged in with yet: the server refuses a code twice."""
    code = fresh_totp_code()
    while _used_codes.get(email) == code:
        time.sleep(30 - time.time() % 30 + 0.5)
        code = fresh_totp_code()
    _used_codes[email] = code
    return code


def _log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_selector("input[name=code]")
    page.fill("input[name=code]", _unused_code(email))
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/dordrecht/$"))


def _open_menu_entry(page, group: str, name: str) -> None:
    """Open the menu group (a ``<details>``) and follow one of its links, as a person does."""
    page.locator("summary.site-nav__summary", has_text=group).click()
    page.locator(".site-nav__details").get_by_role("link", name=name).click()


def _check(page, what: str) -> None:
    page.screenshot(path=str(SCREENSHOT_DIR / f"partners-{what}.png"), full_page=True)
    assert_accessible(page, what)


def test_client_manager_refers_matching_unit_places_client_manager_sees_placed(
    live_server, partner_world
):
    from playwright.sync_api import expect, sync_playwright

    side, manager = partner_world
    base = live_server.url
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:

            def new_page():
                context = browser.new_context(
                    locale="nl-NL", viewport={"width": 1280, "height": 900}
                )
                return context.new_page()

            # -- the client manager refers ------------------------------------------------------
            page = new_page()
            _log_in(page, base, manager.email)
            _open_menu_entry(page, "Deelnemers", "Verwijzingen")
            expect(page.locator("h1")).to_have_text("Verwijzingen")
            page.get_by_role("link", name="Kandidaat verwijzen").click()
            _check(page, "refer")
            page.fill("#id_first_name", "Sanne")
            page.fill("#id_last_name", "de Vries")
            page.fill("#id_birth_date", "1979-06-01")
            page.fill("#id_phone", "078 555 1234")
            page.check("input[name=benefit][value=sdd]")
            page.fill("#id_motivation", "Wil graag met dieren werken.")
            page.get_by_role("button", name="Verwijzing versturen").click()
            expect(page.locator("main")).to_contain_text("De verwijzing is verstuurd")
            expect(page.locator("main table")).to_contain_text("Ontvangen")
            _check(page, "referred")
            page.context.close()

            # -- the matching unit picks it up and places -----------------------------------
            page = new_page()
            _log_in(page, base, side.consultant.email)
            page.goto(f"{base}/dordrecht/aanmeldingen/")
            inbound = page.locator("#queue-inbound").locator("..")
            inbound.get_by_role("link", name="Sanne de Vries").click()
            _check(page, "inbound")
            page.fill("#id_bsn", BSN)
            page.get_by_role("button", name="Aanmelding registreren").click()
            expect(page.locator("h1")).to_have_text("Aanmelding Sanne de Vries")
            page.check("#id_informed")
            page.check("#id_motivated")
            page.check("#id_consent")
            page.get_by_role("button", name="Intake opslaan").click()
            expect(page.locator("main")).to_contain_text("De intake is opgeslagen.")
            page.get_by_role("link", name="Passende plek zoeken").click()
            page.locator("main table").locator("tr", has_text="Kringloop Dordrecht").get_by_role(
                "link", name=re.compile("Kiezen")
            ).click()
            page.fill("#id_hours_per_week", "12")
            page.get_by_role("button", name="Plaatsing starten").click()
            expect(page.locator("main")).to_contain_text("is geplaatst bij Kringloop Dordrecht")
            page.context.close()

            # -- the client manager sees "geplaatst" -----------------------------------------
            page = new_page()
            _log_in(page, base, manager.email)
            _open_menu_entry(page, "Deelnemers", "Verwijzingen")
            row = page.locator("main table tr", has_text="Sanne de Vries")
            expect(row).to_contain_text("Geplaatst")
            expect(row).to_contain_text("Kringloop Dordrecht")
            expect(page.locator("main")).not_to_contain_text(BSN)
            _check(page, "placed")
            page.context.close()
        finally:
            browser.close()
