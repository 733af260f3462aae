"""Browser test of the decision flow (issue 5's acceptance): account holder A drafts a decision
and proposes it, A cannot approve it (the error is shown), account holder B approves it, the PDF
downloads and its text (pdftotext) holds the company name and the amount; the company's LWB
administrator sees the decision; the LWB administrator of a company in another municipality
gets 404 on it. axe-core finds no serious or critical violation on any page visited.

Runs Debian's Chromium (never ``playwright install``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import make_side, make_steps
from tests.e2e.test_login_home_switch_accessibility import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOT_DIR,
    assert_accessible,
    fresh_totp_code,
)
from tests.factories import TEST_PASSWORD, RegionFactory
from tests.subsidies_decisions.helpers import YEAR, pdf_text, setup_money

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs Chromium at {CHROMIUM}"),
]


@pytest.fixture
def sides(transactional_db):
    region = RegionFactory(slug="drechtsteden", name="Drechtsteden")
    dordrecht = make_side("dordrecht", "Dordrecht", "GM0505", region)
    make_steps(dordrecht.municipality, range(YEAR, YEAR + 1))
    setup_money(dordrecht, steps=False)
    meierijstad = make_side("meierijstad", "Meierijstad", "GM1948", RegionFactory(slug="ibn"))
    return dordrecht, meierijstad


def _log_in(page, base: str, email: str, slug: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_selector("input[name=code]")
    page.fill("input[name=code]", fresh_totp_code())
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_url(re.compile(rf".*/{slug}/$"))


def _check(page, what: str) -> None:
    page.screenshot(path=str(SCREENSHOT_DIR / f"decision-{what}.png"), full_page=True)
    assert_accessible(page, what)


def test_decision_four_eyes_pdf_and_who_sees_it(live_server, sides, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    dordrecht, meierijstad = sides
    base = live_server.url
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:

            def new_page():
                context = browser.new_context(
                    locale="nl-NL", viewport={"width": 1280, "height": 900}, accept_downloads=True
                )
                return context.new_page()

            # -- account holder A drafts and proposes ---------------------------------------
            page = new_page()
            _log_in(page, base, dordrecht.account_holder.email, "dordrecht")
            page.goto(f"{base}/dordrecht/subsidies/beschikkingen/")
            _check(page, "list-empty")
            page.get_by_role("link", name="Beschikking opstellen").click()
            page.fill("#id_jaar", str(YEAR))
            page.get_by_role("button", name="Jaar kiezen").click()
            _check(page, "draft-form")
            page.select_option("#id_enrolment", label="Kringloop Dordrecht")
            page.fill("#id_places_basis", "-2")
            page.get_by_role("button", name="Concept opstellen").click()
            expect(page.locator("main")).to_contain_text(
                "Het aantal plekken kan niet negatief zijn."
            )
            _check(page, "draft-error")
            page.fill("#id_places_basis", "4")
            page.fill("#id_places_plus", "2")
            page.get_by_role("button", name="Concept opstellen").click()
            expect(page.locator("main")).to_contain_text("De conceptbeschikking is opgesteld.")
            expect(page.locator("main")).to_contain_text("€ 17.300,00")
            _check(page, "draft-detail")
            detail_url = page.url
            decision_pk = re.search(r"/beschikkingen/(\d+)/", detail_url).group(1)
            page.get_by_role("button", name="Ter goedkeuring voorleggen").click()
            expect(page.locator("main")).to_contain_text("ter goedkeuring voorgelegd")
            # A drafted it: A is not offered the approval and is told why
            expect(page.get_by_role("button", name="Goedkeuren")).to_have_count(0)
            expect(page.locator("main")).to_contain_text(
                "Een andere accounthouder keurt deze beschikking goed"
            )
            expect(page.locator("main")).to_contain_text("Ter goedkeuring")
            _check(page, "four-eyes-note")

            # -- account holder B approves; the PDF downloads -------------------------------
            page = new_page()
            _log_in(page, base, dordrecht.second_account_holder.email, "dordrecht")
            page.goto(detail_url)
            page.get_by_role("button", name="Goedkeuren").click()
            expect(page.locator("main")).to_contain_text("De beschikking is goedgekeurd.")
            _check(page, "approved-detail")
            with page.expect_download() as download_info:
                page.get_by_role("link", name="Beschikking downloaden (PDF)").click()
            target = tmp_path / "beschikking.pdf"
            download_info.value.save_as(target)
            text = pdf_text(target.read_bytes())
            assert "Kringloop Dordrecht" in text
            assert "€ 17.300,00" in text
            assert "Bezwaar: binnen zes weken na de dagtekening" in text

            # -- the company's LWB administrator sees it -----------------------------------
            page = new_page()
            _log_in(page, base, dordrecht.lwb_a_admin.email, "dordrecht")
            page.goto(f"{base}/dordrecht/subsidies/beschikkingen/")
            expect(page.locator("main")).to_contain_text(f"Kringloop Dordrecht ({decision_pk})")
            _check(page, "lwb-list")
            page.get_by_role("link", name=f"Kringloop Dordrecht ({decision_pk})").click()
            expect(page.locator("main")).to_contain_text("€ 17.300,00")
            expect(page.get_by_role("link", name="Beschikking downloaden (PDF)")).to_be_visible()
            _check(page, "lwb-detail")

            # -- a company of another municipality does not --------------------------------
            page = new_page()
            _log_in(page, base, meierijstad.lwb_a_admin.email, "meierijstad")
            response = page.goto(f"{base}/meierijstad/subsidies/beschikkingen/{decision_pk}/")
            assert response.status == 404
            _check(page, "other-municipality-404")
            response = page.goto(f"{base}/meierijstad/subsidies/beschikkingen/{decision_pk}/pdf")
            assert response.status == 404
            page.goto(f"{base}/meierijstad/subsidies/beschikkingen/")
            expect(page.locator("main")).not_to_contain_text("Kringloop Dordrecht")
            expect(page.locator("main")).to_contain_text("Er zijn geen beschikkingen om te tonen.")
        finally:
            browser.close()
