"""Browser test of the money chain (issue 13's acceptance): account holder A settles Q1 2022 by
button and sees the progress; the company confirms the statement from its home page; A is not
offered the approval; account holder B approves it and the payment instruction appears; B sends
an approved decision and its letter e-mail, with the PDF attached, is in the outbox. axe-core
finds no serious or critical violation on any page visited.

The quarter is settled "on 5 April 2022" (``timezone.localdate`` pinned, as in
``tests/subsidies_settle``). Runs Debian's Chromium (never ``playwright install``).
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone

from participatie.models import Enrolment
from subsidies.choices import DecisionStatus
from tests.conftest import in_tenant, make_side, make_steps
from tests.e2e.test_decision_flow import _log_in
from tests.e2e.test_login_home_switch_accessibility import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOT_DIR,
    assert_accessible,
)
from tests.factories import RegionFactory
from tests.factories_subsidies import SubsidyDecisionFactory
from tests.subsidies_settle.conftest import AFTER_Q1, place_example, set_up_year

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs Chromium at {CHROMIUM}"),
]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def dordrecht(transactional_db, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: AFTER_Q1)
    side = make_side("dordrecht", "Dordrecht", "GM0505", RegionFactory(slug="drechtsteden"))
    make_steps(side.municipality, range(2022, 2023))
    set_up_year(side)
    place_example(side)
    side.lwb_a.contact_email = "info@kringloop.example.nl"
    side.lwb_a.save(update_fields=["contact_email"])
    with in_tenant(side.municipality):
        decision = SubsidyDecisionFactory(
            municipality=side.municipality,
            enrolment=Enrolment.objects.get(organisation=side.lwb_a),
            year=2022,
            status=DecisionStatus.APPROVED,
            drafted_by=side.account_holder,
            approved_by=side.second_account_holder,
            approved_at=timezone.now(),
        )
        decision.letter.save("beschikking.pdf", ContentFile(PDF))
    side.decision = decision  # type: ignore[attr-defined]
    yield side
    _forget_approved_statements()


def _forget_approved_statements() -> None:
    """The database keeps approved statements for good; a transactional test must still
    leave an empty database. PostgreSQL's flush truncates (row triggers do not fire); SQLite's
    deletes, so there the triggers step aside for this one delete and come back."""
    if connection.vendor != "sqlite":
        return
    final = importlib.import_module("subsidies.migrations.0003_approved_statements_are_final")
    with connection.cursor() as cursor:
        for sql in final.SQLITE_REVERSE:
            cursor.execute(sql)
        cursor.execute("DELETE FROM subsidies_paymentinstruction")
        cursor.execute("DELETE FROM subsidies_statementline")
        cursor.execute("DELETE FROM subsidies_quarterstatement")
        for sql in final.SQLITE:
            cursor.execute(sql)


def _check(page, what: str) -> None:
    page.screenshot(path=str(SCREENSHOT_DIR / f"money-{what}.png"), full_page=True)
    assert_accessible(page, what)


def test_settle_confirm_four_eyes_approve_and_mail(live_server, dordrecht):
    from playwright.sync_api import expect, sync_playwright

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

            # -- account holder A settles Q1 2022 by button ---------------------------------
            page = new_page()
            _log_in(page, base, dordrecht.account_holder.email, "dordrecht")
            page.goto(f"{base}/dordrecht/subsidies/declaraties/")
            _check(page, "statement-list")
            page.fill("#id_afrekenen-year", "2022")
            page.select_option("#id_afrekenen-quarter", "1")
            page.get_by_role("button", name="Kwartaal afrekenen").click()
            expect(page.locator("#settlement-progress-bar")).to_have_attribute("value", "100")
            expect(page.locator("main")).to_contain_text("1 declaratie berekend.")
            _check(page, "run")
            page.get_by_role("link", name="Naar de declaraties van kwartaal 1 van 2022").click()
            page.get_by_role("link", name=re.compile("Kringloop Dordrecht")).first.click()
            statement_url = page.url
            expect(page.locator("main")).to_contain_text("Opgesteld door")

            # -- the company confirms from its home page ------------------------------------
            company = new_page()
            _log_in(company, base, dordrecht.lwb_a_admin.email, "dordrecht")
            expect(company.locator("main")).to_contain_text("Declaratie klaar om te bevestigen")
            _check(company, "company-home")
            company.get_by_role(
                "link", name=re.compile("Declaratie klaar om te bevestigen")
            ).click()
            company.get_by_role("button", name="Declaratie bevestigen").click()
            expect(company.locator("main")).to_contain_text("Bevestigd")

            # -- A prepared it, so A is not offered the approval ----------------------------
            page.goto(statement_url)
            expect(page.get_by_role("button", name="Declaratie goedkeuren")).to_have_count(0)
            _check(page, "statement-four-eyes")

            # -- account holder B approves; the payment instruction appears -----------------
            second = new_page()
            _log_in(second, base, dordrecht.second_account_holder.email, "dordrecht")
            second.goto(statement_url)
            second.get_by_role("button", name="Declaratie goedkeuren").click()
            expect(second.locator("#payment-instruction")).to_contain_text("Betaalopdracht van")
            _check(second, "statement-approved")

            # -- B sends the approved decision: its letter goes out by e-mail ---------------
            mail.outbox.clear()
            second.goto(f"{base}/dordrecht/subsidies/beschikkingen/{dordrecht.decision.pk}/")
            expect(second.locator("#send-by-email")).to_contain_text("info@kringloop.example.nl")
            second.get_by_role("button", name="Verzenden").click()
            expect(second.locator("main")).to_contain_text("Verzonden")
            _check(second, "decision-sent")
        finally:
            browser.close()

    letters = [m for m in mail.outbox if "info@kringloop.example.nl" in m.to]
    assert len(letters) == 1
    (name, content, mimetype), *_rest = letters[0].attachments
    assert mimetype == "application/pdf"
    assert content.startswith(b"%PDF")
    assert name.endswith(".pdf") and str(dordrecht.decision.pk) not in name
