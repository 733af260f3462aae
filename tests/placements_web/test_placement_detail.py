"""The placement's dossier: what each role sees of the participant, the full step history, plans
and change log; every opening is logged; other companies and municipalities get nothing."""

from __future__ import annotations

from django.utils.html import escape

from participatie.models import ReadEvent
from tests.conftest import in_tenant, login
from tests.factories import DevelopmentPlanFactory, ObjectionFactory
from tests.placements_web.conftest import D, advised, approved, count


def _url(placement, slug="dordrecht"):
    return f"/{slug}/plaatsingen/{placement.pk}/"


def _page(client, user, placement):
    login(client, user)
    response = client.get(_url(placement))
    assert response.status_code == 200
    return response.content.decode()


def test_matching_unit_sees_full_bsn_address_and_intake_notes(client, dordrecht, placed):
    html = _page(client, dordrecht.consultant, placed)
    assert "Anna de Vries" in html
    assert "111222333" in html
    assert "Voorstraat 1" in html
    assert "Vertelde over schulden." in html
    assert "Trede adviseren" in html and "Plaatsing beëindigen" in html


def test_municipal_roles_see_masked_bsn_and_no_intake_notes(client, dordrecht, placed):
    for user in (dordrecht.account_holder, dordrecht.policy_officer):
        html = _page(client, user, placed)
        assert "111222333" not in html
        assert "*****2333" in html
        assert "Vertelde over schulden." not in html
        assert "Trede adviseren" not in html


def test_lwb_user_sees_only_name_step_dates_and_plan(client, dordrecht, placed):
    with in_tenant(dordrecht.municipality):
        DevelopmentPlanFactory(
            municipality=dordrecht.municipality, placement=placed, goals="Zelfstandig kassa."
        )
    for user in (dordrecht.lwb_a_admin, dordrecht.lwb_a_supervisor):
        html = _page(client, user, placed)
        assert "Anna de Vries" in html
        assert "Basis" in html and "15 februari 2022" in html
        assert "Zelfstandig kassa." in html
        for secret in ("111222333", "2333", "Voorstraat", "Vertelde over schulden.", "BSN"):
            assert secret not in html, secret
        assert "Woongemeente" not in html and "Geboortedatum" not in html


def test_lwb_user_of_another_company_gets_404(client, dordrecht, placed):
    login(client, dordrecht.lwb_b_admin)
    assert client.get(_url(placed)).status_code == 404
    assert count(ReadEvent, dordrecht) == 0


def test_other_municipality_gets_403_on_its_slug_and_404_on_its_own(
    client, dordrecht, zwijndrecht, placed
):
    for user in (zwijndrecht.account_holder, zwijndrecht.lwb_a_admin):
        login(client, user)
        assert client.get(_url(placed)).status_code == 403
        assert client.get(_url(placed, "zwijndrecht")).status_code == 404


def test_every_opening_records_a_read_of_the_participant(client, dordrecht, placed):
    _page(client, dordrecht.consultant, placed)
    _page(client, dordrecht.lwb_a_supervisor, placed)
    with in_tenant(dordrecht.municipality):
        events = list(ReadEvent.objects.filter(municipality=dordrecht.municipality).order_by("id"))
    assert [(e.user, e.object_type, e.object_id) for e in events] == [
        (dordrecht.consultant, "participatie.participant", placed.participant_id),
        (dordrecht.lwb_a_supervisor, "participatie.participant", placed.participant_id),
    ]
    assert all("111222333" not in e.path for e in events)


def test_full_step_history_with_decisions_rejections_and_objections(client, dordrecht, placed):
    # Rejected first: with plus in force from 10 March a second plus advice would be refused.
    rejected = advised(dordrecht, placed)
    with in_tenant(dordrecht.municipality):
        from participatie.placements.services import step_decide

        step_decide(
            decision=rejected,
            approve=False,
            reason="Nog te vroeg voor plus.",
            actor=dordrecht.second_account_holder,
        )
    decision = approved(dordrecht, placed)
    with in_tenant(dordrecht.municipality):
        ObjectionFactory(
            municipality=dordrecht.municipality,
            decision=decision,
            raised_by=dordrecht.lwb_a_admin,
            reason="Zij heeft juist minder begeleiding nodig.",
        )
    html = _page(client, dordrecht.account_holder, placed)
    assert "Start in de standaardtrede." in html
    assert "Heeft intensieve begeleiding nodig bij nieuwe taken." in html
    assert "Goedgekeurd" in html and "Afgewezen" in html
    assert "Nog te vroeg voor plus." in html
    assert "Zij heeft juist minder begeleiding nodig." in html
    assert "Bezwaar behandelen" in html
    assert f"Geadviseerd door {escape(dordrecht.consultant.get_full_name())}" in html
    assert f"Besloten door {escape(dordrecht.second_account_holder.get_full_name())}" in html
    # The audit history of the placement.
    assert "Geschiedenis" in html and "Aangemaakt" in html


def test_lwb_admin_of_the_company_can_object_to_decided_steps_only(client, dordrecht, placed):
    decision = approved(dordrecht, placed)
    pending = advised(dordrecht, placed, D(2022, 3, 1))
    html = _page(client, dordrecht.lwb_a_admin, placed)
    assert f"/dordrecht/inschalingen/{decision.pk}/bezwaar/" in html
    assert f"/dordrecht/inschalingen/{pending.pk}/bezwaar/" not in html
    html = _page(client, dordrecht.lwb_a_supervisor, placed)
    assert "/bezwaar/" not in html


def test_account_holder_sees_link_to_decide_pending_advice(client, dordrecht, placed):
    pending = advised(dordrecht, placed)
    html = _page(client, dordrecht.account_holder, placed)
    assert f"/dordrecht/inschalingen/{pending.pk}/besluiten/" in html


def test_detail_query_count_does_not_grow_with_history(
    client, dordrecht, placed, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, dordrecht.account_holder)
    client.get(_url(placed))
    with CaptureQueriesContext(connection) as baseline:
        client.get(_url(placed))
    for day in range(10):
        # Each a day earlier, so each changes the step from its date (basis until then).
        decision = advised(dordrecht, placed, D(2022, 3, 20 - day))
        with in_tenant(dordrecht.municipality):
            from participatie.placements.services import step_decide

            step_decide(decision=decision, approve=True, actor=dordrecht.account_holder)
            ObjectionFactory(municipality=dordrecht.municipality, decision=decision)
            DevelopmentPlanFactory(municipality=dordrecht.municipality, placement=placed)
    with django_assert_max_num_queries(len(baseline) + 2):
        assert client.get(_url(placed)).status_code == 200
