"""Development plans and talks: who writes, bad input, next review due, overdue lists."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from participatie.development import selectors
from participatie.models import DevelopmentPlan, DevelopmentTalk, Placement, Step, StepDecision
from tests.absence.conftest import days_ago, place
from tests.conftest import in_tenant, login

T = datetime.timedelta


def plan_url(side, placement, suffix=""):
    return f"/{side.municipality.slug}/plaatsingen/{placement.pk}/ontwikkelplan/{suffix}"


def overdue_url(side):
    return f"/{side.municipality.slug}/ontwikkelplannen/achterstallig/"


def make_plan(side, placement, *, created_days_ago=0, developing=False):
    with in_tenant(side.municipality):
        plan = DevelopmentPlan.objects.create(
            municipality=side.municipality,
            placement=placement,
            goals="Zelfstandig de kassa bedienen.",
            is_developing=developing,
            created_by=side.lwb_a_supervisor,
        )
        DevelopmentPlan.objects.filter(pk=plan.pk).update(
            created_at=timezone.now() - T(days=created_days_ago)
        )
        return plan


def talk(side, plan, held_on):
    with in_tenant(side.municipality):
        DevelopmentTalk.objects.create(
            municipality=side.municipality,
            plan=plan,
            held_on=held_on,
            summary="Goed gesprek.",
            recorded_by=side.lwb_a_supervisor,
        )


def on_plus(side, placement):
    with in_tenant(side.municipality):
        step = Step.objects.create(
            municipality=side.municipality,
            year=placement.start_date.year,
            code="plus",
            label="Plus",
            is_default=False,
        )
        StepDecision.objects.create(
            municipality=side.municipality,
            placement=placement,
            step=step,
            valid_from=placement.start_date,
            justification="Intensief.",
            status="approved",
            advised_by=side.consultant,
        )


@pytest.fixture
def placement(dordrecht):
    return place(dordrecht, start=days_ago(30), company="lwb_a")


@pytest.mark.parametrize("who", ["lwb_a_supervisor", "lwb_a_admin", "consultant"])
def test_company_and_consultant_create_a_plan_and_record_a_talk(client, dordrecht, placement, who):
    login(client, getattr(dordrecht, who))
    assert client.get(plan_url(dordrecht, placement)).status_code == 200
    response = client.post(
        plan_url(dordrecht, placement, "bewerken/"),
        {"goals": "Op tijd komen.", "actions": "Wekker zetten.", "is_developing": "on"},
    )
    assert response.status_code == 302
    response = client.post(
        plan_url(dordrecht, placement, "gesprek/"),
        {"held_on": days_ago(2).isoformat(), "summary": "Gaat goed."},
    )
    assert response.status_code == 302
    html = client.get(plan_url(dordrecht, placement)).content.decode()
    assert "Op tijd komen." in html and "Gaat goed." in html
    # developing: next review 4 months after the talk
    due = selectors.add_months(days_ago(2), dordrecht.municipality.review_months_plus)
    assert due.strftime("%Y") in html
    with in_tenant(dordrecht.municipality):
        review = selectors.next_review(municipality=dordrecht.municipality, placement=placement)
    assert review.due_on == due and review.placement.intensive


def test_editing_keeps_one_plan(client, dordrecht, placement):
    login(client, dordrecht.lwb_a_supervisor)
    client.post(plan_url(dordrecht, placement, "bewerken/"), {"goals": "Eerste."})
    client.post(plan_url(dordrecht, placement, "bewerken/"), {"goals": "Tweede."})
    with in_tenant(dordrecht.municipality):
        assert list(DevelopmentPlan.objects.values_list("goals", flat=True)) == ["Tweede."]


@pytest.mark.parametrize(
    "suffix, data, message",
    [
        ("bewerken/", {"goals": "  ", "actions": "x"}, "Vul ten minste één doel in."),
        ("gesprek/", {"held_on": days_ago(1).isoformat(), "summary": ""}, "Vat het gesprek samen."),
        (
            "gesprek/",
            {"held_on": (days_ago(0) + T(days=1)).isoformat(), "summary": "Later."},
            "niet in de toekomst",
        ),
        (
            "gesprek/",
            {"held_on": days_ago(60).isoformat(), "summary": "Te vroeg."},
            "vóór de start",
        ),
        ("gesprek/", {"held_on": "31-02-2024", "summary": "x"}, "Vul een geldige datum in"),
    ],
)
def test_bad_input_shows_dutch_errors_and_saves_nothing(
    client, dordrecht, placement, suffix, data, message
):
    if suffix == "gesprek/":
        make_plan(dordrecht, placement)
    response = login(client, dordrecht.lwb_a_supervisor).post(
        plan_url(dordrecht, placement, suffix), data
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    with in_tenant(dordrecht.municipality):
        assert DevelopmentTalk.objects.count() == 0
        assert DevelopmentPlan.objects.count() == (1 if suffix == "gesprek/" else 0)


def test_talk_needs_a_plan_first(client, dordrecht, placement):
    login(client, dordrecht.lwb_a_supervisor)
    response = client.post(
        plan_url(dordrecht, placement, "gesprek/"),
        {"held_on": days_ago(1).isoformat(), "summary": "x"},
    )
    assert response.status_code == 302
    with in_tenant(dordrecht.municipality):
        assert DevelopmentTalk.objects.count() == 0


@pytest.mark.parametrize("suffix", ["", "bewerken/", "gesprek/"])
def test_other_company_gets_404(client, dordrecht, placement, suffix):
    make_plan(dordrecht, placement)
    response = login(client, dordrecht.lwb_b_admin).get(plan_url(dordrecht, placement, suffix))
    assert response.status_code == 404
    response = client.post(plan_url(dordrecht, placement, suffix), {"goals": "Kaping"})
    assert response.status_code in (404, 405)


@pytest.mark.parametrize("suffix", ["", "bewerken/", "gesprek/"])
def test_other_municipality_gets_404(client, dordrecht, zwijndrecht, placement, suffix):
    login(client, zwijndrecht.consultant)
    url = f"/zwijndrecht/plaatsingen/{placement.pk}/ontwikkelplan/{suffix}"
    assert client.get(url).status_code == 404


def test_account_holder_reads_but_does_not_write(client, dordrecht, placement):
    make_plan(dordrecht, placement)
    login(client, dordrecht.account_holder)
    html = client.get(plan_url(dordrecht, placement)).content.decode()
    assert "Zelfstandig de kassa bedienen." in html and "bewerken/" not in html
    assert client.get(plan_url(dordrecht, placement, "bewerken/")).status_code == 403


def test_review_interval_basis_plus_and_developing(dordrecht):
    basis = place(dordrecht, start=days_ago(400))
    plus = place(dordrecht, start=days_ago(400))
    developing = place(dordrecht, start=days_ago(400))
    on_plus(dordrecht, plus)
    for placement in (basis, plus):
        talk(dordrecht, make_plan(dordrecht, placement, created_days_ago=300), days_ago(200))
    talk(
        dordrecht,
        make_plan(dordrecht, developing, created_days_ago=300, developing=True),
        days_ago(200),
    )
    with in_tenant(dordrecht.municipality):
        due = {
            p.pk: selectors.next_review(municipality=dordrecht.municipality, placement=p).due_on
            for p in (basis, plus, developing)
        }
        overdue = selectors.reviews_due(
            municipality=dordrecht.municipality,
            placements=Placement.objects.filter(municipality=dordrecht.municipality),
        )
    assert due[basis.pk] == selectors.add_months(days_ago(200), 12)
    assert due[plus.pk] == due[developing.pk] == selectors.add_months(days_ago(200), 4)
    assert {row.placement.pk for row in overdue} == {plus.pk, developing.pk}


def test_without_talks_the_start_counts_with_or_without_a_plan(dordrecht):
    # Writing a plan is no review (issue 11): only a talk resets the interval.
    planned = place(dordrecht, start=days_ago(800))
    make_plan(dordrecht, planned, created_days_ago=100)
    unplanned = place(dordrecht, start=days_ago(400))
    with in_tenant(dordrecht.municipality):
        rows = selectors.reviews_due(
            municipality=dordrecht.municipality,
            placements=Placement.objects.filter(municipality=dordrecht.municipality),
        )
    assert [(row.placement.pk, row.has_plan) for row in rows] == [
        (planned.pk, True),
        (unplanned.pk, False),
    ]
    assert rows[0].due_on == selectors.add_months(days_ago(800), 12)
    assert rows[1].due_on == selectors.add_months(days_ago(400), 12)


def test_threshold_agrees_with_add_months_at_month_ends():
    for day in range(0, 800, 7):
        deadline = datetime.date(2023, 1, 1) + T(days=day)
        for months in (4, 12):
            threshold = selectors.latest_reference_due_by(deadline, months)
            assert selectors.add_months(threshold, months) >= deadline
            assert selectors.add_months(threshold - T(days=1), months) < deadline


def test_overdue_list_company_sees_own_consultant_sees_all(client, dordrecht, zwijndrecht):
    own = place(dordrecht, start=days_ago(400), company="lwb_a")
    other = place(dordrecht, start=days_ago(400), company="lwb_b")
    foreign = place(zwijndrecht, start=days_ago(400), company="lwb_a")
    login(client, dordrecht.lwb_a_supervisor)
    html = client.get(overdue_url(dordrecht)).content.decode()
    assert f"/plaatsingen/{own.pk}/ontwikkelplan/" in html
    assert f"/plaatsingen/{other.pk}/ontwikkelplan/" not in html
    login(client, dordrecht.consultant)
    html = client.get(overdue_url(dordrecht)).content.decode()
    assert f"/plaatsingen/{own.pk}/" in html and f"/plaatsingen/{other.pk}/" in html
    assert f"/plaatsingen/{foreign.pk}/" not in html
    login(client, dordrecht.account_holder)
    assert client.get(overdue_url(dordrecht)).status_code == 403


def test_overdue_list_query_count_is_constant(client, dordrecht, django_assert_max_num_queries):
    place(dordrecht, start=days_ago(400))
    login(client, dordrecht.consultant)
    client.get(overdue_url(dordrecht))
    with CaptureQueriesContext(connection) as one:
        client.get(overdue_url(dordrecht))
    for n in range(12):
        p = place(dordrecht, start=days_ago(500), company="lwb_b")
        if n % 2:
            talk(dordrecht, make_plan(dordrecht, p, created_days_ago=450), days_ago(420))
    with django_assert_max_num_queries(len(one)):
        html = client.get(overdue_url(dordrecht)).content.decode()
    assert html.count("Dierenweide Dordrecht") == 12
