"""The batched services keep the rules of the single ones: the same placements, one by one
through placement_start (and placement_end) or at once through placements_start_batch, give
the same refusals, the same messages and the same rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError

from participatie.enrolments.choices import EnrolmentStatus
from participatie.models import Enrolment, Placement, StepDecision
from participatie.participants.services import PeopleRefused, PersonGiven, participants_upsert_batch
from participatie.placements.choices import PlacementKind, StepDecisionStatus
from participatie.placements.services import (
    PlacementGiven,
    PlacementsRefused,
    placement_end,
    placement_start,
    placements_start_batch,
)
from tests.conftest import in_tenant
from tests.factories import ParticipantFactory


def scenario(place):
    """(key, participant, enrolment, start, end, hours, kind, employer, reason)."""
    m = place.municipality
    with in_tenant(m):
        a = ParticipantFactory(municipality=m, birth_date=date(1980, 1, 1))
        b = ParticipantFactory(municipality=m, birth_date=date(1980, 1, 1))
        young = ParticipantFactory(municipality=m, birth_date=date(2010, 1, 1))
        enrolments = list(
            Enrolment.objects.filter(
                municipality=m, organisation__in=place.extra["companies"]
            ).order_by("organisation__name")
        )
        enrolments[7].max_places = 1
        enrolments[7].save()
        enrolments[6].status = EnrolmentStatus.ENDED
        enrolments[6].save()
    e = enrolments
    return [
        (1, a, e[0], date(2022, 1, 3), None, Decimal(12), PlacementKind.REGULAR, "", ""),
        (2, a, e[0], date(2022, 6, 1), None, Decimal(12), PlacementKind.REGULAR, "", ""),  # overlap
        (
            3,
            a,
            e[1],
            date(2022, 2, 1),
            date(2022, 8, 31),
            Decimal(8),
            PlacementKind.REGULAR,
            "",
            "paid_work",
        ),
        (
            4,
            a,
            e[2],
            date(2022, 3, 1),
            None,
            Decimal(8),
            PlacementKind.REGULAR,
            "",
            "",
        ),  # three at once
        (5, young, e[2], date(2022, 3, 1), None, Decimal(8), PlacementKind.REGULAR, "", ""),  # age
        (6, b, e[7], date(2022, 3, 1), None, Decimal(8), PlacementKind.REGULAR, "", ""),
        (7, a, e[7], date(2023, 3, 1), None, Decimal(8), PlacementKind.REGULAR, "", ""),  # full
        (
            8,
            b,
            e[6],
            date(2022, 3, 1),
            None,
            Decimal(8),
            PlacementKind.REGULAR,
            "",
            "",
        ),  # not active
        (
            9,
            b,
            e[3],
            date(2022, 3, 1),
            None,
            Decimal(41),
            PlacementKind.ORIENTATION,
            "",
            "",
        ),  # hours, employer
        (
            10,
            b,
            e[4],
            date(2012, 3, 1),
            None,
            Decimal(8),
            PlacementKind.REGULAR,
            "",
            "",
        ),  # no catalogue
        (
            11,
            b,
            e[5],
            date(2022, 9, 1),
            date(2022, 1, 1),
            Decimal(8),
            PlacementKind.REGULAR,
            "",
            "",
        ),  # end
        (
            12,
            b,
            e[5],
            date(2023, 1, 2),
            None,
            Decimal(8),
            PlacementKind.ORIENTATION,
            "Bakkerij",
            "",
        ),
    ]


def _errors(error: ValidationError) -> dict:
    return {k: sorted(str(m) for m in v) for k, v in error.message_dict.items()}


def _rows(municipality):
    return sorted(
        Placement.objects.filter(municipality=municipality).values_list(
            "participant_id",
            "enrolment_id",
            "start_date",
            "end_date",
            "hours_per_week",
            "kind",
            "orientation_employer",
            "outflow_reason",
        )
    ), sorted(
        StepDecision.objects.filter(municipality=municipality).values_list(
            "placement__participant_id",
            "placement__start_date",
            "step__code",
            "valid_from",
            "status",
            "is_initial",
        )
    )


def test_one_by_one_and_in_a_batch_give_the_same_outcome(place):
    from django.db import transaction

    cases = scenario(place)
    m = place.municipality
    single: dict = {}
    with in_tenant(m):
        sid = transaction.savepoint()
        for key, who, enrolment, start, end, hours, kind, employer, reason in cases:
            try:
                with transaction.atomic():
                    placement = placement_start(
                        participant=who,
                        enrolment=enrolment,
                        start_date=start,
                        end_date=None if reason else end,
                        hours_per_week=hours,
                        kind=kind,
                        orientation_employer=employer,
                        actor=place.consultant,
                    )
                    if reason:
                        placement_end(
                            placement=placement, end_date=end, reason=reason, actor=place.consultant
                        )
            except ValidationError as error:
                single[key] = _errors(error)
        one_by_one = _rows(m)
        transaction.savepoint_rollback(sid)
        assert Placement.objects.count() == 0
        givens = [
            PlacementGiven(
                key=key,
                person=who.pk,
                participant=who,
                enrolment=enrolment,
                start_date=start,
                end_date=end,
                hours_per_week=hours,
                kind=kind,
                orientation_employer=employer,
                outflow_reason=reason,
            )
            for key, who, enrolment, start, end, hours, kind, employer, reason in cases
        ]
        try:
            placements_start_batch(
                givens=givens, municipality_id=m.id, actor=place.consultant, change_reason="t"
            )
        except PlacementsRefused as refused:
            batch = {k: {f: sorted(v) for f, v in e.items()} for k, e in refused.problems.items()}
        assert batch == single
        assert set(single) == {2, 4, 5, 7, 8, 9, 10, 11}
        ok = [g for g in givens if g.key not in batch]
        placements_start_batch(
            givens=ok, municipality_id=m.id, actor=place.consultant, change_reason="t"
        )
        in_a_batch = _rows(m)
    assert in_a_batch == one_by_one
    assert all(status == StepDecisionStatus.APPROVED for *_x, status, _i in in_a_batch[1])


def test_people_in_a_batch_follow_the_registration_rules(place):
    m = place.municipality
    with in_tenant(m):
        known = ParticipantFactory(municipality=m, first_name="Anne", postcode="3311 AB")
        people = [
            PersonGiven(
                "new",
                {
                    "bsn": "123456782",
                    "first_name": "Bo",
                    "last_name": "Smit",
                    "birth_date": date(1980, 1, 1),
                },
            ),
            PersonGiven(
                "known",
                {
                    "bsn": known.bsn,
                    "first_name": "Anna",
                    "last_name": known.last_name,
                    "birth_date": known.birth_date,
                    "postcode": "",
                },
            ),
            PersonGiven(
                "bad",
                {
                    "bsn": "123456789",
                    "first_name": "X",
                    "last_name": "Y",
                    "birth_date": date(2030, 1, 1),
                    "benefit": "sdd",
                },
            ),
        ]
        try:
            participants_upsert_batch(
                municipality_id=m.id,
                people=people,
                actor=place.consultant,
                reason="t",
                today=date(2026, 1, 1),
            )
        except PeopleRefused as refused:
            assert set(refused.problems) == {"bad"}
            assert "De geboortedatum ligt in de toekomst." in refused.problems["bad"]["birth_date"]
            assert "consent_by" in refused.problems["bad"] and "bsn" in refused.problems["bad"]
        outcomes = participants_upsert_batch(
            municipality_id=m.id,
            people=people[:2],
            actor=place.consultant,
            reason="Import t",
            today=date(2026, 1, 1),
        )
        assert [o.created for o in outcomes] == [True, False]
        assert outcomes[1].corrections == {"first_name": "Anna"} and outcomes[1].previous == {
            "first_name": "Anne"
        }
        known.refresh_from_db()
        assert (known.first_name, known.postcode) == (
            "Anna",
            "3311 AB",
        )  # an empty field erases nothing
        assert known.history.first().history_change_reason == "Import t"
