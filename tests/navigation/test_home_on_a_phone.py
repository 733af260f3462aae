"""Browser test: the home page ("Wat wacht op mij") of an account holder and of a company's
administrator at 390 px: no horizontal scroll, axe finds no serious or critical violation, the
waiting items are links with their count, and a menu group opens and closes by keyboard (also
without scrolling sideways).

Runs Debian's Chromium (never ``playwright install``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from subsidies.choices import DecisionStatus
from tests.conftest import in_tenant, make_side
from tests.e2e.test_login_home_switch_accessibility import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOT_DIR,
    assert_accessible,
    fresh_totp_code,
)
from tests.factories import TEST_PASSWORD, RegionFactory
from tests.factories_subsidies import QuarterStatementFactory, SubsidyDecisionFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs Chromium at {CHROMIUM}"),
]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def side(transactional_db):
    """Dordrecht with a decision waiting for the second account holder and a statement waiting
    for the company to confirm."""
    side = make_side("dordrecht", "Dordrecht", "GM0505", RegionFactory(slug="drechtsteden"))
    m = side.municipality
    with in_tenant(m):
        enrolment = side.lwb_a.enrolments.get(municipality=m)
        SubsidyDecisionFactory(
            municipality=m,
            enrolment=enrolment,
            status=DecisionStatus.PROPOSED,
            drafted_by=side.account_holder,
        )
        QuarterStatementFactory(municipality=m, enrolment=enrolment)
    return side


def _log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_selector("input[name=code]")
    page.fill("input[name=code]", fresh_totp_code())
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/dordrecht/$"))


def _no_sideways_scroll(page, what: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{what}: {width} px wide at 390 px"


def test_home_of_account_holder_and_company_fits_a_phone(live_server, side):
    from playwright.sync_api import expect, sync_playwright

    people = {
        "accounthouder": (side.second_account_holder.email, "Beschikking om goed te keuren"),
        "lwb-beheer": (side.lwb_a_admin.email, "Declaratie klaar om te bevestigen"),
    }
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name, (email, label) in people.items():
                context = browser.new_context(locale="nl-NL", viewport=PHONE)
                page = context.new_page()
                _log_in(page, live_server.url, email)
                waiting = page.locator("section.waiting")
                item = waiting.get_by_role("link", name=re.compile(label))
                expect(item).to_be_visible()
                expect(item).to_contain_text("1")
                _no_sideways_scroll(page, f"{name} home")
                assert_accessible(page, f"{name} home at 390 px")
                page.screenshot(path=str(SCREENSHOT_DIR / f"wacht-{name}-390.png"), full_page=True)

                # The "Geld" group opens from the keyboard and shows its links in the page.
                menu = page.get_by_role("navigation", name="Hoofdmenu")
                summary = menu.locator("summary", has_text="Geld")
                summary.focus()
                page.keyboard.press("Enter")
                decisions = menu.get_by_role("link", name="Beschikkingen")
                expect(decisions).to_be_visible()
                _no_sideways_scroll(page, f"{name} with the money group open")
                assert_accessible(page, f"{name} menu group open at 390 px")
                page.screenshot(path=str(SCREENSHOT_DIR / f"menu-{name}-390.png"))
                page.keyboard.press("Escape")
                expect(decisions).to_be_hidden()
                expect(summary).to_be_focused()
                context.close()
        finally:
            browser.close()
