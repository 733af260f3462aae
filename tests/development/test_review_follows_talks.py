"""Overdue (achterstallig) follows the last development talk, or the placement start when there
was none: writing a plan is no review, recording a talk is."""

from __future__ import annotations

from participatie.development import selectors
from participatie.development.services import development_plan_create, development_talk_record
from participatie.models import Placement
from tests.absence.conftest import days_ago, place
from tests.conftest import in_tenant, login


def _overdue(side):
    with in_tenant(side.municipality):
        rows = selectors.reviews_due(
            municipality=side.municipality,
            placements=Placement.objects.filter(municipality=side.municipality),
        )
    return {row.placement.pk: row for row in rows if row.overdue}


def test_creating_a_plan_leaves_an_overdue_placement_overdue(dordrecht):
    placement = place(dordrecht, start=days_ago(400))
    assert placement.pk in _overdue(dordrecht)
    with in_tenant(dordrecht.municipality):
        development_plan_create(
            placement=placement,
            goals="Zelfstandig werken.",
            actions="",
            is_developing=False,
            actor=dordrecht.lwb_a_supervisor,
        )
    row = _overdue(dordrecht)[placement.pk]
    assert row.has_plan and row.due_on == selectors.add_months(days_ago(400), 12)
    with in_tenant(dordrecht.municipality):
        review = selectors.next_review(municipality=dordrecht.municipality, placement=placement)
    assert review.overdue


def test_recording_a_talk_clears_overdue(dordrecht):
    placement = place(dordrecht, start=days_ago(400))
    with in_tenant(dordrecht.municipality):
        plan = development_plan_create(
            placement=placement,
            goals="Zelfstandig werken.",
            actions="",
            is_developing=False,
            actor=dordrecht.lwb_a_supervisor,
        )
        development_talk_record(
            plan=plan, held_on=days_ago(1), summary="Gaat goed.", actor=dordrecht.lwb_a_supervisor
        )
        review = selectors.next_review(municipality=dordrecht.municipality, placement=placement)
    assert placement.pk not in _overdue(dordrecht)
    assert not review.overdue and review.due_on == selectors.add_months(days_ago(1), 12)


def test_the_overdue_page_keeps_the_placement_after_a_plan(client, dordrecht):
    placement = place(dordrecht, start=days_ago(400), company="lwb_a")
    login(client, dordrecht.lwb_a_supervisor)
    response = client.post(
        f"/dordrecht/plaatsingen/{placement.pk}/ontwikkelplan/bewerken/",
        {"goals": "Op tijd komen."},
    )
    assert response.status_code == 302
    html = client.get("/dordrecht/ontwikkelplannen/achterstallig/").content.decode()
    assert f"/plaatsingen/{placement.pk}/ontwikkelplan/" in html
