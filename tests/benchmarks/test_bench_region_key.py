"""Issue 12: the key preview for 11 municipalities, p95 < 150 ms: the service (one query for
the members, then the pure largest-remainder split) and the page that shows it (POST
"Voorbeeld berekenen": tenancy, form, preview, versions, chart, template).

    RUN_BENCHMARKS=1 pytest tests/benchmarks/test_bench_region_key.py -s   # on PostgreSQL
"""

from __future__ import annotations

from decimal import Decimal

from participatie.choices import Role
from subsidies.services.budgets import budget_key_commit, budget_key_preview, contribution_field
from tests.benchmarks.timing import measure
from tests.conftest import login
from tests.factories import MembershipFactory, MunicipalityFactory, OrganisationFactory, UserFactory
from tests.money.test_budget_key import DRECHTSTEDEN_CONTRIBUTIONS

YEAR = 2022
TOTAL = "1845000"
LIMIT_MS = 150
# The seven Drechtsteden members (seed 000) and four more of similar size.
EXTRA = {
    "Gorinchem": 1_250_000,
    "Molenlanden": 420_000,
    "Leerdam": 380_000,
    "Vijfheerenlanden": 610_000,
}


def test_bench_budget_key_preview(client, dordrecht, zwijndrecht):
    region = dordrecht.municipality.region
    members = {"Dordrecht": dordrecht.municipality, "Zwijndrecht": zwijndrecht.municipality}
    weights = {**DRECHTSTEDEN_CONTRIBUTIONS, **EXTRA}
    for n, name in enumerate(sorted(set(weights) - set(members))):
        members[name] = MunicipalityFactory(name=name, slug=f"bench-key-{n}", region=region)
    assert len(members) == 11
    contributions = {m.pk: str(weights[name]) for name, m in members.items()}
    body = OrganisationFactory(slug="bench-regio", regional_body=True, region=region)
    admin = UserFactory(email="bench-beheer@example.nl")
    MembershipFactory(user=admin, organisation=body, role=Role.REGIONAL_ADMIN)
    # Two earlier versions, so the page lists history too.
    for _ in range(2):
        budget_key_commit(
            region=region, year=YEAR, total=TOTAL, contributions=contributions, actor=admin
        )
    size = "11 municipalities, 2 committed versions"

    allocation = budget_key_preview(
        region=region, year=YEAR, total=TOTAL, contributions=contributions
    )
    assert sum(allocation.amounts.values()) == Decimal(TOTAL)
    service = measure(
        "budget key preview (service), 11 municipalities",
        lambda: budget_key_preview(
            region=region, year=YEAR, total=TOTAL, contributions=contributions
        ),
        data=size,
    )
    assert service.p95 < LIMIT_MS

    login(client, admin)
    form = {"year": str(YEAR), "total": TOTAL, "action": "preview"}
    form.update({contribution_field(pk): value for pk, value in contributions.items()})
    url = f"/regio/{region.slug}/budgetverdeling/?jaar={YEAR}"

    def preview_page():
        response = client.post(url, form)
        assert response.status_code == 200 and response.context["preview"] is not None

    page = measure("budget key preview (page POST), 11 municipalities", preview_page, data=size)
    assert page.p95 < LIMIT_MS
