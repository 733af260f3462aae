"""Browser test of the matching unit's flow (issue 3's acceptance): a consultant registers a
referral, completes the intake, finds a company with a free place, starts the placement and
advises step plus; an account holder decides it; the company's LWB user sees the participant
without BSN; an LWB user of another company gets 404 on it. axe-core finds no serious or
critical violation on any page visited.

Runs Debian's Chromium (never ``playwright install``). Each user logs in in a fresh browser
context with password and TOTP.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from participatie.models import Placement, StepDecision
from participatie.placements.choices import StepDecisionStatus
from tests.conftest import in_tenant, make_side, make_steps
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

BSN = "123456782"


@pytest.fixture
def dordrecht_world(transactional_db):
    region = RegionFactory(slug="drechtsteden", name="Drechtsteden")
    side = make_side("dordrecht", "Dordrecht", "GM0505", region)
    make_steps(side.municipality, range(2021, 2031))
    return side


def _log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    assert_accessible(page, f"login ({email})")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_selector("input[name=code]")
    page.fill("input[name=code]", fresh_totp_code())
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/dordrecht/$"))


def _check(page, what: str) -> None:
    page.screenshot(path=str(SCREENSHOT_DIR / f"flow-{what}.png"), full_page=True)
    assert_accessible(page, what)


def test_referral_to_decided_step_and_lwb_views(live_server, dordrecht_world):
    from playwright.sync_api import expect, sync_playwright

    side = dordrecht_world
    base = live_server.url
    emails = {
        "consultant": side.consultant.email,
        "account_holder": side.account_holder.email,
        "lwb_a": side.lwb_a_admin.email,
        "lwb_b": side.lwb_b_admin.email,
    }
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:

            def new_page():
                context = browser.new_context(
                    locale="nl-NL", viewport={"width": 1280, "height": 900}
                )
                return context.new_page()

            # -- the consultant ----------------------------------------------------------------
            page = new_page()
            _log_in(page, base, emails["consultant"])

            page.goto(f"{base}/dordrecht/aanmeldingen/nieuw/")
            _check(page, "referral-register")
            page.fill("#id_first_name", "Sanne")
            page.fill("#id_last_name", "Jansen")
            page.fill("#id_bsn", BSN)
            page.fill("#id_birth_date", "1985-04-12")
            page.fill("#id_postcode", "3311 AB")
            page.fill("#id_city", "Dordrecht")
            page.select_option("#id_source", "self")
            page.get_by_role("button", name="Registreren").click()
            expect(page.locator("h1")).to_have_text("Aanmelding Sanne Jansen")
            _check(page, "referral-detail")

            page.check("#id_informed")
            page.check("#id_motivated")
            page.check("#id_consent")
            page.fill("#id_intake_notes", "Wil graag buiten werken.")
            page.get_by_role("button", name="Intake opslaan").click()
            expect(page.locator("main")).to_contain_text("De intake is opgeslagen.")
            _check(page, "intake-saved")

            page.get_by_role("link", name="Passende plek zoeken").click()
            results = page.locator("main table")
            expect(results).to_contain_text("Kringloop Dordrecht")
            _check(page, "matching-search")
            results.locator("tr", has_text="Kringloop Dordrecht").get_by_role(
                "link", name=re.compile("Kiezen")
            ).click()
            _check(page, "place")
            page.fill("#id_hours_per_week", "12")
            page.get_by_role("button", name="Plaatsing starten").click()
            expect(page.locator("main")).to_contain_text("is geplaatst bij Kringloop Dordrecht")
            _check(page, "placed")

            page.goto(f"{base}/dordrecht/plaatsingen/")
            _check(page, "placement-list")
            page.locator("main table").get_by_role("link", name="Sanne Jansen").click()
            expect(page.locator("h1")).to_have_text("Plaatsing van Sanne Jansen")
            expect(page.locator("main")).to_contain_text(BSN)
            expect(page.locator("main")).to_contain_text("Wil graag buiten werken.")
            placement_url = page.url
            _check(page, "placement-detail-consultant")

            page.get_by_role("link", name="Trede adviseren").click()
            _check(page, "step-advise")
            # Without a justification: a Dutch error on the field, linked from the summary.
            page.locator("#id_step").select_option(label=f"Plus ({date.today().year})")
            page.get_by_role("button", name="Advies vastleggen").click()
            expect(page.locator("#id_justification_error")).to_contain_text("Onderbouw het advies.")
            _check(page, "step-advise-error")
            page.fill("#id_justification", "Heeft intensieve begeleiding nodig bij nieuwe taken.")
            page.get_by_role("button", name="Advies vastleggen").click()
            expect(page).to_have_url(placement_url)
            expect(page.locator("#treden")).to_be_visible()
            expect(page.locator("main")).to_contain_text("Geadviseerd")
            page.context.close()

            # -- the account holder -----------------------------------------------------------
            page = new_page()
            _log_in(page, base, emails["account_holder"])
            page.goto(f"{base}/dordrecht/besluiten/")
            _check(page, "decision-queue")
            page.locator("main table").get_by_role("link", name=re.compile("^Besluiten")).click()
            _check(page, "step-decide")
            page.select_option("#id_outcome", "goedkeuren")
            page.get_by_role("button", name="Besluit vastleggen").click()
            expect(page).to_have_url(placement_url)
            expect(page.locator("main")).to_contain_text("Het advies is goedgekeurd.")
            expect(page.locator("main")).not_to_contain_text(BSN)
            _check(page, "placement-detail-account-holder")
            page.context.close()

            # -- the company's LWB administrator --------------------------------------------
            page = new_page()
            _log_in(page, base, emails["lwb_a"])
            page.goto(f"{base}/dordrecht/plaatsingen/")
            _check(page, "placement-list-lwb")
            page.locator("main table").get_by_role("link", name="Sanne Jansen").click()
            expect(page).to_have_url(placement_url)
            main = page.locator("main")
            expect(main).to_contain_text("Sanne Jansen")
            expect(main).to_contain_text("Plus")
            expect(main).not_to_contain_text(BSN)
            expect(main).not_to_contain_text(BSN[-4:])
            expect(main).not_to_contain_text("BSN")
            expect(main).not_to_contain_text("Wil graag buiten werken.")
            _check(page, "placement-detail-lwb")
            page.context.close()

            # -- an LWB user of another company -------------------------------------------------
            page = new_page()
            _log_in(page, base, emails["lwb_b"])
            response = page.goto(placement_url)
            assert response is not None and response.status == 404
            expect(page.locator("main")).not_to_contain_text("Sanne Jansen")
            _check(page, "placement-detail-other-company")
            page.goto(f"{base}/dordrecht/plaatsingen/")
            expect(page.locator("main")).not_to_contain_text("Sanne Jansen")
            page.context.close()
        finally:
            browser.close()

    with in_tenant(side.municipality):
        placement = Placement.objects.select_related("participant").get(
            municipality=side.municipality
        )
        assert placement.participant.bsn == BSN
        decision = StepDecision.objects.select_related("step").get(
            municipality=side.municipality, placement=placement, is_initial=False
        )
        assert decision.step.code == "plus"
        assert decision.status == StepDecisionStatus.APPROVED
        assert decision.advised_by == side.consultant
        assert decision.decided_by == side.account_holder
