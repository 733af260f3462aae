"""Writes for placements and steps.

A placement lives in the municipality where the place is. When the intake was registered in
another municipality, the placing service creates (or reuses, by BSN) the participant record in
the place's municipality with ``home_municipality`` set, and the intake keeps a global reference.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from participatie.enrolments.choices import EnrolmentStatus
from participatie.models import (
    Enrolment,
    Objection,
    Participant,
    Placement,
    Step,
    StepDecision,
    User,
)
from participatie.participants.eligibility import is_eligible_age
from participatie.placements.choices import (
    ObjectionStatus,
    OutflowReason,
    PlacementKind,
    StepDecisionStatus,
)

MAX_CONCURRENT_PLACEMENTS = 2
OVERLAP_CONSTRAINT = "placement_no_overlap_same_company"
SECOND_PLACEMENT_MIN_EXPERIENCE = relativedelta(months=3)
SECOND_PLACEMENT_MAX_LENGTH = relativedelta(years=1)


def long_date(day: date) -> str:
    """A date as a sentence writes it, in the active language: "14 februari 2023"."""
    return date_format(day, "j F Y")


def second_placement_last_day(start_date: date) -> date:
    """The last day a second place that starts on ``start_date`` may run: one year, start and
    end date inclusive (start 15 February 2022, end at the latest 14 February 2023)."""
    return start_date + SECOND_PLACEMENT_MAX_LENGTH - timedelta(days=1)


# Fields a place's municipality needs of a participant registered elsewhere. Intake notes stay
# with the matching unit's municipality.
_PARTICIPANT_COPY_FIELDS = (
    "first_name",
    "last_name",
    "bsn",
    "birth_date",
    "address",
    "postcode",
    "city",
    "phone",
    "email",
    "benefit",
    "consent_by",
    "consent_on",
)


@transaction.atomic
def participant_for_place(*, source: Participant, municipality_id: int) -> Participant:
    """The participant record in the place's municipality (the active tenant context must
    include it): reused by BSN, or created from ``source`` with its home municipality."""
    if source.municipality_id == municipality_id:
        return source
    existing = Participant.objects.filter(municipality_id=municipality_id, bsn=source.bsn).first()
    if existing is not None:
        return existing
    return Participant.objects.create(
        municipality_id=municipality_id,
        reference=source.reference,
        home_municipality_id=source.home_municipality_id,
        **{name: getattr(source, name) for name in _PARTICIPANT_COPY_FIELDS},
    )


def default_step(*, municipality_id: int, year: int) -> Step:
    step = Step.objects.filter(municipality_id=municipality_id, year=year, is_default=True).first()
    if step is None:
        raise ValidationError(
            {"start_date": _("Er zijn geen treden vastgesteld voor %(year)s.") % {"year": year}}
        )
    return step


def _free_places(enrolment: Enrolment, on: date) -> int:
    occupied = (
        Placement.objects.filter(municipality_id=enrolment.municipality_id, enrolment=enrolment)
        .active_on(on)
        .count()
    )
    return enrolment.max_places - occupied


def _check_start(
    *,
    participant: Participant,
    enrolment: Enrolment,
    start_date: date,
    end_date: date | None,
    hours_per_week: Decimal,
    kind: str,
    orientation_employer: str,
    earliest_start: date | None,
    concurrent_elsewhere: int,
) -> None:
    errors: dict[str, list[str]] = {}

    def error(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if enrolment.status != EnrolmentStatus.ACTIVE:
        error("enrolment", _("Dit leerwerkbedrijf heeft geen actief contract met de gemeente."))
    if earliest_start and start_date < earliest_start:
        error(
            "start_date",
            _("De startdatum ligt vóór de intakedatum (%(date)s).")
            % {"date": earliest_start.strftime("%d-%m-%Y")},
        )
    if not is_eligible_age(participant.birth_date, start_date):
        error(
            "start_date",
            _("Op de startdatum is de deelnemer jonger dan 18 of heeft de AOW-leeftijd bereikt."),
        )
    if end_date is not None and end_date < start_date:
        error("end_date", _("De einddatum ligt vóór de startdatum."))
    if not (Decimal(0) <= hours_per_week <= Decimal(40)):
        error("hours_per_week", _("Het aantal uren per week ligt tussen 0 en 40."))
    if kind == PlacementKind.ORIENTATION and not orientation_employer.strip():
        error("orientation_employer", _("Noem de werkgever van de oriëntatieplek."))
    if errors:
        raise ValidationError(errors)

    own = Placement.objects.filter(
        municipality_id=participant.municipality_id, participant=participant
    )
    overlapping = list(own.overlapping(start_date, end_date).select_related("enrolment"))
    if any(p.enrolment_id == enrolment.id for p in overlapping):
        raise ValidationError(
            {
                "start_date": _(
                    "De deelnemer heeft in deze periode al een plaatsing bij dit bedrijf."
                )
            }
        )
    if len(overlapping) + concurrent_elsewhere >= MAX_CONCURRENT_PLACEMENTS:
        raise ValidationError(
            {
                "start_date": _(
                    "De deelnemer heeft in deze periode al twee plaatsingen; meer dan twee "
                    "tegelijk kan niet."
                )
            }
        )
    if kind == PlacementKind.SECOND:
        _check_second_placement(participant, start_date, end_date, overlapping)
    free = _free_places(enrolment, start_date)
    if free <= 0:
        raise ValidationError(
            {
                "enrolment": _(
                    "Dit leerwerkbedrijf zit vol: %(max)s plekken, %(taken)s bezet. De "
                    "accounthouder kan de capaciteit verhogen."
                )
                % {"max": enrolment.max_places, "taken": enrolment.max_places - free}
            }
        )


def _check_second_placement(
    participant: Participant, start_date: date, end_date: date | None, overlapping: list[Placement]
) -> None:
    if end_date is None:
        raise ValidationError(
            {"end_date": _("Een tweede plek duurt hooguit een jaar: vul een einddatum in.")}
        )
    last_day = second_placement_last_day(start_date)
    if end_date > last_day:
        raise ValidationError(
            {
                "end_date": _(
                    "Een tweede plek duurt hooguit een jaar: kies een einddatum uiterlijk %(date)s."
                )
                % {"date": long_date(last_day)}
            }
        )
    first = next(
        (p for p in overlapping if p.start_date <= start_date - SECOND_PLACEMENT_MIN_EXPERIENCE),
        None,
    )
    if first is None:
        raise ValidationError(
            {
                "kind": _(
                    "Een tweede plek kan alleen naast een plaatsing die al minstens drie "
                    "maanden loopt."
                )
            }
        )
    if not first.development_plans.exists():
        raise ValidationError(
            {"kind": _("Voor een tweede plek is een ontwikkelplan nodig bij de eerste plaatsing.")}
        )


@transaction.atomic
def placement_start(
    *,
    participant: Participant,
    enrolment: Enrolment,
    start_date: date,
    hours_per_week: Decimal,
    actor: User,
    kind: str = PlacementKind.REGULAR,
    orientation_employer: str = "",
    end_date: date | None = None,
    earliest_start: date | None = None,
    intake_reference: UUID | None = None,
    concurrent_elsewhere: int = 0,
) -> Placement:
    """Start a placement at ``enrolment`` (in its municipality) in the year's default step.

    ``participant`` must already be the record in the place's municipality (see
    :func:`participant_for_place`). ``concurrent_elsewhere`` counts the person's active
    placements in other municipalities, which the caller may see and this tenant may not.
    """
    if participant.municipality_id != enrolment.municipality_id:
        raise ValueError("participant and enrolment must be of the same municipality")
    # Serialise starts at one company, so two consultants cannot both take its last place.
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    _check_start(
        participant=participant,
        enrolment=enrolment,
        start_date=start_date,
        end_date=end_date,
        hours_per_week=Decimal(hours_per_week),
        kind=kind,
        orientation_employer=orientation_employer,
        earliest_start=earliest_start,
        concurrent_elsewhere=concurrent_elsewhere,
    )
    step = default_step(municipality_id=enrolment.municipality_id, year=start_date.year)
    try:
        with transaction.atomic():
            placement = Placement.objects.create(
                municipality_id=enrolment.municipality_id,
                participant=participant,
                enrolment=enrolment,
                kind=kind,
                orientation_employer=orientation_employer.strip(),
                start_date=start_date,
                end_date=end_date,
                hours_per_week=hours_per_week,
                intake_reference=intake_reference,
                created_by=actor,
            )
    except IntegrityError as exc:
        # The exclusion constraint caught an overlap that a concurrent request created.
        if OVERLAP_CONSTRAINT not in str(exc):
            raise
        raise ValidationError(
            {
                "start_date": _(
                    "De deelnemer heeft in deze periode al een plaatsing bij dit bedrijf."
                )
            }
        ) from None
    StepDecision.objects.create(
        municipality_id=placement.municipality_id,
        placement=placement,
        step=step,
        valid_from=start_date,
        justification=_("Start in de standaardtrede."),
        status=StepDecisionStatus.APPROVED,
        is_initial=True,
        advised_by=actor,
        decided_at=timezone.now(),
    )
    return placement


@transaction.atomic
def placement_end(
    *, placement: Placement, end_date: date, reason: str, note: str = "", actor: User
) -> Placement:
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if placement.end_date is not None:
        raise ValidationError({"end_date": _("Deze plaatsing is al beëindigd.")})
    if end_date < placement.start_date:
        raise ValidationError({"end_date": _("De einddatum ligt vóór de startdatum.")})
    if reason not in OutflowReason.values:
        raise ValidationError({"reason": _("Kies een reden van uitstroom.")})
    placement.end_date = end_date
    placement.outflow_reason = reason
    placement.outflow_note = note
    placement.save(update_fields=["end_date", "outflow_reason", "outflow_note"])
    return placement


def _step_in_force(placement: Placement, on: date) -> StepDecision | None:
    """The approved decision in force on ``on`` (the latest approved one from before)."""
    return (
        StepDecision.objects.filter(
            municipality_id=placement.municipality_id,
            placement=placement,
            status=StepDecisionStatus.APPROVED,
            valid_from__lte=on,
        )
        .select_related("step")
        .order_by("-valid_from", "-decided_at", "-pk")
        .first()
    )


@transaction.atomic
def step_advise(
    *, placement: Placement, step: Step, valid_from: date, justification: str, actor: User
) -> StepDecision:
    """A consultant advises a step from a date; the account holder decides.

    Refused: a step that is already in force on that date (nothing would change), and a second
    open advice for the same placement from the same date (the account holder would have to
    choose between two advices about one day)."""
    # Serialise advices per placement, so two consultants cannot both add the same advice.
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    errors: dict[str, str] = {}
    if not justification.strip():
        errors["justification"] = _("Onderbouw het advies.")
    if step.municipality_id != placement.municipality_id or step.year != valid_from.year:
        errors["step"] = _("Deze trede hoort niet bij de treden van %(year)s.") % {
            "year": valid_from.year
        }
    if valid_from < placement.start_date or (
        placement.end_date is not None and valid_from > placement.end_date
    ):
        errors["valid_from"] = _("De datum ligt buiten de looptijd van de plaatsing.")
    if "step" not in errors and "valid_from" not in errors:
        in_force = _step_in_force(placement, valid_from)
        # Steps are rows per year; the code is the step (settlement pays by code).
        if in_force is not None and in_force.step.code == step.code:
            errors["step"] = _(
                "Deze trede geldt al vanaf %(date)s. Kies een andere trede of een andere datum."
            ) % {"date": long_date(in_force.valid_from)}
        open_advice = StepDecision.objects.filter(
            municipality_id=placement.municipality_id,
            placement=placement,
            valid_from=valid_from,
            status=StepDecisionStatus.ADVISED,
        ).exists()
        if open_advice:
            errors["valid_from"] = _(
                "Voor deze plaatsing staat al een advies open vanaf %(date)s. De accounthouder "
                "besluit daar eerst over; kies anders een andere datum."
            ) % {"date": long_date(valid_from)}
    if errors:
        raise ValidationError(errors)
    return StepDecision.objects.create(
        municipality_id=placement.municipality_id,
        placement=placement,
        step=step,
        valid_from=valid_from,
        justification=justification.strip(),
        advised_by=actor,
    )


@transaction.atomic
def step_decide(
    *, decision: StepDecision, approve: bool, actor: User, reason: str = ""
) -> StepDecision:
    decision = StepDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.status != StepDecisionStatus.ADVISED:
        raise ValidationError(_("Over dit advies is al besloten."))
    if decision.advised_by_id == actor.pk:
        raise ValidationError(_("Wie het advies gaf, kan er niet zelf over beslissen."))
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("Geef een reden voor de afwijzing.")})
    if approve:
        # A later advice for the same day replaces an earlier approved one.
        StepDecision.objects.filter(
            municipality_id=decision.municipality_id,
            placement_id=decision.placement_id,
            valid_from=decision.valid_from,
            status=StepDecisionStatus.APPROVED,
        ).update(status=StepDecisionStatus.SUPERSEDED)
    decision.status = StepDecisionStatus.APPROVED if approve else StepDecisionStatus.REJECTED
    decision.rejection_reason = "" if approve else reason.strip()
    decision.decided_by = actor
    decision.decided_at = timezone.now()
    decision.save(update_fields=["status", "rejection_reason", "decided_by", "decided_at"])
    return decision


@transaction.atomic
def objection_raise(
    *, decision: StepDecision, reason: str, actor: User, organisation_ids: AbstractSet[int]
) -> Objection:
    """An LWB administrator objects to a decision about a placement at their own company."""
    decision = StepDecision.objects.select_related("placement__enrolment").get(pk=decision.pk)
    if decision.placement.enrolment.organisation_id not in organisation_ids:
        raise ValidationError(
            _("U kunt alleen bezwaar maken bij plaatsingen van uw eigen bedrijf.")
        )
    if decision.status == StepDecisionStatus.ADVISED:
        raise ValidationError(_("Over dit advies is nog niet besloten."))
    if not reason.strip():
        raise ValidationError({"reason": _("Geef een reden voor het bezwaar.")})
    if decision.is_initial:
        # The start step is no advice the account holder decided; upholding an objection to
        # it would leave the placement without a step. The way to another step is an advice.
        raise ValidationError(
            _(
                "Tegen de starttrede kunt u geen bezwaar maken. Vraag de matchingsunit om een "
                "advies voor een andere trede."
            )
        )
    return Objection.objects.create(
        municipality_id=decision.municipality_id,
        decision=decision,
        raised_by=actor,
        reason=reason.strip(),
    )


def _decision_reopen(decision: StepDecision, actor: User) -> None:
    """Put a decided step decision back before the account holder (status advised), after an
    upheld objection. The objection stays linked to it (``decision.objections``) and
    simple-history keeps who decided what before.

    Reopening an approved decision takes its step out of force until the new decision; the
    decision it replaced on the same day (if any) is in force again meanwhile, so every day of
    the placement keeps a step."""
    if decision.status == StepDecisionStatus.ADVISED:
        return  # already reopened by another objection
    if decision.is_initial:
        raise ValidationError(
            _(
                "De starttrede kan niet worden heropend: de plaatsing heeft altijd een trede. "
                "Laat de matchingsunit een andere trede adviseren vanaf de startdatum."
            )
        )
    was_approved = decision.status == StepDecisionStatus.APPROVED
    decision.status = StepDecisionStatus.ADVISED
    decision.rejection_reason = ""
    decision.decided_by = None
    decision.decided_at = None
    decision._history_user = actor  # type: ignore[attr-defined]
    decision.save(update_fields=["status", "rejection_reason", "decided_by", "decided_at"])
    if was_approved:
        replaced = (
            StepDecision.objects.select_for_update()
            .filter(
                municipality_id=decision.municipality_id,
                placement_id=decision.placement_id,
                valid_from=decision.valid_from,
                status=StepDecisionStatus.SUPERSEDED,
            )
            .order_by("-decided_at", "-pk")
            .first()
        )
        if replaced is not None:
            replaced.status = StepDecisionStatus.APPROVED
            replaced._history_user = actor
            replaced.save(update_fields=["status"])


@transaction.atomic
def objection_handle(
    *, objection: Objection, upheld: bool, response: str, actor: User
) -> Objection:
    """The account holder judges an objection. Upheld (gegrond): the decision objected to is
    reopened and comes back in the account holder's queue for a new decision. Dismissed
    (ongegrond): the decision stays as it is."""
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.status != ObjectionStatus.OPEN:
        raise ValidationError(_("Dit bezwaar is al behandeld."))
    if not response.strip():
        raise ValidationError({"response": _("Geef een reactie op het bezwaar.")})
    if upheld:
        _decision_reopen(
            StepDecision.objects.select_for_update().get(pk=objection.decision_id), actor
        )
    objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED
    objection.response = response.strip()
    objection.handled_by = actor
    objection.handled_at = timezone.now()
    objection.save(update_fields=["status", "response", "handled_by", "handled_at"])
    return objection
