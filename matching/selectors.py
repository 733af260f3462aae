"""Reads for the matching unit: work queues, the matching search and occupancy across the
municipalities a matching unit serves."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from matching.choices import IntakeOutcome, ReferralStatus
from matching.models import Intake, Referral
from participatie.eligibility import is_eligible_age
from participatie.models import Enrolment, Municipality, Participant, Placement
from participatie.placements.selectors import occupancy, placements_with_step


def referral_queue(*, municipality: Municipality, status: str) -> QuerySet[Referral]:
    return (
        Referral.objects.filter(municipality=municipality, status=status)
        .select_related("participant")
        .order_by("referred_on", "id")
    )


@dataclass(frozen=True)
class WorkQueues:
    new: QuerySet[Referral]
    in_intake: QuerySet[Referral]
    waiting: QuerySet[Referral]


def work_queues(*, municipality: Municipality) -> WorkQueues:
    return WorkQueues(
        new=referral_queue(municipality=municipality, status=ReferralStatus.NEW),
        in_intake=referral_queue(municipality=municipality, status=ReferralStatus.INTAKE),
        waiting=referral_queue(municipality=municipality, status=ReferralStatus.WAITING),
    )


def matching_search(
    *,
    municipality_ids: Iterable[int],
    home_municipality_id: int,
    sector: str = "",
    work_environment: str = "",
    guidance_kind: str = "",
    on: date | None = None,
) -> QuerySet[Enrolment]:
    """Active enrolments with a free place, home municipality first, then most free places.

    Runs inside a tenant context that covers ``municipality_ids`` (the municipalities the
    matching unit serves); one query whatever the number of companies.
    """
    queryset = occupancy(municipality_ids=municipality_ids, on=on).filter(free__gt=0)
    if sector:
        queryset = queryset.filter(organisation__sector__icontains=sector)
    if work_environment:
        queryset = queryset.filter(work_environment=work_environment)
    if guidance_kind:
        queryset = queryset.filter(guidance_kind=guidance_kind)
    return queryset.annotate(
        is_home=Case(
            When(municipality_id=home_municipality_id, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("is_home", "-free", "organisation__name")


@dataclass(frozen=True)
class PlacementElsewhere:
    municipality: str
    company: str
    start_date: date


def active_placements_of_bsn(
    *, bsn: str, municipality_ids: Iterable[int], on: date | None = None
) -> list[PlacementElsewhere]:
    """Active placements of a person (by BSN) in the given municipalities: the matching unit's
    warning that someone already has a place in the region. The BSN stays in the query."""
    on = on or timezone.localdate()
    rows = (
        Placement.objects.filter(municipality_id__in=list(municipality_ids), participant__bsn=bsn)
        .active_on(on)
        .values_list("municipality__name", "enrolment__organisation__name", "start_date")
    )
    return [PlacementElsewhere(*row) for row in rows]


def eligibility_problems(*, intake: Intake, participant: Participant, on: date) -> list[str]:
    """Why this person cannot (yet) be placed, in the consultant's words; empty when eligible."""
    from django.utils.translation import gettext as _

    problems = []
    if not is_eligible_age(participant.birth_date, on):
        problems.append(_("De deelnemer is jonger dan 18 of heeft de AOW-leeftijd bereikt."))
    if participant.benefit != "none" and not (participant.consent_by and participant.consent_on):
        problems.append(_("Bij een uitkering is toestemming van de klantmanager nodig."))
    if not intake.informed:
        problems.append(_("De deelnemer is nog niet geïnformeerd over de participatieplek."))
    if not intake.motivated:
        problems.append(_("De deelnemer is niet gemotiveerd of doet niet vrijwillig mee."))
    if not intake.consent:
        problems.append(_("De deelnemer heeft geen toestemming gegeven voor gegevensdeling."))
    for label in intake.contra_indications:
        problems.append(_("Contra-indicatie: %(label)s.") % {"label": label})
    return problems


def intakes_placed_elsewhere(*, municipality: Municipality) -> QuerySet[Intake]:
    return (
        Intake.objects.filter(municipality=municipality, outcome=IntakeOutcome.PLACED)
        .exclude(placed_in=municipality)
        .select_related("placed_in", "referral__participant")
    )


def open_referrals_count(*, municipality: Municipality) -> int:
    return (
        Referral.objects.filter(municipality=municipality)
        .filter(~Q(status=ReferralStatus.CLOSED))
        .count()
    )


# -- pages of the matching unit ------------------------------------------------------------------

QUEUE_PAGE_SIZE = 50


@dataclass(frozen=True)
class QueueSection:
    """The first rows of one work queue and how many there are in all."""

    key: str
    rows: list[Referral]
    total: int


def work_queue_sections(
    *, municipality: Municipality, limit: int = QUEUE_PAGE_SIZE
) -> list[QueueSection]:
    """The consultant's work queues, each capped at ``limit`` rows (oldest first) with its
    total: two queries per queue whatever their size."""
    queues = work_queues(municipality=municipality)
    sections = []
    for key, queryset in (
        ("new", queues.new),
        ("in_intake", queues.in_intake),
        ("waiting", queues.waiting),
    ):
        rows = list(queryset[:limit])
        total = len(rows) if len(rows) < limit else queryset.count()
        sections.append(QueueSection(key=key, rows=rows, total=total))
    return sections


@dataclass
class MunicipalityOccupancy:
    municipality: Municipality
    enrolments: list[Enrolment]

    @property
    def capacity(self) -> int:
        return sum(e.max_places for e in self.enrolments)

    @property
    def occupied(self) -> int:
        return sum(e.occupied for e in self.enrolments)  # type: ignore[attr-defined]

    @property
    def free(self) -> int:
        return self.capacity - self.occupied


def occupancy_by_municipality(
    *, municipality_ids: Iterable[int], on: date | None = None
) -> list[MunicipalityOccupancy]:
    """Capacity, occupied and free places per active company, grouped per municipality (one
    query; run it inside a tenant context covering ``municipality_ids``)."""
    groups: dict[int, MunicipalityOccupancy] = {}
    for enrolment in occupancy(municipality_ids=municipality_ids, on=on):
        group = groups.get(enrolment.municipality_id)
        if group is None:
            group = groups[enrolment.municipality_id] = MunicipalityOccupancy(
                municipality=enrolment.municipality, enrolments=[]
            )
        group.enrolments.append(enrolment)
    return list(groups.values())


def participants_search(*, municipality: Municipality, query: str = "") -> QuerySet[Participant]:
    """This municipality's participants by name (every word must match the first or last
    name), in the order of the (municipality, last name, first name) index."""
    queryset = Participant.objects.filter(municipality=municipality).select_related(
        "home_municipality"
    )
    for word in query.split()[:5]:
        queryset = queryset.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return queryset.order_by("last_name", "first_name", "id")


def active_placements_by_participant(
    *, municipality: Municipality, participant_ids: Iterable[int], on: date | None = None
) -> dict[int, list[Placement]]:
    """Active placements (with the step in force) of a page of participants: one query."""
    on = on or timezone.localdate()
    placements = placements_with_step(
        Placement.objects.filter(
            municipality=municipality, participant_id__in=list(participant_ids)
        )
        .active_on(on)
        .select_related("enrolment__organisation")
        .order_by("start_date", "id"),
        on=on,
    )
    found: dict[int, list[Placement]] = {}
    for placement in placements:
        found.setdefault(placement.participant_id, []).append(placement)
    return found
