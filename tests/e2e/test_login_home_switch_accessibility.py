"""Browser test: log in with password + TOTP, land on the role's home, switch municipality with
the switcher, get 403 on a municipality outside the memberships; axe-core finds no serious or
critical accessibility violation on any page visited.

Runs Debian's Chromium (never ``playwright install``). Without static/vendor/ (npm step not run)
the pages are plainer but the test still holds.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pyotp
import pytest

from participatie.choices import Role
from tests.conftest import in_tenant, make_side
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET, RegionFactory, ServiceAreaFactory

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# Screenshots are CI artefacts, kept (not committed) under var/screenshots/ of the checkout.
SCREENSHOT_DIR = Path(
    os.environ.get("E2E_SCREENSHOT_DIR", Path(__file__).resolve().parents[2] / "var/screenshots")
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs Chromium at {CHROMIUM}"),
]


def fresh_totp_code() -> str:
    """A code with a few seconds of life left: the server accepts the current window only."""
    remaining = 30 - time.time() % 30
    if remaining < 5:
        time.sleep(remaining + 0.5)
    return pyotp.TOTP(TEST_TOTP_SECRET).now()


def assert_accessible(page, what: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [
        violation
        for violation in results.response["violations"]
        if violation.get("impact") in {"serious", "critical"}
    ]
    details = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}"
        for v in serious
    )
    assert not serious, f"axe on {what} ({page.url}):\n{details}"


@pytest.fixture
def consultant_of_two(transactional_db):
    """A consultant whose matching unit serves Dordrecht and Zwijndrecht, not Meierijstad."""
    region = RegionFactory(slug="drechtsteden", name="Drechtsteden")
    dordrecht = make_side("dordrecht", "Dordrecht", "GM0505", region)
    zwijndrecht = make_side("zwijndrecht", "Zwijndrecht", "GM0642", region)
    make_side("meierijstad", "Meierijstad", "GM1948", RegionFactory(slug="ibn", name="IBN"))
    with in_tenant(zwijndrecht.municipality):
        ServiceAreaFactory(
            municipality=zwijndrecht.municipality, organisation=dordrecht.matching_unit
        )
    user = dordrecht.consultant
    assert user.memberships.get().role == Role.MU_CONSULTANT
    return user


def test_consultant_logs_in_switches_municipality_and_is_refused_elsewhere(
    live_server, consultant_of_two
):
    from playwright.sync_api import expect, sync_playwright

    # All database work is done above: the ORM refuses to run while Playwright's loop runs.
    email = consultant_of_two.email
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="nl-NL", viewport={"width": 1280, "height": 900})
            csp_errors: list[str] = []
            page.on(
                "console",
                lambda msg: (
                    csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None
                ),
            )

            # A tenant page sends an anonymous user to the login page.
            page.goto(f"{live_server.url}/dordrecht/")
            expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/dordrecht/")
            assert_accessible(page, "login")
            page.fill("input[name=login]", email)
            page.fill("input[name=password]", TEST_PASSWORD)
            page.locator("form button[type=submit], form input[type=submit]").first.click()

            # The TOTP step, with a code computed from the test secret.
            page.wait_for_selector("input[name=code]")
            assert_accessible(page, "TOTP step")
            page.fill("input[name=code]", fresh_totp_code())
            page.locator("form button[type=submit], form input[type=submit]").first.click()

            # The consultant's home in Dordrecht.
            expect(page).to_have_url(f"{live_server.url}/dordrecht/")
            expect(page.locator("h1")).to_have_text("Wat wacht op mij")
            expect(page.locator("header")).to_contain_text("MU Dordrecht")
            expect(page.locator("header")).to_contain_text("Consulent matchingsunit")
            expect(page.locator("#section-mu")).to_be_visible()
            expect(page.locator("main")).to_contain_text("Kringloop Dordrecht")
            page.screenshot(path=str(SCREENSHOT_DIR / "home-dordrecht.png"), full_page=True)
            assert_accessible(page, "home Dordrecht")

            # The skip link is the first thing the keyboard reaches and leads to the content.
            page.keyboard.press("Tab")
            skip = page.locator("a.skip-link")
            expect(skip).to_be_focused()
            page.keyboard.press("Enter")
            expect(page).to_have_url(f"{live_server.url}/dordrecht/#main")

            # Switch municipality with the keyboard: open the switcher, follow Zwijndrecht.
            switcher = page.get_by_role("navigation", name="Gemeente wisselen")
            switcher.locator("summary").focus()
            page.keyboard.press("Enter")
            link = switcher.get_by_role("link", name="Zwijndrecht")
            expect(link).to_be_visible()
            assert_accessible(page, "switcher open")
            link.focus()
            page.keyboard.press("Enter")
            expect(page).to_have_url(f"{live_server.url}/zwijndrecht/")
            expect(page.locator("header")).to_contain_text("Gemeente Zwijndrecht")
            expect(page.locator("main")).to_contain_text("Kringloop Zwijndrecht")
            expect(page.locator("main")).not_to_contain_text("Kringloop Dordrecht")
            assert_accessible(page, "home Zwijndrecht")

            # The list and a detail page of the companies.
            # In the menu's "Organisaties" group, which opens first.
            menu = page.get_by_role("navigation", name="Hoofdmenu")
            menu.locator("summary", has_text="Organisaties").click()
            menu.get_by_role("link", name="Leerwerkbedrijven").click()
            expect(page.locator("h1")).to_have_text("Leerwerkbedrijven")
            assert_accessible(page, "enrolment list")
            page.locator("main table").get_by_role("link", name="Kringloop Zwijndrecht").click()
            expect(page.locator("h1")).to_have_text("Kringloop Zwijndrecht")
            expect(page.locator("main")).to_contain_text("Geschiedenis")
            page.screenshot(path=str(SCREENSHOT_DIR / "enrolment-detail.png"), full_page=True)
            assert_accessible(page, "enrolment detail")

            # A municipality outside the memberships: 403 with a Dutch page.
            response = page.goto(f"{live_server.url}/meierijstad/")
            assert response is not None and response.status == 403
            expect(page.locator("h1")).to_have_text("Geen toegang")
            expect(page.locator("main")).to_contain_text("U heeft geen toegang tot Meierijstad.")
            page.screenshot(path=str(SCREENSHOT_DIR / "forbidden.png"), full_page=True)
            assert_accessible(page, "403")

            # An unknown municipality: 404 with a Dutch page.
            response = page.goto(f"{live_server.url}/bestaat-niet/")
            assert response is not None and response.status == 404
            expect(page.locator("h1")).to_have_text("Pagina niet gevonden")
            assert_accessible(page, "404")

            assert not csp_errors, "\n".join(csp_errors)
        finally:
            browser.close()
