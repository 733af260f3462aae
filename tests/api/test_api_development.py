"""The development plan API: the placement's company and the matching unit write plans and
record talks, municipal staff read; a company sees only its own placements' plans."""

from __future__ import annotations

import datetime

from django.utils import timezone

from participatie.models import DevelopmentPlan, DevelopmentTalk
from tests.api.conftest import count_queries, get, post, start, url
from tests.api.problems import assert_conflict, assert_nothing, invalid_fields
from tests.conftest import in_tenant, login
from tests.factories import DevelopmentPlanFactory, DevelopmentTalkFactory, PlacementFactory

D = datetime.date


def patch(client, user, path, data):
    login(client, user)
    return client.patch(path, data, content_type="application/json")


def plan_for(side, placement, **fields) -> DevelopmentPlan:
    with in_tenant(side.municipality):
        return DevelopmentPlanFactory(municipality=side.municipality, placement=placement, **fields)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


class TestPlans:
    def test_company_creates_reads_and_updates_a_plan(self, client, dordrecht, placement):
        body = {"placement": placement.id, "goals": "  Zelf de kassa doen ", "actions": "Oefenen"}
        response = post(
            client, dordrecht.lwb_a_supervisor, url(dordrecht, "development-plans"), body
        )
        assert response.status_code == 201, response.content
        created = response.json()
        assert created["goals"] == "Zelf de kassa doen" and created["talks"] == []
        assert created["is_developing"] is False and created["placement"] == placement.id
        with in_tenant(dordrecht.municipality):
            stored = DevelopmentPlan.objects.get()
        assert stored.created_by == dordrecht.lwb_a_supervisor
        path = url(dordrecht, f"development-plans/{created['id']}")
        response = patch(client, dordrecht.consultant, path, {"is_developing": True})
        assert response.status_code == 200, response.content
        assert response.json()["is_developing"] is True
        assert response.json()["goals"] == "Zelf de kassa doen"  # left out: kept
        for user in (dordrecht.account_holder, dordrecht.policy_officer, dordrecht.lwb_a_admin):
            assert get(client, user, path).json()["actions"] == "Oefenen"

    def test_second_plan_for_a_placement_is_a_conflict(self, client, dordrecht, placement):
        plan_for(dordrecht, placement)
        body = {"placement": placement.id, "goals": "Nog een plan"}
        assert_conflict(
            post(client, dordrecht.consultant, url(dordrecht, "development-plans"), body)
        )
        with in_tenant(dordrecht.municipality):
            assert DevelopmentPlan.objects.count() == 1

    def test_bad_input_names_the_field(self, client, dordrecht, placement):
        path = url(dordrecht, "development-plans")
        response = post(
            client, dordrecht.consultant, path, {"placement": placement.id, "goals": " "}
        )
        assert invalid_fields(response) == {"goals"}
        response = post(client, dordrecht.consultant, path, {"goals": "Doel"})
        assert invalid_fields(response) == {"placement"}
        body = {"placement": placement.id, "goals": "x" * 5001}
        assert invalid_fields(post(client, dordrecht.consultant, path, body)) == {"goals"}
        plan = plan_for(dordrecht, placement)
        detail = url(dordrecht, f"development-plans/{plan.id}")
        assert invalid_fields(patch(client, dordrecht.consultant, detail, {"goals": ""})) == {
            "goals"
        }
        assert invalid_fields(
            patch(client, dordrecht.consultant, detail, {"is_developing": "x"})
        ) == {"is_developing"}

    def test_municipal_staff_cannot_write(self, client, dordrecht, placement):
        body = {"placement": placement.id, "goals": "Doel"}
        response = post(client, dordrecht.account_holder, url(dordrecht, "development-plans"), body)
        assert_nothing(response, 403)

    def test_a_company_sees_and_writes_only_its_own_placements_plans(
        self, client, dordrecht, placement
    ):
        own = plan_for(dordrecht, placement)
        other_placement = start(dordrecht, dordrecht.lwb_b)
        other = plan_for(dordrecht, other_placement)
        assert ids(get(client, dordrecht.lwb_a_admin, url(dordrecht, "development-plans"))) == [
            own.id
        ]
        assert sorted(
            ids(get(client, dordrecht.consultant, url(dordrecht, "development-plans")))
        ) == [
            own.id,
            other.id,
        ]
        path = url(dordrecht, f"development-plans/{other.id}")
        assert_nothing(get(client, dordrecht.lwb_a_admin, path), 404)
        assert_nothing(patch(client, dordrecht.lwb_a_admin, path, {"goals": "Weg"}), 404)
        response = post(
            client,
            dordrecht.lwb_a_admin,
            f"{path}/talks",
            {"held_on": "2022-06-01", "summary": "x"},
        )
        assert_nothing(response, 404)
        # Creating a plan for another company's placement: that placement does not exist.
        with in_tenant(dordrecht.municipality):
            DevelopmentPlan.objects.filter(pk=other.pk).delete()
        body = {"placement": other_placement.id, "goals": "Doel"}
        response = post(client, dordrecht.lwb_a_admin, url(dordrecht, "development-plans"), body)
        assert invalid_fields(response) == {"placement"}
        with in_tenant(dordrecht.municipality):
            assert not DevelopmentPlan.objects.filter(placement=other_placement).exists()

    def test_another_municipality_and_anonymous_get_nothing(
        self, client, dordrecht, zwijndrecht, placement
    ):
        theirs_placement = start(zwijndrecht, zwijndrecht.lwb_a)
        theirs = plan_for(zwijndrecht, theirs_placement)
        assert_nothing(
            get(client, dordrecht.consultant, url(zwijndrecht, "development-plans")), 403
        )
        for user in (dordrecht.consultant, dordrecht.lwb_a_admin):
            path = url(dordrecht, f"development-plans/{theirs.id}")
            assert_nothing(get(client, user, path), 404)
            assert ids(get(client, user, url(dordrecht, "development-plans"))) == []
            body = {"placement": theirs_placement.id, "goals": "Doel"}
            response = post(client, user, url(dordrecht, "development-plans"), body)
            assert invalid_fields(response) == {"placement"}
        client.logout()
        assert_nothing(client.get(url(dordrecht, "development-plans")), 401, 403)
        with in_tenant(zwijndrecht.municipality):
            assert DevelopmentPlan.objects.count() == 1

    def test_query_count_does_not_grow_with_rows(
        self, client, dordrecht, steps, django_assert_max_num_queries
    ):
        login(client, dordrecht.lwb_a_admin)
        path = url(dordrecht, "development-plans")

        def add(n):
            for _ in range(n):
                with in_tenant(dordrecht.municipality):
                    enrolment = dordrecht.lwb_a.enrolments.get(municipality=dordrecht.municipality)
                    placed = PlacementFactory(
                        municipality=dordrecht.municipality, enrolment=enrolment
                    )
                plan = plan_for(dordrecht, placed)
                with in_tenant(dordrecht.municipality):
                    DevelopmentTalkFactory.create_batch(
                        2, municipality=dordrecht.municipality, plan=plan
                    )

        add(1)
        one = count_queries(client, path)
        add(10)
        with django_assert_max_num_queries(one):
            rows = client.get(path).json()["results"]
        assert len(rows) == 11 and all(len(row["talks"]) == 2 for row in rows)


