"""Speed of the year settings page (issue 12): one year with 2 steps, its tariffs with a later
version, its budget, as the account holder sees it (every form rendered) and as the policy
officer reads it. Target: p95 < 150 ms.

Runs only when asked: ``RUN_BENCHMARKS=1 pytest tests/benchmarks/test_bench_years.py -s`` (on
PostgreSQL for figures that mean something). Each line printed is whole-request time through
the test client: middleware, tenancy, view, template.
"""

from __future__ import annotations

from datetime import date

from subsidies.services import years as svc
from tests.benchmarks.timing import measure
from tests.conftest import in_tenant, login
from tests.subsidies_years.conftest import YEAR, set_up_year
from tests.subsidies_years.test_services import approve_a_statement, tariff_of


def test_bench_year_page(client, dordrecht):
    set_up_year(dordrecht)
    url = f"/dordrecht/subsidies/jaren/{YEAR}/"
    size = "Dordrecht: a year with 2 steps, tariffs, budget"

    def get():
        response = client.get(url)
        assert response.status_code == 200

    login(client, dordrecht.account_holder)
    timing = measure("page: year settings (account holder, forms)", get, data=size, runs=50)
    assert timing.p95 < 150

    approve_a_statement(dordrecht)
    with in_tenant(dordrecht.municipality):
        svc.tariff_version_create(
            tariff=tariff_of(dordrecht),
            effective_from=date(YEAR, 7, 1),
            amounts={"basis": "2600", "plus": "3600"},
            actor=dordrecht.account_holder,
        )
    for user, who in (
        (dordrecht.account_holder, "locked, a second version, account holder"),
        (dordrecht.policy_officer, "locked, a second version, policy officer"),
    ):
        login(client, user)
        timing = measure(f"page: year settings ({who})", get, data=size + ", 2 versions", runs=50)
        assert timing.p95 < 150, who
