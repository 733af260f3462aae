"""The absence signal API: the matching unit lists and follows up signals, a company reads
those of its own placements, nobody else sees any."""

from __future__ import annotations

import datetime

import pytest

from participatie.absence.choices import SignalStatus
from participatie.models import AbsenceSignal
from tests.api.conftest import count_queries, get, post, url
from tests.api.problems import assert_conflict, assert_nothing, invalid_fields
from tests.conftest import in_tenant, login
from tests.factories import AbsenceSignalFactory, PlacementFactory

D = datetime.date


def signal(side, company="lwb_a", **fields) -> AbsenceSignal:
    with in_tenant(side.municipality):
        enrolment = getattr(side, company).enrolments.get(municipality=side.municipality)
        placement = PlacementFactory(municipality=side.municipality, enrolment=enrolment)
        return AbsenceSignalFactory(municipality=side.municipality, placement=placement, **fields)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


class TestList:
    def test_matching_unit_sees_all_and_filters_by_status(self, client, dordrecht):
        open_a = signal(dordrecht)
        done_b = signal(dordrecht, "lwb_b", status=SignalStatus.CONTINUE)
        assert sorted(
            ids(get(client, dordrecht.consultant, url(dordrecht, "absence-signals")))
        ) == [
            open_a.id,
            done_b.id,
        ]
        path = url(dordrecht, "absence-signals?status=continue")
        assert ids(get(client, dordrecht.consultant, path)) == [done_b.id]
        path = url(dordrecht, "absence-signals?needsAction=true")
        assert ids(get(client, dordrecht.consultant, path)) == [open_a.id]
        path = url(dordrecht, "absence-signals?needsAction=false")
        assert ids(get(client, dordrecht.consultant, path)) == [done_b.id]

    def test_output_names_no_person(self, client, dordrecht):
        made = signal(dordrecht)
        row = get(client, dordrecht.consultant, url(dordrecht, "absence-signals")).json()[
            "results"
        ][0]
        assert set(row) == {
            "id",
            "placement",
            "company",
            "streak_start",
            "raised_on",
            "status",
            "needs_action",
            "follow_up_note",
            "followed_up_at",
            "closed_on",
        }
        assert row["placement"] == made.placement_id and row["needs_action"] is True
        with in_tenant(dordrecht.municipality):
            participant = made.placement.participant
        assert participant.last_name not in str(row) and participant.bsn not in str(row)

    def test_bad_status_filter_names_it(self, client, dordrecht):
        response = get(client, dordrecht.consultant, url(dordrecht, "absence-signals?status=x"))
        assert "status" in invalid_fields(response)

    def test_a_company_sees_only_its_own_placements_signals(self, client, dordrecht):
        own = signal(dordrecht)
        other = signal(dordrecht, "lwb_b")
        for user in (dordrecht.lwb_a_admin, dordrecht.lwb_a_supervisor):
            assert ids(get(client, user, url(dordrecht, "absence-signals"))) == [own.id]
        path = url(dordrecht, f"absence-signals/{other.id}")
        assert_nothing(get(client, dordrecht.lwb_a_admin, path), 404)
        assert ids(get(client, dordrecht.lwb_b_admin, url(dordrecht, "absence-signals"))) == [
            other.id
        ]

    def test_another_municipality_and_anonymous_get_nothing(self, client, dordrecht, zwijndrecht):
        theirs = signal(zwijndrecht)
        signal(dordrecht)
        # A Dordrecht user in Zwijndrecht's API: no membership there.
        assert_nothing(get(client, dordrecht.consultant, url(zwijndrecht, "absence-signals")), 403)
        # Zwijndrecht's signal through Dordrecht's API: not found.
        path = url(dordrecht, f"absence-signals/{theirs.id}")
        assert_nothing(get(client, dordrecht.consultant, path), 404)
        response = post(client, dordrecht.consultant, f"{path}/follow-up", {"status": "contacted"})
        assert_nothing(response, 404)
        client.logout()
        assert_nothing(client.get(url(dordrecht, "absence-signals")), 401, 403)
        # Municipal staff without absence permission see nothing either.
        assert_nothing(
            get(client, dordrecht.account_holder, url(dordrecht, "absence-signals")), 403
        )

    def test_query_count_does_not_grow_with_rows(
        self, client, dordrecht, django_assert_max_num_queries
    ):
        login(client, dordrecht.consultant)
        signal(dordrecht)
        path = url(dordrecht, "absence-signals")
        one = count_queries(client, path)
        for _ in range(20):
            signal(dordrecht)
        with django_assert_max_num_queries(one):
            assert len(client.get(path).json()["results"]) == 21


class TestFollowUp:
    def test_matching_unit_follows_up(self, client, dordrecht):
        made = signal(dordrecht)
        path = url(dordrecht, f"absence-signals/{made.id}/follow-up")
        response = post(
            client, dordrecht.consultant, path, {"status": "contacted", "note": "Gebeld"}
        )
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "contacted"
        assert "Gebeld" in response.json()["follow_up_note"]
        with in_tenant(dordrecht.municipality):
            stored = AbsenceSignal.objects.get(pk=made.pk)
        assert (
            stored.status == SignalStatus.CONTACTED
            and stored.followed_up_by == dordrecht.consultant
        )
        # Ending needs a reason; the placement itself is not ended.
        response = post(client, dordrecht.consultant, path, {"status": "end_placement"})
        assert invalid_fields(response) == {"note"}
        response = post(
            client, dordrecht.consultant, path, {"status": "end_placement", "note": "Stopt"}
        )
        assert response.status_code == 200 and response.json()["needs_action"] is True
        with in_tenant(dordrecht.municipality):
            assert AbsenceSignal.objects.get(pk=made.pk).placement.end_date is None

    @pytest.mark.parametrize("body", [{}, {"status": "open"}, {"status": 3}])
    def test_bad_status_names_it(self, client, dordrecht, body):
        made = signal(dordrecht)
        path = url(dordrecht, f"absence-signals/{made.id}/follow-up")
        assert "status" in invalid_fields(post(client, dordrecht.consultant, path, body))

    def test_closed_signal_is_a_conflict(self, client, dordrecht):
        made = signal(dordrecht, closed_on=D(2022, 4, 20))
        path = url(dordrecht, f"absence-signals/{made.id}/follow-up")
        assert_conflict(post(client, dordrecht.consultant, path, {"status": "contacted"}))
        with in_tenant(dordrecht.municipality):
            assert AbsenceSignal.objects.get(pk=made.pk).status == SignalStatus.OPEN

    def test_a_company_cannot_follow_up(self, client, dordrecht):
        made = signal(dordrecht)
        path = url(dordrecht, f"absence-signals/{made.id}/follow-up")
        assert_nothing(post(client, dordrecht.lwb_a_admin, path, {"status": "contacted"}), 403)
        other = signal(dordrecht, "lwb_b")
        path = url(dordrecht, f"absence-signals/{other.id}/follow-up")
        assert_nothing(post(client, dordrecht.lwb_a_admin, path, {"status": "contacted"}), 403)
        with in_tenant(dordrecht.municipality):
            assert AbsenceSignal.objects.get(pk=other.pk).status == SignalStatus.OPEN
