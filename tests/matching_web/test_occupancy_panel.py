"""The live occupancy panel: per served municipality, per company, with totals."""

from __future__ import annotations

from participatie.models import Enrolment
from tests.conftest import in_tenant, login
from tests.factories import EnrolmentFactory, OrganisationFactory, PlacementFactory
from tests.matching_web.conftest import enrolment_of, queries_of

URL = "bezetting/"


def test_a_consultant_sees_every_municipality_the_unit_serves(client, mu_serves_both):
    dordrecht, _zwijndrecht = mu_serves_both
    with in_tenant(dordrecht.municipality):
        Enrolment.objects.filter(organisation=dordrecht.lwb_a).update(max_places=4)
        PlacementFactory(municipality=dordrecht.municipality, enrolment=enrolment_of(dordrecht))
    login(client, dordrecht.consultant)
    page = client.get(f"/zwijndrecht/{URL}").content.decode()
    assert "Kringloop Dordrecht" in page and "Kringloop Zwijndrecht" in page
    # The page's own municipality first.
    assert page.index('id="occ-zwijndrecht"') < page.index('id="occ-dordrecht"')
    assert "1 van 4 bezet" in page
    # Totals: Dordrecht 4 + 10 places, 1 taken; both municipalities 34 places.
    assert "1 van 14 bezet" in page
    assert "<dd>34</dd>" in page and "<dd>33</dd>" in page


def test_a_unit_serving_one_municipality_sees_only_that_one(client, dordrecht, zwijndrecht):
    login(client, dordrecht.consultant)
    page = client.get(f"/dordrecht/{URL}").content.decode()
    assert "Kringloop Dordrecht" in page and "Zwijndrecht" not in page


def test_an_account_holder_sees_only_the_own_municipality(client, mu_serves_both):
    dordrecht, _zwijndrecht = mu_serves_both
    login(client, dordrecht.account_holder)
    response = client.get(f"/dordrecht/{URL}")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Kringloop Dordrecht" in page and "Kringloop Zwijndrecht" not in page


def test_a_full_company_says_so_in_words(client, dordrecht, steps):
    with in_tenant(dordrecht.municipality):
        Enrolment.objects.filter(organisation=dordrecht.lwb_a).update(max_places=1)
        PlacementFactory(municipality=dordrecht.municipality, enrolment=enrolment_of(dordrecht))
    login(client, dordrecht.consultant)
    page = client.get(f"/dordrecht/{URL}").content.decode()
    assert "1 van 1 bezet — <strong>vol</strong>" in page


def test_the_panel_costs_the_same_for_2_or_32_companies(client, mu_serves_both):
    dordrecht, zwijndrecht = mu_serves_both
    login(client, dordrecht.consultant)
    status, few = queries_of(client, f"/dordrecht/{URL}")
    assert status == 200
    for side in (dordrecht, zwijndrecht):
        with in_tenant(side.municipality):
            for n in range(15):
                enrolment = EnrolmentFactory(
                    municipality=side.municipality,
                    organisation=OrganisationFactory(
                        slug=f"x-{side.municipality.slug}-{n}", name=f"X {n}"
                    ),
                )
                PlacementFactory(municipality=side.municipality, enrolment=enrolment)
    status, many = queries_of(client, f"/dordrecht/{URL}")
    assert status == 200 and many == few
