"""Reads for the matching unit: work queues, the matching search and occupancy across the
municipalities a matching unit serves.

The functions that take an :class:`~participatie.tenancy.http.Access` are the ones that reach
across municipalities: they work out which municipalities the actor's matching units serve and
open exactly those (``tenant_context``), so views hold no tenancy logic. The others read the
municipality they are given, inside the request's own scope.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from matching.choices import IntakeOutcome, ReferralStatus
from matching.models import Intake, Referral
from participatie.enrolments.choices import EnrolmentStatus
from participatie.models import Enrolment, Municipality, Organisation, Participant, Placement
from participatie.participants.eligibility import is_eligible_age
from participatie.placements.selectors import occupancy, placements_visible_to, placements_with_step
from participatie.tenancy.access import municipalities_served_by
from participatie.tenancy.context import tenant_context
from participatie.tenancy.http import Access
from participatie.tenancy.permissions import Perm

# -- who the matching unit is and where it works -------------------------------------------------


def served_municipalities(access: Access) -> list[Municipality]:
    """The municipalities the actor's matching units serve, by name (one query, across
    tenants; empty for a user without a matching-unit membership)."""
    return municipalities_served_by(access.matching_unit_ids)


def matching_unit_of(access: Access) -> Organisation:
    """The matching unit the actor registers referrals for (their first matching-unit
    membership here; the page and endpoint that ask require ``Perm.MATCHING_WORK``)."""
    unit_ids = access.matching_unit_ids
    return next(m.organisation for m in access.memberships if m.organisation_id in unit_ids)


# -- who sees which referrals and intakes -------------------------------------------------------


# Everyone who may open a matching page or endpoint (``Perm.MATCHING_VIEW`` or
# ``Perm.MATCHING_WORK``, checked before these run) sees all of the municipality's referrals and
# intakes. They do not narrow by permission themselves: an action endpoint looks its object up
# before DRF answers 405 for a method it does not offer, and that answer must not depend on it.


def referrals_visible_to(access: Access) -> QuerySet[Referral]:
    """The referrals registered for the active municipality, newest first."""
    return (
        Referral.objects.filter(municipality=access.municipality)
        .select_related("participant__home_municipality", "matching_unit", "registered_by")
        .order_by("-referred_on", "-id")
    )


def intakes_visible_to(access: Access) -> QuerySet[Intake]:
    """The intakes of the active municipality, newest first."""
    return (
        Intake.objects.filter(municipality=access.municipality)
        .select_related("referral__participant", "consultant", "placed_in")
        .order_by("-intake_date", "-id")
    )


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
    queryset = occupancy(municipality_ids=municipality_ids, on=on).filter(Q(free__gt=0))
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
    ).order_by("is_home", F("free").desc(), "organisation__name")


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


@dataclass(frozen=True)
class PeriodElsewhere:
    municipality: str
    start_date: date
    end_date: date | None

    def active_on(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


def placements_of_bsns(
    *, bsns: Iterable[str], municipality_ids: Iterable[int]
) -> dict[str, list[PeriodElsewhere]]:
    """:func:`active_placements_of_bsn` for many people at once (the caseload import): every
    placement of these BSNs in the given municipalities, by BSN, so the caller checks any day.
    Runs inside a tenant context that covers ``municipality_ids``; one query per 1,000 BSNs."""
    ids = list(municipality_ids)
    wanted = sorted(set(bsns))
    found: dict[str, list[PeriodElsewhere]] = {}
    if not ids:
        return found
    for start in range(0, len(wanted), 1000):
        rows = Placement.objects.filter(
            municipality_id__in=ids, participant__bsn__in=wanted[start : start + 1000]
        ).values_list("participant__bsn", "municipality__name", "start_date", "end_date")
        for bsn, municipality, first, last in rows:
            found.setdefault(bsn, []).append(PeriodElsewhere(municipality, first, last))
    return found


@dataclass(frozen=True)
class MatchingSearch:
    """The matching search of one candidate across the municipalities the unit serves."""

    results: list[Enrolment]
    elsewhere: list[PlacementElsewhere]
    served: list[Municipality]


def matching_search_for(
    *,
    access: Access,
    participant: Participant,
    sector: str = "",
    work_environment: str = "",
    guidance_kind: str = "",
) -> MatchingSearch:
    """Companies with a free place in every municipality the actor's matching units serve
    (:func:`matching_search`), and the candidate's active placements there (the warning). Opens
    exactly the served municipalities; three queries whatever the number of companies."""
    served = served_municipalities(access)
    served_ids = [m.id for m in served]
    with tenant_context(served_ids):
        results = list(
            matching_search(
                municipality_ids=served_ids,
                home_municipality_id=participant.home_municipality_id,
                sector=sector,
                work_environment=work_environment,
                guidance_kind=guidance_kind,
            )
        )
        elsewhere = active_placements_of_bsn(bsn=participant.bsn, municipality_ids=served_ids)
    return MatchingSearch(results=results, elsewhere=elsewhere, served=served)


def placing_enrolment(*, access: Access, enrolment_pk: int) -> Enrolment | None:
    """An active company, with its occupancy, in a municipality the actor's matching units
    serve; ``None`` when there is none (another municipality, ended, unknown)."""
    served_ids = [m.id for m in served_municipalities(access)]
    with tenant_context(served_ids):
        found = list(
            occupancy(municipality_ids=served_ids).filter(
                pk=enrolment_pk, status=EnrolmentStatus.ACTIVE
            )
        )
    return found[0] if found else None


def eligibility_problems(*, intake: Intake, participant: Participant, on: date) -> list[str]:
    """Why this person cannot (yet) be placed, in the consultant's words; empty when eligible."""
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


