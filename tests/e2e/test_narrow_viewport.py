"""Browser test of issue 11's layout rule: at 390 px (a phone) no page of the URL walk is wider
than the viewport, for the account holder, the consultant and a company's administrator, and axe
finds no serious or critical violation on any of them. Wide tables and the attendance grid
scroll inside their own region instead of widening the page.

Every page is also photographed at 1366 px and 390 px into ``var/screenshots/`` (kept by CI as
artefacts, not committed), so the three flows (matching, attendance, decision) can be looked at.

Runs Debian's Chromium (never ``playwright install``).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from participatie.models import Enrolment, Step
from participatie.placements.choices import StepDecisionStatus
from tests.conftest import in_tenant, make_side, make_steps
from tests.e2e.test_login_home_switch_accessibility import (
    CHROMIUM,
    CHROMIUM_ARGS,
    assert_accessible,
    fresh_totp_code,
)
from tests.factories import (
    TEST_PASSWORD,
    AbsenceSignalFactory,
    AttendanceFactory,
    DevelopmentPlanFactory,
    IntakeFactory,
    MunicipalityFactory,
    ObjectionFactory,
    PlacementFactory,
    RegionFactory,
    ReportRunFactory,
    StepDecisionFactory,
)
from tests.factories_matching_unit import (
    MatchingUnitApplicationFactory,
    MatchingUnitCostFactory,
    MatchingUnitDecisionFactory,
)
from tests.factories_privacy import SubjectRequestFactory
from tests.factories_subsidies import (
    CrossMunicipalClaimFactory,
    DecisionLineFactory,
    DeterminationFactory,
    QuarterStatementFactory,
    SettlementRunFactory,
    StatementLineFactory,
    SubsidyDecisionFactory,
)
from tests.tenancy.urlwalk import tenant_routes

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs Chromium at {CHROMIUM}"),
]

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = ROOT / "var" / "screenshots"
NARROW = {"width": 390, "height": 844}
WIDE = {"width": 1366, "height": 900}
# Not pages: files, fragments polled by htmx, and POST-only endpoints.
NOT_A_PAGE = re.compile(r"(pdf|download|progress|cell|week-action)$")


@pytest.fixture
def demo_like(transactional_db):
    """Dordrecht with what the demo shows: placements with steps, an open advice and an
    objection, a week of attendance, a referral with intake, subsidy decisions, statements and a
    determination. Returns the side and the real id for each kind of URL parameter."""
    side = make_side("dordrecht", "Dordrecht", "GM0505", RegionFactory(slug="drechtsteden"))
    make_steps(side.municipality, range(2021, date.today().year + 2))
    m = side.municipality
    with in_tenant(m):
        enrolment = Enrolment.objects.get(organisation=side.lwb_a)
        enrolment.capacity = 12
        enrolment.save()
        placement = PlacementFactory(
            municipality=m, enrolment=enrolment, created_by=side.consultant
        )
        for n in range(3):
            PlacementFactory(municipality=m, enrolment=enrolment, created_by=side.consultant)
        initial = StepDecisionFactory(
            municipality=m,
            placement=placement,
            step__year=placement.start_date.year,
            is_initial=True,
            advised_by=side.consultant,
        )
        advice = StepDecisionFactory(
            municipality=m,
            placement=placement,
            step__year=date.today().year,
            step__code="plus",
            step__label="Plus",
            step__is_default=False,
            valid_from=date.today(),
            status=StepDecisionStatus.ADVISED,
            justification="Heeft intensieve begeleiding nodig bij nieuwe taken.",
            advised_by=side.consultant,
        )
        objection = ObjectionFactory(municipality=m, decision=initial, raised_by=side.lwb_a_admin)
        monday = date.today() - timedelta(days=date.today().weekday())
        for offset in range(3):
            AttendanceFactory(
                municipality=m,
                placement=placement,
                day=monday - timedelta(days=7 - offset),
                entered_by=side.lwb_a_supervisor,
            )
        DevelopmentPlanFactory(municipality=m, placement=placement, created_by=side.consultant)
        signal = AbsenceSignalFactory(municipality=m, placement=placement)
        intake = IntakeFactory(
            municipality=m,
            referral__matching_unit=side.matching_unit,
            referral__registered_by=side.consultant,
            consultant=side.consultant,
        )
        decision = SubsidyDecisionFactory(
            municipality=m, enrolment=enrolment, drafted_by=side.policy_officer
        )
        DecisionLineFactory(municipality=m, decision=decision, step=initial.step)
        statement = QuarterStatementFactory(municipality=m, enrolment=enrolment)
        StatementLineFactory(
            municipality=m, statement=statement, placement=placement, step=initial.step
        )
        determination = DeterminationFactory(municipality=m, enrolment=enrolment)
        run = ReportRunFactory(municipality=m)
        settlement_run = SettlementRunFactory(municipality=m, requested_by=side.account_holder)
        claim = CrossMunicipalClaimFactory(
            municipality=m, counterpart=MunicipalityFactory(region=m.region)
        )
        mu_decision = MatchingUnitDecisionFactory(
            municipality=m,
            application__matching_unit=side.matching_unit,
            application__submitted_by=side.consultant,
            drafted_by=side.account_holder,
        )
        mu_application = MatchingUnitApplicationFactory(
            municipality=m,
            matching_unit=side.matching_unit,
            submitted_by=side.consultant,
            year=2023,
        )
        mu_cost = MatchingUnitCostFactory(
            municipality=m, matching_unit=side.matching_unit, recorded_by=side.consultant
        )
        subject_request = SubjectRequestFactory(
            municipality=m, participant=placement.participant, recorded_by=side.account_holder
        )
        year_step = Step.objects.get(municipality=m, year=2022, code="basis")
    ids = {
        "participatie:enrolment-": enrolment.pk,
        "participatie:placements:placement-": placement.pk,
        "participatie:placements:step-advise": placement.pk,
        "participatie:placements:step-decide": advice.pk,
        "participatie:placements:objection-raise": initial.pk,
        "participatie:placements:objection-handle": objection.pk,
        "participatie:absence:": signal.pk,
        "participatie:development:": placement.pk,
        "participatie:attendance:": enrolment.pk,
        "matching:": intake.referral_id,
        "subsidies:decision-": decision.pk,
        "subsidies:statement-": statement.pk,
        "subsidies:determination-": determination.pk,
        "subsidies:settlement-run": settlement_run.pk,
        "subsidies:claim-": claim.pk,
        "subsidies:mu-decision-": mu_decision.pk,
        "subsidies:mu-decision-draft": mu_application.pk,
        "subsidies:mu-cost-": mu_cost.pk,
        "participatie:privacy:request-": subject_request.pk,
        # The year pages' step URLs carry the year 2022 (tests.tenancy.urlwalk.NON_ID_INTS).
        "subsidies:year-step-": year_step.pk,
    }
    return side, ids, run.reference, enrolment.pk


def _urls(ids: dict[str, int], reference, enrolment_pk: int) -> list[tuple[str, str]]:
    urls = []
    for route in tenant_routes():
        if route.is_api or route.tenant_kind != "municipality" or NOT_A_PAGE.search(route.name):
            continue
        url = route.url("dordrecht")
        if route.has_object_id:
            key = max((k for k in ids if route.name.startswith(k)), key=len, default=None)
            assert key is not None, f"no real object id known for {route.name}"
            url = route.url("dordrecht", ids[key])
            url = url.replace(f"plaatsen/{ids[key]}/", f"plaatsen/{enrolment_pk}/")
        url = url.replace("00000000-0000-0000-0000-000000000000", str(reference))
        urls.append((route.name, url))
    return urls


def _log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_selector("input[name=code]")
    page.fill("input[name=code]", fresh_totp_code())
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/dordrecht/$"))


def _shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"), full_page=True)


def test_no_page_is_wider_than_a_phone_for_three_roles(live_server, demo_like):
    from playwright.sync_api import Error, sync_playwright

    side, ids, reference, enrolment_pk = demo_like
    urls = _urls(ids, reference, enrolment_pk)
    roles = {
        "accounthouder": side.account_holder.email,
        "consulent": side.consultant.email,
        "lwb-beheer": side.lwb_a_admin.email,
    }
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    too_wide: list[str] = []
    inaccessible: list[str] = []
    visited: dict[str, int] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            # The entrance pages, before anyone is logged in.
            page = browser.new_context(locale="nl-NL", viewport=NARROW).new_page()
            page.goto(f"{live_server.url}/accounts/login/")
            for size, viewport in (("390", NARROW), ("1366", WIDE)):
                page.set_viewport_size(viewport)
                _shot(page, f"login-{size}")
            page.context.close()

            for role, email in roles.items():
                context = browser.new_context(locale="nl-NL", viewport=NARROW)
                page = context.new_page()
                _log_in(page, live_server.url, email)
                visited[role] = 0
                for name, url in urls:
                    page.set_viewport_size(NARROW)
                    try:
                        response = page.goto(live_server.url + url)
                    except Error:  # an empty 405 of a POST-only address: not a page
                        continue
                    assert response is not None
                    if response.status in {403, 404, 405} or page.url != live_server.url + url:
                        continue  # refused, or a POST-only address that sends GET elsewhere
                    assert response.status == 200, f"{role} {url}: {response.status}"
                    if "text/html" not in response.headers.get("content-type", ""):
                        continue
                    visited[role] += 1
                    width = page.evaluate("document.documentElement.scrollWidth")
                    if width > NARROW["width"]:
                        too_wide.append(f"{role} {url} ({name}): {width} px")
                    try:
                        assert_accessible(page, f"{role} {url} at 390 px")
                    except AssertionError as refused:
                        inaccessible.append(str(refused).splitlines()[1].strip())
                        inaccessible[-1] = f"{role} {url}: {inaccessible[-1]}"
                    slug = name.split(":")[-1]
                    _shot(page, f"{role}-{slug}-390")
                    page.set_viewport_size(WIDE)
                    _shot(page, f"{role}-{slug}-1366")
                context.close()
        finally:
            browser.close()

    assert not too_wide, "wider than 390 px:\n" + "\n".join(too_wide)
    assert not inaccessible, "axe at 390 px:\n" + "\n".join(inaccessible)
    # The walk really reached pages with rows for every role, not only refusals.
    assert all(count >= 5 for count in visited.values()), visited
