"""Browser test of issue 4's weekly grid: an LWB supervisor logs in, fills a week with the
keyboard only (arrow keys and status letters, saved cell by cell), reloads and sees it; opening
another company's placement gives 404. axe-core checks every page visited."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from participatie.models import Attendance, Enrolment
from tests.conftest import in_tenant, make_side
from tests.e2e.test_login_home_switch_accessibility import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOT_DIR,
    assert_accessible,
    fresh_totp_code,
)
from tests.factories import TEST_PASSWORD, PlacementFactory, RegionFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs Chromium at {CHROMIUM}"),
]

WEEK = "2022-W10"  # Monday 7 March 2022 .. Sunday 13 March 2022


@pytest.fixture
def company_world(transactional_db):
    side = make_side("dordrecht", "Dordrecht", "GM0505", RegionFactory(slug="drechtsteden"))
    with in_tenant(side.municipality):
        own = Enrolment.objects.get(organisation=side.lwb_a)
        other = Enrolment.objects.get(organisation=side.lwb_b)
        mine = PlacementFactory(
            municipality=side.municipality,
            enrolment=own,
            start_date=date(2022, 2, 15),
            hours_per_week=Decimal(12),
        )
        theirs = PlacementFactory(
            municipality=side.municipality,
            enrolment=other,
            start_date=date(2022, 2, 15),
            hours_per_week=Decimal(8),
        )
    return side, mine, theirs


def test_supervisor_fills_a_week_with_the_keyboard(live_server, company_world):
    from playwright.sync_api import expect, sync_playwright

    side, mine, theirs = company_world
    base = live_server.url
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(
                locale="nl-NL", viewport={"width": 1280, "height": 900}
            ).new_page()
            page.goto(f"{base}/accounts/login/")
            page.fill("input[name=login]", side.lwb_a_supervisor.email)
            page.fill("input[name=password]", TEST_PASSWORD)
            page.keyboard.press("Enter")
            page.wait_for_selector("input[name=code]")
            page.fill("input[name=code]", fresh_totp_code())
            page.keyboard.press("Enter")
            page.wait_for_url(re.compile(r".*/dordrecht/$"))
            assert_accessible(page, "company home")

            page.goto(f"{base}/dordrecht/aanwezigheid/?week={WEEK}")
            assert_accessible(page, "attendance grid")
            first = page.locator(".attendance-grid select").first
            first.focus()
            # Monday present, Tuesday sick, Wednesday present, Thursday excused, Friday present.
            saved = page.locator(".cell-state--saved")
            for position, letter in enumerate("azaba"):
                if position:
                    page.keyboard.press("ArrowRight")
                page.keyboard.press(letter)
                # Each cell saves itself; wait for it as a person would see it confirmed.
                expect(saved).to_have_count(position + 1, timeout=15_000)
            page.screenshot(path=str(SCREENSHOT_DIR / "attendance-grid.png"), full_page=True)

            page.reload()
            values = page.locator(".attendance-grid select").evaluate_all(
                "els => els.map(e => e.value)"
            )
            assert values[:5] == ["present", "sick", "present", "excused", "present"]
            assert_accessible(page, "attendance grid after reload")

            response = page.goto(f"{base}/dordrecht/aanwezigheid/cel/{theirs.pk}/?day=2022-03-07")
            assert response.status == 404
            assert_accessible(page, "404")
        finally:
            browser.close()
    with in_tenant(side.municipality):
        assert Attendance.objects.filter(placement=mine).count() == 5
        assert not Attendance.objects.filter(placement=theirs).exists()