# -- pages of the matching unit ------------------------------------------------------------------

QUEUE_PAGE_SIZE = 50


@dataclass(frozen=True)
class QueueSection:
    """The first rows of one work queue and how many there are in all."""

    key: str
    rows: list[Referral]
    total: int


def first_rows(queryset: QuerySet[Any], limit: int) -> tuple[list[Any], int]:
    """The first ``limit`` rows of a queue and how many it holds: one query when it is shorter
    than ``limit`` (the usual case), a count besides when it is not."""
    rows = list(queryset[:limit])
    return rows, len(rows) if len(rows) < limit else queryset.count()


def work_queue_sections(
    *, municipality: Municipality, limit: int = QUEUE_PAGE_SIZE
) -> list[QueueSection]:
    """The consultant's work queues, each capped at ``limit`` rows (oldest first) with its
    total: at most two queries per queue whatever their size."""
    queues = work_queues(municipality=municipality)
    sections = []
    for key, queryset in (
        ("new", queues.new),
        ("in_intake", queues.in_intake),
        ("waiting", queues.waiting),
    ):
        rows, total = first_rows(queryset, limit)
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


def occupancy_visible_to(access: Access) -> list[MunicipalityOccupancy]:
    """The occupancy panel: a consultant sees every municipality their matching units serve,
    a municipal officer their own. This municipality first, then the others by name."""
    here = access.municipality
    assert here is not None  # a municipal page
    ids = {here.id}
    if access.has(Perm.MATCHING_WORK):
        ids |= {m.id for m in served_municipalities(access)}
    with tenant_context(ids):
        groups = occupancy_by_municipality(municipality_ids=ids)
    groups.sort(key=lambda g: (g.municipality.id != here.id, g.municipality.name))
    return groups


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


def placement_of_intake(access: Access, intake: Intake) -> Placement | None:
    """The placement an intake led to, when it is in the active municipality and the actor may
    see it (for the link on the referral page); ``None`` when it lies in another municipality."""
    here = access.municipality
    if intake.placement_reference is None or here is None or intake.placed_in_id != here.id:
        return None
    return placements_visible_to(access).filter(reference=intake.placement_reference).first()