class TestTalks:
    def test_record_a_talk(self, client, dordrecht, placement):
        plan = plan_for(dordrecht, placement)
        path = url(dordrecht, f"development-plans/{plan.id}/talks")
        body = {"held_on": "2022-06-01", "summary": "Gaat goed"}
        response = post(client, dordrecht.lwb_a_supervisor, path, body)
        assert response.status_code == 201, response.content
        assert response.json()["held_on"] == "2022-06-01" and response.json()["plan"] == plan.id
        with in_tenant(dordrecht.municipality):
            assert DevelopmentTalk.objects.get().recorded_by == dordrecht.lwb_a_supervisor
        talks = get(
            client, dordrecht.account_holder, url(dordrecht, f"development-plans/{plan.id}")
        )
        assert [t["summary"] for t in talks.json()["talks"]] == ["Gaat goed"]

    def test_bad_talks_name_the_field(self, client, dordrecht, placement):
        plan = plan_for(dordrecht, placement)
        path = url(dordrecht, f"development-plans/{plan.id}/talks")
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        for body, field in [
            ({"held_on": "2022-06-01", "summary": " "}, "summary"),
            ({"held_on": "01-06-2022", "summary": "Goed"}, "held_on"),
            ({"held_on": "2022-01-01", "summary": "Goed"}, "held_on"),  # before the start
            ({"held_on": tomorrow.isoformat(), "summary": "Goed"}, "held_on"),
            ({"summary": "Goed"}, "held_on"),
        ]:
            assert invalid_fields(post(client, dordrecht.consultant, path, body)) == {field}, body
        with in_tenant(dordrecht.municipality):
            assert not DevelopmentTalk.objects.exists()
