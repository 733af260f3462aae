"""Who sees which referral of a partner, and what its status is.

:func:`partner_referrals_visible_to` is the one place that decides it: a partner (a client
manager of the social service or UWV, a company, a district team) sees the referrals of its own
organisation in the active municipality; the matching unit sees all of them (its queue);
nobody else any. The status comes from the referral the matching unit registered, its intake
and the placement that followed, computed for a page of rows in a fixed number of queries. It
never carries intake notes or development texts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from matching.choices import IntakeOutcome, ReferralStatus
from matching.models import Intake
from matching.partners.choices import PartnerStatus
from matching.partners.models import PartnerReferral
from participatie.choices import OrganisationKind
from participatie.models import Municipality, Organisation, Placement, ServiceArea
from participatie.placements.choices import OutflowReason
from participatie.tenancy.context import all_tenants, tenant_context
from participatie.tenancy.http import Access
from participatie.tenancy.permissions import LWB_ROLES, PARTNER_ROLES, Perm

REFERRER_ROLES = PARTNER_ROLES | LWB_ROLES


def referring_organisations(access: Access) -> list[Organisation]:
    """The organisations the user refers for here (their partner or company memberships)."""
    wanted = access.organisation_ids(REFERRER_ROLES)
    seen: dict[int, Organisation] = {}
    for membership in access.memberships:
        if membership.organisation_id in wanted:
            seen.setdefault(membership.organisation_id, membership.organisation)
    return sorted(seen.values(), key=lambda o: o.name)


def partner_referrals_visible_to(access: Access) -> QuerySet[PartnerReferral]:
    """The referrals the user may see in the active municipality, newest first."""
    municipality = access.municipality
    queryset = PartnerReferral.objects.filter(municipality=municipality).select_related(
        "organisation", "submitted_by", "referral"
    )
    if municipality is None:
        return queryset.none()
    if access.has(Perm.MATCHING_WORK):
        return queryset.order_by("-created_at", "-id")
    if access.has(Perm.PARTNER_REFER):
        own = access.organisation_ids(REFERRER_ROLES)
        return queryset.filter(organisation_id__in=own).order_by("-created_at", "-id")
    return queryset.none()


def inbound_queue(access: Access) -> QuerySet[PartnerReferral]:
    """What waits for the matching unit: referrals not yet taken in nor closed, oldest first."""
    if not access.has(Perm.MATCHING_WORK):
        return PartnerReferral.objects.none()
    return (
        partner_referrals_visible_to(access)
        .filter(referral__isnull=True, closed_at__isnull=True)
        .order_by("created_at", "id")
    )


# -- status ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlacementState:
    company: str
    municipality: str
    start_date: date
    end_date: date | None
    outflow_reason: str

    @property
    def ended(self) -> bool:
        return self.end_date is not None and self.end_date <= timezone.localdate()

    @property
    def outflow_label(self) -> str:
        return str(OutflowReason(self.outflow_reason).label) if self.outflow_reason else ""

    @property
    def to_paid_work(self) -> bool:
        return self.ended and self.outflow_reason == OutflowReason.PAID_WORK


@dataclass(frozen=True)
class PartnerRow:
    """One referral as its referrer sees it."""

    referral: PartnerReferral
    status: PartnerStatus
    since: date | None
    placement: PlacementState | None

    @property
    def paid_work_signal(self) -> bool:
        """The client left for paid work and the client manager has not marked it seen."""
        return (
            self.placement is not None
            and self.placement.to_paid_work
            and self.referral.paid_work_seen_at is None
        )


def _latest_intakes(referral_ids: Sequence[int]) -> dict[int, Intake]:
    latest: dict[int, Intake] = {}
    for intake in (
        Intake.objects.filter(referral_id__in=list(referral_ids))
        .only(
            "id",
            "referral_id",
            "intake_date",
            "outcome",
            "outcome_on",
            "placed_in_id",
            "placement_reference",
        )
        .order_by("referral_id", "-intake_date", "-id")
    ):
        latest.setdefault(intake.referral_id, intake)
    return latest


def _placements(intakes: Iterable[Intake]) -> dict[UUID, PlacementState]:
    """The placements the intakes led to, possibly in another municipality of the matching
    unit's area: one query that opens exactly the municipalities they lie in and reads the
    company, the dates and the outflow reason (no person's data)."""
    wanted = {
        i.placement_reference: i.placed_in_id
        for i in intakes
        if i.placement_reference is not None and i.placed_in_id is not None
    }
    if not wanted:
        return {}
    places = set(wanted.values())
    with tenant_context(places):
        rows = Placement.objects.filter(
            municipality_id__in=places, reference__in=list(wanted)
        ).values_list(
            "reference",
            "enrolment__organisation__name",
            "municipality__name",
            "start_date",
            "end_date",
            "outflow_reason",
        )
        return {row[0]: PlacementState(*row[1:]) for row in rows}


def _status(
    partner: PartnerReferral, intake: Intake | None, placement: PlacementState | None
) -> tuple[PartnerStatus, date | None]:
    if partner.referral is None:
        if partner.closed_at is not None:
            return PartnerStatus.NOT_ELIGIBLE, partner.closed_at.date()
        return PartnerStatus.RECEIVED, partner.created_at.date()
    if intake is None or not intake.outcome:
        if partner.referral.status == ReferralStatus.NEW and intake is None:
            return PartnerStatus.RECEIVED, partner.referral.referred_on
        return PartnerStatus.INTAKE, intake.intake_date if intake else None
    outcome = intake.outcome
    if outcome == IntakeOutcome.PLACED:
        if placement is not None and placement.ended:
            return PartnerStatus.ENDED, placement.end_date
        return PartnerStatus.PLACED, placement.start_date if placement else intake.outcome_on
    mapping = {
        IntakeOutcome.WAITING: PartnerStatus.WAITING,
        IntakeOutcome.WARM_HANDOVER: PartnerStatus.HANDED_OVER,
        IntakeOutcome.NOT_ELIGIBLE: PartnerStatus.NOT_ELIGIBLE,
        IntakeOutcome.WITHDRAWN: PartnerStatus.WITHDRAWN,
    }
    return mapping[IntakeOutcome(outcome)], intake.outcome_on


def partner_rows(referrals: Sequence[PartnerReferral]) -> list[PartnerRow]:
    """Status (and, once placed, the placement's company, dates and outflow reason) of a page of
    referrals: two queries whatever their number."""
    intakes = _latest_intakes([r.referral_id for r in referrals if r.referral_id])
    placements = _placements(intakes.values())
    rows = []
    for partner in referrals:
        intake = intakes.get(partner.referral_id) if partner.referral_id else None
        placement = (
            placements.get(intake.placement_reference)
            if intake is not None and intake.placement_reference
            else None
        )
        status, since = _status(partner, intake, placement)
        rows.append(PartnerRow(partner, status, since, placement))
    return rows


def paid_work_signals(access: Access) -> int:
    """How many of the client manager's clients left for paid work unseen (three queries)."""
    if not access.has(Perm.CLIENTS_VIEW):
        return 0
    candidates = list(
        partner_referrals_visible_to(access).filter(
            referral__isnull=False, paid_work_seen_at__isnull=True
        )
    )
    return sum(1 for row in partner_rows(candidates) if row.paid_work_signal)


# -- where partners and residents can refer to -------------------------------------------------


def public_municipalities() -> list[Municipality]:
    """The municipalities a resident can register with: those a matching unit works for."""
    with transaction.atomic(), all_tenants(reason="public form: municipalities with a unit"):
        ids = set(
            ServiceArea.objects.filter(
                organisation__kind=OrganisationKind.MATCHING_UNIT
            ).values_list("municipality_id", flat=True)
        )
    return list(Municipality.objects.filter(pk__in=ids).order_by("name"))
