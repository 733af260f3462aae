"""Browser test of issue 6's acceptance: an account holder requests a budget report, sees the
progress bar move (htmx polls it while a real Celery worker builds the report), downloads the
PDF, and the PDF's text (pdftotext) holds the municipality's budget in Dutch notation. A future
year is refused with a Dutch message first. axe-core finds no serious or critical violation on
any page visited.

The worker runs in a thread (``celery.contrib.testing.worker``) on the configured broker: the
in-memory one, or Redis when REDIS_URL is set. The budget build is fast, so each of its
progress steps is held a moment, long enough for the once-a-second poll to see it.

Runs Debian's Chromium (never ``playwright install``).
"""

from __future__ import annotations

import dataclasses
import re
import time
from datetime import date
from pathlib import Path

import pytest

from config.celery import app as celery_app
from participatie.reports import registry
from subsidies.reports import BUDGET
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

BUDGET_FIGURE = "82848"
STEP_PAUSE = 1.5  # seconds each progress step of the build is held


@pytest.fixture
def dordrecht(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    side = make_side("dordrecht", "Dordrecht", "GM0505", RegionFactory(slug="drechtsteden"))
    make_steps(side.municipality, range(YEAR, YEAR + 1))
    setup_money(side, steps=False, allocated=BUDGET_FIGURE, mu_cost="15629")
    return side


@pytest.fixture
def slow_budget(monkeypatch):
    """The real budget kind, each progress step held ``STEP_PAUSE`` seconds."""

    def build(ctx):
        report_progress = ctx.progress

        def progress(fraction, label=""):
            report_progress(fraction, label)
            time.sleep(STEP_PAUSE)

        ctx.progress = progress
        return BUDGET.build(ctx)

    monkeypatch.setitem(registry._kinds, "budget", dataclasses.replace(BUDGET, build=build))


@pytest.fixture
def worker(slow_budget):
    from celery.contrib.testing.worker import start_worker

    celery_app.conf.update(task_always_eager=False)
    try:
        with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
            yield
    finally:
        celery_app.conf.update(task_always_eager=True)


def _log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_selector("input[name=code]")
    page.fill("input[name=code]", fresh_totp_code())
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/dordrecht/$"))


def _check(page, what: str) -> None:
    page.screenshot(path=str(SCREENSHOT_DIR / f"report-{what}.png"), full_page=True)
    assert_accessible(page, what)


def _watch_progress(page, timeout: float = 60) -> tuple[list[int], list[str]]:
    """The bar's values and the live status sentences, read every 100 ms until the run page
    offers its PDF."""
    values: list[int] = []
    sentences: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value, sentence = page.evaluate(
            "() => { const bar = document.getElementById('report-progress-bar');"
            " return [bar ? Number(bar.getAttribute('value')) : null,"
            " document.getElementById('report-status').textContent.trim()]; }"
        )
        if value is not None and (not values or values[-1] != value):
            values.append(value)
        if not sentences or sentences[-1] != sentence:
            sentences.append(sentence)
        if page.get_by_role("link", name="PDF").count():
            return values, sentences
        page.wait_for_timeout(100)
    raise AssertionError(f"the report was not done within {timeout} s; bar values: {values}")


def test_account_holder_requests_a_budget_report_and_downloads_the_pdf(
    live_server, dordrecht, worker, tmp_path
):
    from playwright.sync_api import expect, sync_playwright

    base = live_server.url
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                locale="nl-NL", viewport={"width": 1280, "height": 900}, accept_downloads=True
            )
            page = context.new_page()
            _log_in(page, base, dordrecht.account_holder.email)

            # The menu leads to the reports; nothing has been made yet.
            page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
                "link", name="Rapportages"
            ).click()
            expect(page.locator("h1")).to_have_text("Rapportages")
            expect(page.locator("main")).to_contain_text("Er zijn nog geen rapportages gemaakt.")
            _check(page, "list-empty")

            # The budget report's form, filled in with the keyboard; a future year is refused.
            page.get_by_role("link", name="Budgetrapportage").click()
            expect(page.locator("h1")).to_have_text("Budgetrapportage aanvragen")
            _check(page, "request-form")
            next_year = date.today().year + 1
            page.get_by_label("Jaar").fill(str(next_year))
            page.get_by_label("Jaar").press("Enter")
            expect(page.locator("#form-errors")).to_contain_text(
                f"{next_year} ligt in de toekomst."
            )
            expect(page.get_by_label("Jaar")).to_have_attribute("aria-invalid", "true")
            _check(page, "request-error")
            page.get_by_label("Jaar").fill(str(YEAR))
            page.get_by_label("Jaar").press("Enter")

            # The run page: the bar moves while the worker builds, then the files appear.
            page.wait_for_url(re.compile(r".*/dordrecht/rapportages/[0-9a-f-]{36}/$"))
            expect(page.locator("h1")).to_have_text("Budgetrapportage")
            expect(page.locator("#report-progress-bar")).to_have_attribute("max", "100")
            _check(page, "run-in-progress")
            values, sentences = _watch_progress(page)
            assert any(0 < value < 100 for value in values), values
            assert values == sorted(values), values
            # The live region told each stage: "Bezig: Tabellen en grafiek (56%)".
            assert any(sentence.startswith("Bezig: ") for sentence in sentences), sentences
            expect(page.locator("#report-status")).to_have_text(
                "De rapportage is klaar. U kunt de bestanden downloaden."
            )
            expect(page.locator("#report-progress-bar")).to_have_attribute("value", "100")
            expect(page.locator("#report-progress[hx-trigger]")).to_have_count(0)  # no polling
            _check(page, "run-done")

            with page.expect_download() as download_info:
                page.get_by_role("link", name="PDF").click()
            download = download_info.value
            assert download.suggested_filename == f"budgetrapportage-{YEAR}.pdf"
            target = tmp_path / "budget.pdf"
            download.save_as(target)
            text = pdf_text(target.read_bytes())
            assert "82.848" in text, text
            assert "Dordrecht" in text

            # The list shows the finished run with its files.
            page.get_by_role("link", name="Terug naar rapportages").click()
            expect(page.locator("main table")).to_contain_text("Klaar")
            expect(page.locator("main table")).to_contain_text(f"Jaar {YEAR}")
            _check(page, "list-done")
        finally:
            browser.close()
