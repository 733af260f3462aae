"""The LWB administrator of the placement's own company objects to a decided step; nobody else
can, not even with a forged request."""

from __future__ import annotations

from participatie.choices import Role
from participatie.models import Objection
from participatie.placements.choices import ObjectionStatus
from tests.conftest import in_tenant, login
from tests.factories import MembershipFactory
from tests.placements_web.conftest import advised, approved, count


def url(decision, slug="dordrecht"):
    return f"/{slug}/inschalingen/{decision.pk}/bezwaar/"


REASON = {"reason": "Zij heeft minder begeleiding nodig."}


def test_lwb_admin_of_the_company_objects(client, dordrecht, placed):
    decision = approved(dordrecht, placed)
    login(client, dordrecht.lwb_a_admin)
    page = client.get(url(decision))
    assert page.status_code == 200
    assert "111222333" not in page.content.decode()
    response = client.post(url(decision), REASON)
    assert response.status_code == 302
    with in_tenant(dordrecht.municipality):
        objection = Objection.objects.get(municipality=dordrecht.municipality)
    assert objection.decision_id == decision.pk and objection.raised_by == dordrecht.lwb_a_admin
    assert objection.status == ObjectionStatus.OPEN


def test_objection_without_reason_is_refused(client, dordrecht, placed):
    decision = approved(dordrecht, placed)
    login(client, dordrecht.lwb_a_admin)
    response = client.post(url(decision), {"reason": "  "})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Geef een reden voor het bezwaar." in html and 'id="id_reason_error"' in html
    assert count(Objection, dordrecht) == 0


def test_objection_to_an_undecided_advice_is_refused(client, dordrecht, placed):
    decision = advised(dordrecht, placed)
    login(client, dordrecht.lwb_a_admin)
    response = client.post(url(decision), REASON)
    assert response.status_code == 400
    assert "Over dit advies is nog niet besloten." in response.content.decode()
    assert count(Objection, dordrecht) == 0


def test_another_companys_admin_gets_404(client, dordrecht, placed):
    decision = approved(dordrecht, placed)
    login(client, dordrecht.lwb_b_admin)
    assert client.get(url(decision)).status_code == 404
    assert client.post(url(decision), REASON).status_code == 404
    assert count(Objection, dordrecht) == 0


def test_forged_post_by_a_supervisor_here_and_admin_elsewhere_is_refused(client, dordrecht, placed):
    """Someone who may see company A's placement (supervisor there) but administers company B
    cannot object on A's behalf."""
    decision = approved(dordrecht, placed)
    user = dordrecht.lwb_b_admin
    MembershipFactory(user=user, organisation=dordrecht.lwb_a, role=Role.LWB_SUPERVISOR)
    login(client, user)
    response = client.post(url(decision), REASON)
    assert response.status_code == 400
    assert "U kunt alleen bezwaar maken bij plaatsingen van uw eigen bedrijf." in (
        response.content.decode()
    )
    assert count(Objection, dordrecht) == 0


def test_supervisors_and_other_roles_cannot_object(client, dordrecht, placed):
    decision = approved(dordrecht, placed)
    for user in (dordrecht.lwb_a_supervisor, dordrecht.consultant, dordrecht.account_holder):
        login(client, user)
        assert client.post(url(decision), REASON).status_code == 403
    assert count(Objection, dordrecht) == 0


def test_other_municipalitys_lwb_admin_gets_nothing(client, dordrecht, zwijndrecht, placed):
    decision = approved(dordrecht, placed)
    login(client, zwijndrecht.lwb_a_admin)
    assert client.post(url(decision), REASON).status_code == 403
    assert client.post(url(decision, "zwijndrecht"), REASON).status_code == 404
    assert count(Objection, dordrecht) == 0
