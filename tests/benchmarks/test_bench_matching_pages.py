"""Speed of the matching unit's pages with 10,000 participants in one municipality.

Runs only when asked: ``RUN_BENCHMARKS=1 pytest tests/benchmarks/test_bench_matching_pages.py -s``
(on PostgreSQL for figures that mean something). Each line printed is whole-request time
through the test client: middleware, tenancy, view, template.
"""

from __future__ import annotations

from matching.choices import IntakeOutcome
from matching.models import Referral
from tests.benchmarks import data
from tests.benchmarks.timing import measure
from tests.conftest import in_tenant, login, make_steps
from tests.factories import IntakeFactory, ServiceAreaFactory


def test_bench_matching_pages(client, dordrecht, zwijndrecht):
    for side in (dordrecht, zwijndrecht):
        make_steps(side.municipality)
    with in_tenant(zwijndrecht.municipality):
        ServiceAreaFactory(
            municipality=zwijndrecht.municipality, organisation=dordrecht.matching_unit
        )
    people = data.participants(dordrecht.municipality, 10_000, offset=200_000)
    data.referrals(dordrecht.municipality, people, dordrecht.matching_unit, dordrecht.consultant)
    companies = {
        side.municipality.slug: data.companies(side.municipality, 250, prefix="page")
        for side in (dordrecht, zwijndrecht)
    }
    data.placements(
        dordrecht.municipality, people[:2500], companies["dordrecht"], dordrecht.consultant
    )
    others = data.participants(zwijndrecht.municipality, 2500, offset=400_000)
    data.placements(
        zwijndrecht.municipality, others, companies["zwijndrecht"], dordrecht.consultant
    )
    with in_tenant(dordrecht.municipality):
        referral = Referral.objects.filter(participant=people[-1]).first()
        intake = IntakeFactory(
            municipality=dordrecht.municipality,
            referral=referral,
            consultant=dordrecht.consultant,
            outcome=IntakeOutcome.WAITING,
        )
    data.analyze()
    login(client, dordrecht.consultant)
    size = "Dordrecht: 10,000 participants and referrals, 2,500 placements; 500 companies"

    def get(url):
        def run():
            response = client.get(url)
            assert response.status_code == 200, url

        return run

    pages = [
        ("participant list page 1", "/dordrecht/deelnemers/"),
        ("participant list page 150", "/dordrecht/deelnemers/?pagina=150"),
        ("participant list name search", "/dordrecht/deelnemers/?q=anna+bakker"),
        ("work queues", "/dordrecht/aanmeldingen/"),
        ("occupancy panel (2 municipalities)", "/dordrecht/bezetting/"),
        ("matching search page", f"/dordrecht/aanmeldingen/{intake.referral_id}/zoeken/"),
        ("API participants page 1", "/api/v1/dordrecht/participants"),
        ("API participants page 100", "/api/v1/dordrecht/participants?page=100"),
        ("API referrals page 1", "/api/v1/dordrecht/referrals"),
        ("API placements page 1", "/api/v1/dordrecht/placements"),
    ]
    for label, url in pages:
        measure(f"page: {label}", get(url), data=size, runs=30)
