"""The "Kwartaal afrekenen" button on the statement list, the run page with its progress bar,
the list of runs; who sees what (another municipality, a company, anonymous get nothing); the
approve button hidden for the one who prepared the statement; Dutch sums on the list."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from subsidies.choices import SettlementRunStatus, StatementStatus
from subsidies.models import SettlementRun
from subsidies.services.statements import statement_confirm
from tests.conftest import in_tenant, login
from tests.factories_subsidies import QuarterStatementFactory
from tests.subsidies_settle.conftest import start, statements_of

LIST = "/dordrecht/subsidies/declaraties/"
SETTLE = "/dordrecht/subsidies/declaraties/afrekenen/"
RUNS = "/dordrecht/subsidies/afrekeningen/"
NBSP = "\u00a0"


def run_url(run, slug="dordrecht"):
    return f"/{slug}/subsidies/afrekeningen/{run.pk}/"


def settle(client, year="2022", quarter="1"):
    return client.post(SETTLE, {"afrekenen-year": year, "afrekenen-quarter": quarter})


def test_the_form_offers_the_last_ended_quarter_and_leads_to_a_run_with_progress(
    client, configured, django_capture_on_commit_callbacks
):
    login(client, configured.account_holder)
    page = client.get(LIST).content.decode()
    assert "Kwartaal afrekenen" in page
    # 5 April 2022: the last quarter that ended is Q1 2022.
    assert re.search(r'name="afrekenen-year"[^>]*value="2022"', page)
    assert re.search(r'<option value="1" selected>', page)
    with django_capture_on_commit_callbacks(execute=False):
        response = settle(client)
    with in_tenant(configured.municipality):
        run = SettlementRun.objects.get()
    assert response.status_code == 302 and response["Location"] == run_url(run)
    # Queued: the page polls its fragment, with a progress bar and a live region.
    page = client.get(run_url(run)).content.decode()
    assert 'role="status"' in page and 'aria-live="polite"' in page
    assert '<progress id="settlement-progress-bar"' in page and 'value="0"' in page
    assert f'hx-get="{run_url(run)}voortgang/' in page
    fragment = client.get(f"{run_url(run)}voortgang/").content.decode()
    assert 'hx-trigger="every 1s"' in fragment and "In de wachtrij (0%)" in fragment

    from subsidies.services.settlement_runs import settlement_run_execute

    with in_tenant(configured.municipality):
        assert settlement_run_execute(municipality_id=run.municipality_id, run_id=run.pk) == "done"
    fragment = client.get(f"{run_url(run)}voortgang/?gemeld=x").content.decode()
    assert "hx-get" not in fragment and 'value="100"' in fragment
    assert "1 declaratie berekend." in fragment
    assert f'href="{LIST}?jaar=2022&amp;kwartaal=1"' in fragment
    assert "Het afrekenen is klaar." in fragment  # announced once in the live region
    # The statement list shows the run, and links to all runs.
    page = client.get(LIST + "?jaar=2022").content.decode()
    assert run_url(run) in page and RUNS in page and "Klaar" in page


def test_a_future_quarter_or_an_unset_year_is_refused_on_the_field_keeping_the_input(
    client, configured
):
    login(client, configured.account_holder)
    response = settle(client, quarter="3")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Kwartaal 3 van 2022 is nog niet voorbij." in page
    assert 'id="id_quarter_error"' in page and re.search(r'<option value="3" selected>', page)
    response = settle(client, year="2021", quarter="4")
    page = response.content.decode()
    assert response.status_code == 400 and re.search(
        r'name="afrekenen-year"[^>]*value="2021"', page
    )
    assert "Het jaar 2021 is nog niet ingericht." in page and "de tarieven van 2021" in page
    assert 'id="id_year_error"' in page and 'aria-invalid="true"' in page
    assert settle(client, year="", quarter="1").status_code == 400
    assert "Dit veld is verplicht." in settle(client, year="", quarter="1").content.decode()
    with in_tenant(configured.municipality):
        assert not SettlementRun.objects.exists()


@pytest.fixture
def run(configured, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        started = start(configured)
    return started.run


def test_another_municipality_a_company_and_anonymous_get_nothing(
    client, configured, zwijndrecht, run
):
    pages = [run_url(run), f"{run_url(run)}voortgang/", RUNS]
    # Anonymous: to the login page, for every page and for the button.
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "/accounts/login/" in settle(client)["Location"]
    # Another municipality's account holder: no access to Dordrecht, and the run is not in
    # their own municipality.
    login(client, zwijndrecht.account_holder)
    for url in pages:
        assert client.get(url).status_code == 403
    assert settle(client).status_code == 403
    assert client.get(run_url(run, "zwijndrecht")).status_code == 404
    assert client.get(f"{run_url(run, 'zwijndrecht')}voortgang/").status_code == 404
    assert "K1 2022" not in client.get("/zwijndrecht/subsidies/afrekeningen/").content.decode()
    # A company: no runs, no button.
    login(client, configured.lwb_a_admin)
    for url in pages:
        assert client.get(url).status_code == 403
    assert settle(client).status_code == 403
    page = client.get(LIST + "?jaar=2022").content.decode()
    assert "Kwartaal afrekenen" not in page and RUNS not in page
    with in_tenant(configured.municipality):
        assert SettlementRun.objects.count() == 1


def test_a_policy_officer_sees_runs_but_does_not_settle(client, configured, run):
    login(client, configured.policy_officer)
    assert client.get(run_url(run)).status_code == 200
    page = client.get(LIST).content.decode()
    assert "Kwartaal afrekenen" not in page and run_url(run) in page
    assert settle(client).status_code == 403
    assert "Opnieuw afrekenen" not in client.get(run_url(run)).content.decode()


def test_the_button_only_takes_post(client, configured):
    login(client, configured.account_holder)
    assert client.get(SETTLE).status_code == 405


def test_the_approve_button_is_hidden_for_the_preparer(client, configured, run):
    (statement,) = statements_of(configured)
    with in_tenant(configured.municipality):
        statement_confirm(statement=statement, actor=configured.lwb_a_admin)
    url = f"/dordrecht/subsidies/declaraties/{statement.pk}/"
    login(client, configured.account_holder)
    page = client.get(url).content.decode()
    assert f"Opgesteld door {configured.account_holder} op" in page
    assert "Declaratie goedkeuren" not in page
    assert "U heeft deze declaratie opgesteld. Een andere accounthouder" in page
    # Posting anyway is refused by the service.
    response = client.post(f"{url}goedkeuren/", follow=True)
    assert "zelf opgesteld" in response.content.decode()
    assert statements_of(configured)[0].status == StatementStatus.CONFIRMED
    login(client, configured.second_account_holder)
    page = client.get(url).content.decode()
    assert "Declaratie goedkeuren" in page and "U heeft deze declaratie opgesteld" not in page
    client.post(f"{url}goedkeuren/")
    assert statements_of(configured)[0].status == StatementStatus.APPROVED


def test_a_draft_tells_the_account_holder_the_company_confirms_first(client, configured, run):
    (statement,) = statements_of(configured)
    login(client, configured.second_account_holder)
    page = client.get(f"/dordrecht/subsidies/declaraties/{statement.pk}/").content.decode()
    assert "Het leerwerkbedrijf heeft deze declaratie nog niet bevestigd." in page
    assert "Declaratie goedkeuren" not in page


def test_a_statement_of_the_schedule_says_automatisch_berekend(client, configured):
    from subsidies.services.settlement import quarter_settle

    with in_tenant(configured.municipality):
        (statement,) = quarter_settle(municipality=configured.municipality, year=2022, quarter=1)
    login(client, configured.lwb_a_admin)
    page = client.get(f"/dordrecht/subsidies/declaraties/{statement.pk}/").content.decode()
    assert "Automatisch berekend op" in page


def test_the_statement_list_counts_in_dutch_with_the_right_plural(client, dordrecht):
    with in_tenant(dordrecht.municipality):
        QuarterStatementFactory(
            municipality=dordrecht.municipality,
            enrolment=dordrecht.lwb_a.enrolments.get(),
            lines_total=Decimal("923.28"),
            base_fee=Decimal("75.00"),
            total=Decimal("998.28"),
        )
    login(client, dordrecht.account_holder)
    page = client.get(LIST + "?jaar=2022").content.decode()
    assert f"1 declaratie, samen €{NBSP}998,28." in page
    assert "998,2800" not in page
    with in_tenant(dordrecht.municipality):
        QuarterStatementFactory(
            municipality=dordrecht.municipality,
            enrolment=dordrecht.lwb_b.enrolments.get(),
            lines_total=Decimal("1000.00"),
            base_fee=Decimal("75.00"),
            total=Decimal("1075.00"),
        )
    page = client.get(LIST + "?jaar=2022").content.decode()
    assert f"2 declaraties, samen €{NBSP}2.073,28." in page


def _runs(side, count, offset=0):
    with in_tenant(side.municipality):
        SettlementRun.objects.bulk_create(
            SettlementRun(
                municipality=side.municipality,
                year=2000 + n // 4,
                quarter=n % 4 + 1,
                status=SettlementRunStatus.DONE,
                statement_count=n,
                requested_by=side.account_holder if n % 2 else None,
                scheduled=not n % 2,
            )
            for n in range(offset, offset + count)
        )


@pytest.mark.parametrize("url", [RUNS, LIST])
def test_the_run_lists_take_the_same_queries_for_one_run_or_many(client, dordrecht, url):
    login(client, dordrecht.account_holder)
    _runs(dordrecht, 1)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    _runs(dordrecht, 30, offset=1)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert len(many) == len(one)
    assert "Automatisch (volgens planning)" in page
