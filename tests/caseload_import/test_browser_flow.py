"""Browser test of the caseload import (issue 14's acceptance): a consultant uploads a file,
the dry run shows the errors by row and column, the consultant fixes the file and uploads it
again, imports it and sees the participants. axe-core finds no serious or critical violation
on any page visited. Debian's Chromium, never ``playwright install``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.caseload_import.helpers import companies, person, row, steps_for, xlsx
from tests.conftest import make_side
from tests.e2e.test_login_home_switch_accessibility import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOT_DIR,
    assert_accessible,
    fresh_totp_code,
)
from tests.factories import TEST_PASSWORD, RegionFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs Chromium at {CHROMIUM}"),
]


@pytest.fixture
def side(transactional_db):
    region = RegionFactory(slug="drechtsteden", name="Drechtsteden")
    side = make_side("dordrecht", "Dordrecht", "GM0505", region)
    steps_for(side.municipality)
    side.extra["companies"] = companies(side.municipality, 2)
    return side


def _log_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_selector("input[name=code]")
    page.fill("input[name=code]", fresh_totp_code())
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/dordrecht/$"))


def _check(page, what):
    page.screenshot(path=str(SCREENSHOT_DIR / f"import-{what}.png"), full_page=True)
    assert_accessible(page, what)


def test_upload_dry_run_fix_commit_and_see_the_participants(live_server, side, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    kvk = side.extra["companies"][0].kvk_number
    rows = [
        row(**person(n), leerwerkbedrijf=kvk, startdatum="01-03-2022", uren_per_week=12)
        for n in range(3)
    ]
    broken = [dict(r) for r in rows]
    broken[1]["geboortedatum"] = "31-02-1980"
    (tmp_path / "caseload.xlsx").write_bytes(xlsx(broken))
    (tmp_path / "caseload-verbeterd.xlsx").write_bytes(xlsx(rows))
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(
                locale="nl-NL", viewport={"width": 1280, "height": 900}
            ).new_page()
            _log_in(page, base, side.consultant.email)
            # From the menu: the group "Deelnemers" holds the import page.
            page.locator("summary.site-nav__summary", has_text="Deelnemers").click()
            page.locator(".site-nav__details").get_by_role("link", name="Importeren").click()
            expect(page.locator("h1")).to_have_text("Caseload importeren")
            _check(page, "home")
            page.set_input_files("#id_file", str(tmp_path / "caseload.xlsx"))
            page.get_by_role("button", name="Uploaden").click()
            expect(page.locator("h1")).to_contain_text("caseload.xlsx")
            _check(page, "mapping")
            page.get_by_role("button", name="Controleren").click()
            expect(page.locator("#import-errors-summary")).to_contain_text("1 fout")
            problems = page.locator("table.import-problems")
            expect(problems).to_contain_text("Deze datum bestaat niet.")
            expect(problems.locator("tr", has_text="Deze datum bestaat niet.")).to_contain_text(
                "D (Geboortedatum)"
            )
            expect(
                problems.locator("tr", has_text="Deze datum bestaat niet.").locator("td").first
            ).to_have_text("3")
            expect(page.get_by_role("button", name="Importeren")).to_have_count(0)
            _check(page, "dry-run-errors")

            page.get_by_role("link", name="Terug naar importeren").click()
            page.set_input_files("#id_file", str(tmp_path / "caseload-verbeterd.xlsx"))
            page.get_by_role("button", name="Uploaden").click()
            page.get_by_role("button", name="Controleren").click()
            expect(page.locator("main")).to_contain_text("Geen fouten gevonden")
            _check(page, "dry-run-clean")
            page.get_by_role("button", name="Importeren").click()
            expect(page.locator("main")).to_contain_text("De import is uitgevoerd: 3 nieuwe")
            _check(page, "committed")

            page.goto(f"{base}/dordrecht/deelnemers/")
            for n in range(3):
                expect(page.locator("main table")).to_contain_text(person(n)["achternaam"])
            _check(page, "participants")

            # A phone: the import page fits 390 px.
            # The same session: a TOTP code is accepted once.
            phone = browser.new_context(
                locale="nl-NL",
                viewport={"width": 390, "height": 844},
                storage_state=page.context.storage_state(),
            ).new_page()
            phone.goto(f"{base}/dordrecht/import/")
            width = phone.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, width
            assert_accessible(phone, "home on a phone")
        finally:
            browser.close()
