"""Writes for the matching unit: referrals, intakes and placing a candidate (possibly in
another municipality the matching unit serves)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matching.choices import CONTRA_INDICATIONS, IntakeOutcome, ReferralStatus
from matching.models import Intake, Referral
from matching.selectors import (
    active_placements_of_bsn,
    eligibility_problems,
    served_municipalities,
)
from participatie.kernel.errors import StateConflict
from participatie.models import Enrolment, Municipality, Organisation, Participant, Placement, User

# Re-exported: the callers of referral_register catch it from here.
from participatie.participants.services import ExistingParticipant as ExistingParticipant
from participatie.participants.services import (
    corrections_chosen,
    participant_correct,
    participant_date_errors,
    participant_differences,
)
from participatie.placements.choices import PlacementKind
from participatie.placements.services import participant_for_place, placement_start
from participatie.tenancy.context import tenant_context
from participatie.tenancy.http import Access

PARTICIPANT_FIELDS = (
    "first_name",
    "last_name",
    "bsn",
    "birth_date",
    "address",
    "postcode",
    "city",
    "phone",
    "email",
    "home_municipality",
    "benefit",
    "consent_by",
    "consent_on",
)


@transaction.atomic
def referral_register(
    *,
    municipality: Municipality,
    matching_unit: Organisation,
    participant_data: dict[str, Any],
    source: str,
    referred_on: date,
    referrer: str = "",
    notes: str = "",
    same_person: bool = False,
    apply_corrections: Iterable[str] | None = None,
    expected_reference: UUID | None = None,
    actor: User,
) -> Referral:
    """Register a referral; the participant is found by BSN in this municipality or created.

    When the BSN is known here and the data given differ from that person's, nothing is saved:
    :class:`ExistingParticipant` names the differences, so the caller can ask whether this is
    the same person. Asked again with ``same_person`` (and, from a page that showed one person,
    that person's ``expected_reference``), the referral is registered for the known person and
    the differences named in ``apply_corrections`` (all of them when None) become corrections
    to that person's data, kept in the change history with the actor."""
    today = timezone.localdate()
    data = {key: participant_data.get(key) for key in PARTICIPANT_FIELDS if key in participant_data}
    errors = participant_date_errors(data, today=today)
    if referred_on > today:
        errors["referred_on"] = [_("De aanmelddatum ligt in de toekomst.")]
    if errors:
        raise ValidationError(errors)
    participant = Participant.objects.filter(municipality=municipality, bsn=data.get("bsn")).first()
    if participant is None:
        data.setdefault("home_municipality", municipality)
        participant = Participant(municipality=municipality, **data)
        participant.full_clean(exclude=["municipality"])
        participant.save()
    else:
        differences = participant_differences(participant, data)
        confirmed = same_person and expected_reference in (None, participant.reference)
        if differences and not confirmed:
            raise ExistingParticipant(participant, differences)
        participant_correct(
            participant=participant,
            corrections=corrections_chosen(differences, apply_corrections),
            actor=actor,
        )
    return Referral.objects.create(
        municipality=municipality,
        participant=participant,
        source=source,
        referred_on=referred_on,
        referrer=referrer.strip(),
        notes=notes.strip(),
        matching_unit=matching_unit,
        registered_by=actor,
    )


SCREENING_FIELDS = ("informed", "motivated", "consent", "wishes", *CONTRA_INDICATIONS)


@transaction.atomic
def intake_record(
    *,
    referral: Referral,
    intake_date: date,
    consultant: User,
    intake_notes: str | None = None,
    **screening: Any,
) -> Intake:
    """Start or update the intake of a referral (screening answers, not yet an outcome).
    ``intake_notes`` (matching unit only) are kept on the participant record."""
    unknown = set(screening) - set(SCREENING_FIELDS)
    if unknown:
        raise TypeError(f"unknown screening fields: {sorted(unknown)}")
    if intake_date < referral.referred_on:
        raise ValidationError({"intake_date": _("De intakedatum ligt vóór de aanmelddatum.")})
    if intake_date > timezone.localdate():
        raise ValidationError({"intake_date": _("De intakedatum ligt in de toekomst.")})
    intake = referral.intakes.filter(outcome="").first() or Intake(
        municipality_id=referral.municipality_id, referral=referral, consultant=consultant
    )
    if intake.outcome:
        raise StateConflict(_("Deze intake is al afgerond."))
    intake.intake_date = intake_date
    for name, value in screening.items():
        setattr(intake, name, value)
    intake.save()
    if intake_notes is not None:
        Participant.objects.filter(
            municipality_id=referral.municipality_id, pk=referral.participant_id
        ).update(intake_notes=intake_notes.strip())
    if referral.status == ReferralStatus.NEW:
        referral.status = ReferralStatus.INTAKE
        referral.save(update_fields=["status"])
    return intake


@transaction.atomic
def intake_conclude(
    *,
    intake: Intake,
    outcome: str,
    actor: User,
    handover_to: str = "",
    handover_note: str = "",
    not_eligible_reason: str = "",
) -> Intake:
    """Close an intake without a placement: waiting for a place, handover, not eligible, withdrawn.
    (Placing is :func:`intake_place`.)"""
    intake = (
        Intake.objects.select_for_update().select_related("referral__participant").get(pk=intake.pk)
    )
    if intake.outcome and intake.outcome != IntakeOutcome.WAITING:
        raise StateConflict(_("Deze intake is al afgerond."))
    today = timezone.localdate()
    if outcome == IntakeOutcome.WAITING:
        problems = eligibility_problems(
            intake=intake, participant=intake.referral.participant, on=today
        )
        if problems:
            raise ValidationError({"outcome": problems})
        referral_status = ReferralStatus.WAITING
    elif outcome == IntakeOutcome.WARM_HANDOVER:
        if not handover_to:
            raise ValidationError({"handover_to": _("Kies aan wie de deelnemer is overgedragen.")})
        referral_status = ReferralStatus.CLOSED
    elif outcome == IntakeOutcome.NOT_ELIGIBLE:
        if not not_eligible_reason.strip():
            raise ValidationError(
                {"not_eligible_reason": _("Geef aan waarom de deelnemer niet past.")}
            )
        referral_status = ReferralStatus.CLOSED
    elif outcome == IntakeOutcome.WITHDRAWN:
        referral_status = ReferralStatus.CLOSED
    else:
        raise ValidationError({"outcome": _("Kies een uitkomst.")})
    intake.outcome = outcome
    intake.outcome_on = today
    intake.handover_to = handover_to if outcome == IntakeOutcome.WARM_HANDOVER else ""
    intake.handover_note = handover_note.strip() if outcome == IntakeOutcome.WARM_HANDOVER else ""
    intake.not_eligible_reason = (
        not_eligible_reason.strip() if outcome == IntakeOutcome.NOT_ELIGIBLE else ""
    )
    intake.save()
    Referral.objects.filter(pk=intake.referral_id).update(status=referral_status)
    return intake


@transaction.atomic
def intake_place(
    *,
    intake: Intake,
    enrolment_id: int,
    place_municipality_id: int,
    served_municipality_ids: Iterable[int],
    start_date: date,
    hours_per_week: Decimal,
    actor: User,
    kind: str = PlacementKind.REGULAR,
    orientation_employer: str = "",
    end_date: date | None = None,
) -> Placement:
    """Place the candidate of an intake at a company in any municipality the matching unit
    serves. The placement, and the participant record it needs, live where the place is."""
    served = set(served_municipality_ids)
    if place_municipality_id not in served or intake.municipality_id not in served:
        raise ValidationError({"enrolment": _("Uw matchingsunit werkt niet voor die gemeente.")})
    intake = (
        Intake.objects.select_for_update().select_related("referral__participant").get(pk=intake.pk)
    )
    if intake.outcome and intake.outcome != IntakeOutcome.WAITING:
        raise StateConflict(_("Deze intake is al afgerond."))
    source = intake.referral.participant
    problems = eligibility_problems(intake=intake, participant=source, on=start_date)
    if problems:
        raise ValidationError({"start_date": problems})
    with tenant_context(served):
        enrolment = Enrolment.objects.filter(
            pk=enrolment_id, municipality_id=place_municipality_id
        ).first()
        if enrolment is None:
            raise ValidationError({"enrolment": _("Kies een leerwerkbedrijf met een vrije plek.")})
        elsewhere = active_placements_of_bsn(
            bsn=source.bsn, municipality_ids=served - {place_municipality_id}, on=start_date
        )
        participant = participant_for_place(source=source, municipality_id=place_municipality_id)
        placement = placement_start(
            participant=participant,
            enrolment=enrolment,
            start_date=start_date,
            end_date=end_date,
            hours_per_week=hours_per_week,
            kind=kind,
            orientation_employer=orientation_employer,
            earliest_start=intake.intake_date,
            intake_reference=intake.reference,
            concurrent_elsewhere=len(elsewhere),
            actor=actor,
        )
    intake.outcome = IntakeOutcome.PLACED
    intake.outcome_on = timezone.localdate()
    intake.placed_in_id = place_municipality_id
    intake.placement_reference = placement.reference
    intake.save()
    Referral.objects.filter(pk=intake.referral_id).update(status=ReferralStatus.CLOSED)
    return placement


def placement_place(
    *,
    access: Access,
    intake: Intake,
    enrolment_id: int,
    start_date: date,
    hours_per_week: Decimal,
    actor: User,
    place_municipality_id: int | None = None,
    place_municipality_slug: str | None = None,
    kind: str = PlacementKind.REGULAR,
    orientation_employer: str = "",
    end_date: date | None = None,
) -> Placement:
    """Place the candidate of an intake for an actor: :func:`intake_place` across exactly the
    municipalities the actor's matching units serve. The place's municipality is given by id or
    by slug; one the units do not serve (or an unknown slug) is refused in words."""
    served = served_municipalities(access)
    if place_municipality_id is None:
        # Id 0 matches no municipality: intake_place refuses it like any unserved one.
        place_municipality_id = next((m.id for m in served if m.slug == place_municipality_slug), 0)
    return intake_place(
        intake=intake,
        enrolment_id=enrolment_id,
        place_municipality_id=place_municipality_id,
        served_municipality_ids=[m.id for m in served],
        start_date=start_date,
        hours_per_week=hours_per_week,
        actor=actor,
        kind=kind,
        orientation_employer=orientation_employer,
        end_date=end_date,
    )
