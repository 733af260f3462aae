"""Decisions and applications in the API: municipal roles see all, a company its own approved
ones; the letter downloads as PDF; nothing crosses to another company or municipality."""

from __future__ import annotations

from django.core.files.base import ContentFile

from participatie.models import Enrolment
from subsidies.choices import DecisionStatus
from tests.conftest import in_tenant, login
from tests.factories_subsidies import SubsidyApplicationFactory, SubsidyDecisionFactory


def _decisions(side):
    with in_tenant(side.municipality):
        own = Enrolment.objects.get(organisation=side.lwb_a)
        other = Enrolment.objects.get(organisation=side.lwb_b)
        approved = SubsidyDecisionFactory(
            municipality=side.municipality,
            enrolment=own,
            status=DecisionStatus.APPROVED,
            drafted_by=side.account_holder,
            approved_by=side.second_account_holder,
        )
        approved.letter.save("beschikking.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
        draft = SubsidyDecisionFactory(
            municipality=side.municipality, enrolment=own, drafted_by=side.account_holder
        )
        theirs = SubsidyDecisionFactory(
            municipality=side.municipality,
            enrolment=other,
            status=DecisionStatus.APPROVED,
            drafted_by=side.account_holder,
            approved_by=side.second_account_holder,
        )
        SubsidyApplicationFactory(
            municipality=side.municipality, enrolment=own, submitted_by=side.lwb_a_admin
        )
    return approved, draft, theirs


def test_account_holder_sees_every_decision(client, dordrecht, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    approved, draft, theirs = _decisions(dordrecht)
    login(client, dordrecht.account_holder)
    ids = {row["id"] for row in client.get("/api/v1/dordrecht/decisions").json()["results"]}
    assert ids == {approved.id, draft.id, theirs.id}
    assert client.get("/api/v1/dordrecht/decisions?status=draft").json()["count"] == 1


def test_company_sees_only_its_own_approved_decisions(client, dordrecht, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    approved, draft, theirs = _decisions(dordrecht)
    login(client, dordrecht.lwb_a_admin)
    body = client.get("/api/v1/dordrecht/decisions").json()
    assert [row["id"] for row in body["results"]] == [approved.id]
    assert client.get(f"/api/v1/dordrecht/decisions/{draft.id}").status_code == 404
    assert client.get(f"/api/v1/dordrecht/decisions/{theirs.id}").status_code == 404
    response = client.get(f"/api/v1/dordrecht/decisions/{approved.id}/pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client.get("/api/v1/dordrecht/applications").json()["count"] == 1


def test_another_company_and_municipality_get_nothing(
    client, dordrecht, zwijndrecht, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    approved, _draft, _theirs = _decisions(dordrecht)
    login(client, dordrecht.lwb_b_admin)
    assert client.get(f"/api/v1/dordrecht/decisions/{approved.id}/pdf").status_code == 404
    assert client.get("/api/v1/dordrecht/applications").json()["count"] == 0
    login(client, zwijndrecht.account_holder)
    assert client.get(f"/api/v1/zwijndrecht/decisions/{approved.id}").status_code == 404
    assert client.get("/api/v1/dordrecht/decisions").status_code == 403


def test_a_draft_has_no_letter_yet(client, dordrecht, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _approved, draft, _theirs = _decisions(dordrecht)
    login(client, dordrecht.account_holder)
    assert client.get(f"/api/v1/dordrecht/decisions/{draft.id}/pdf").status_code == 404


def test_decision_list_keeps_a_constant_query_count(
    client, dordrecht, settings, tmp_path, django_assert_max_num_queries
):
    settings.MEDIA_ROOT = tmp_path
    _decisions(dordrecht)
    login(client, dordrecht.account_holder)
    client.get("/api/v1/dordrecht/decisions")
    with in_tenant(dordrecht.municipality):
        for _ in range(20):
            SubsidyDecisionFactory(
                municipality=dordrecht.municipality,
                enrolment=Enrolment.objects.get(organisation=dordrecht.lwb_a),
                drafted_by=dordrecht.account_holder,
            )
    with django_assert_max_num_queries(15):
        assert client.get("/api/v1/dordrecht/decisions").json()["count"] == 23


def test_a_consultant_who_also_runs_a_company_sees_only_that_company(
    client, dordrecht, settings, tmp_path
):
    """A matching-unit role opens no money; the company role opens only the company's own."""
    from participatie.choices import Role
    from tests.factories import MembershipFactory

    settings.MEDIA_ROOT = tmp_path
    approved, _draft, _theirs = _decisions(dordrecht)
    MembershipFactory(user=dordrecht.consultant, organisation=dordrecht.lwb_a, role=Role.LWB_ADMIN)
    login(client, dordrecht.consultant)
    ids = [row["id"] for row in client.get("/api/v1/dordrecht/decisions").json()["results"]]
    assert ids == [approved.id]
