"""The matching unit's work queue counts on the municipality home page (registered by the
matching app; participatie does not import it)."""

from __future__ import annotations

from matching.choices import ReferralStatus
from tests.conftest import in_tenant, login
from tests.factories import ReferralFactory


def test_consultant_home_shows_the_work_queue_counts(client, dordrecht, zwijndrecht):
    with in_tenant(dordrecht.municipality):
        ReferralFactory.create_batch(2, municipality=dordrecht.municipality)
        ReferralFactory(municipality=dordrecht.municipality, status=ReferralStatus.WAITING)
    with in_tenant(zwijndrecht.municipality):
        ReferralFactory.create_batch(5, municipality=zwijndrecht.municipality)
    login(client, dordrecht.consultant)
    response = client.get("/dordrecht/")
    (section,) = [
        s for s in response.context["extra_sections"] if s.template == "matching/home_section.html"
    ]
    assert section.context["counts"] == {"new": 2, "intake": 0, "waiting": 1}
    assert "Werkvoorraad matchingsunit" in response.content.decode()


def test_other_roles_get_no_work_queue_section(client, dordrecht):
    for user in (dordrecht.account_holder, dordrecht.lwb_a_admin):
        login(client, user)
        response = client.get("/dordrecht/")
        assert "Werkvoorraad matchingsunit" not in response.content.decode()
