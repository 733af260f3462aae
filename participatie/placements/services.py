"""Writes for placements and steps.

A placement lives in the municipality where the place is. When the intake was registered in
another municipality, the placing service creates (or reuses, by BSN) the participant record in
the place's municipality with ``home_municipality`` set, and the intake keeps a global reference.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from participatie.enrolments.choices import EnrolmentStatus
from participatie.kernel.errors import StateConflict
from participatie.kernel.statistics import analyze_filled
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


# The longest second place in days that a municipality set for a year (its year settings live
# with the money in ``subsidies``, which registers the lookup at start-up: the core does not
# import it). ``None``: the year has no setting, and the rule of one year applies.
SecondPlaceLimit = Callable[[int, int], int | None]
_second_place_limits: list[SecondPlaceLimit] = []


def register_second_place_limit(limit: SecondPlaceLimit) -> SecondPlaceLimit:
    if limit not in _second_place_limits:
        _second_place_limits.append(limit)
    return limit


def second_place_max_days(municipality_id: int | None, year: int) -> int | None:
    """The municipality's maximum length of a second place starting in ``year``, or None."""
    if municipality_id is None:
        return None
    for limit in _second_place_limits:
        if (days := limit(municipality_id, year)) is not None:
            return days
    return None


def second_placement_last_day(start_date: date, max_days: int | None = None) -> date:
    """The last day a second place that starts on ``start_date`` may run, start and end date
    inclusive: ``max_days`` days when the year sets it, otherwise one year (start 15 February
    2022, end at the latest 14 February 2023)."""
    if max_days is not None:
        return start_date + timedelta(days=max_days - 1)
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
    """The year's default step, or a Dutch error that says what of the year is missing and
    where the account holder sets it up (the menu item "Jaarinstellingen")."""
    step = Step.objects.filter(municipality_id=municipality_id, year=year, is_default=True).first()
    if step is None:
        raise year_not_set_up(
            "start_date", missing_steps_message(municipality_id=municipality_id, year=year)
        )
    return step


# The code of a ValidationError about a year whose catalogue or tariffs are missing: a page can
# then link to the year's settings (the services name the menu item, they render no HTML).
YEAR_NOT_SET_UP = "year_not_set_up"


def year_not_set_up(field: str, message: str) -> ValidationError:
    """A field error that says what of a year is missing (code ``YEAR_NOT_SET_UP``)."""
    return ValidationError({field: ValidationError(message, code=YEAR_NOT_SET_UP)})


def is_year_not_set_up(error: ValidationError) -> bool:
    """Whether ``error`` (or one of its field errors) is about a year that is not set up."""
    if hasattr(error, "error_dict"):
        items = [item for errors in error.error_dict.values() for item in errors]
    else:
        items = error.error_list
    return any(item.code == YEAR_NOT_SET_UP for item in items)


def missing_steps_message(*, municipality_id: int, year: int) -> str:
    """Why a year has no default step: no catalogue at all, or a catalogue without default."""
    if not Step.objects.filter(municipality_id=municipality_id, year=year).exists():
        return _(
            "Er zijn geen treden vastgesteld voor %(year)s: de tredecatalogus van %(year)s "
            "ontbreekt. De accounthouder stelt die in onder Jaarinstellingen."
        ) % {"year": year}
    return _(
        "De tredecatalogus van %(year)s heeft geen standaardtrede. De accounthouder wijst die "
        "aan onder Jaarinstellingen."
    ) % {"year": year}


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
    max_days = second_place_max_days(participant.municipality_id, start_date.year)
    last_day = second_placement_last_day(start_date, max_days)
    if end_date > last_day:
        message = (
            _("Een tweede plek duurt hooguit een jaar: kies een einddatum uiterlijk %(date)s.")
            if max_days is None
            else _(
                "Een tweede plek duurt in uw gemeente hooguit %(days)s dagen: kies een "
                "einddatum uiterlijk %(date)s."
            )
        )
        raise ValidationError(
            {"end_date": message % {"date": long_date(last_day), "days": max_days}}
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
        if not Step.objects.filter(
            municipality_id=placement.municipality_id, year=valid_from.year
        ).exists():
            errors["valid_from"] = _(
                "Er zijn geen treden vastgesteld voor %(year)s: de tredecatalogus van %(year)s "
                "ontbreekt. De accounthouder stelt die in onder Jaarinstellingen."
            ) % {"year": valid_from.year}
        else:
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
        raise StateConflict(_("Over dit advies is al besloten."))
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
    """An LWB administrator objects to a decision about a placement at their own company; one
    open objection per decision at a time (a second is a conflict until the first is handled)."""
    decision = (
        StepDecision.objects.select_for_update(of=("self",))
        .select_related("placement__enrolment")
        .get(pk=decision.pk)
    )
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
    already_open = _(
        "Er is al een open bezwaar tegen dit besluit. U kunt pas opnieuw bezwaar maken als dat "
        "bezwaar is behandeld."
    )
    if Objection.objects.filter(
        municipality_id=decision.municipality_id,
        decision=decision,
        status=ObjectionStatus.OPEN,
    ).exists():
        raise StateConflict(already_open, code="objection_open")
    try:
        with transaction.atomic():
            return Objection.objects.create(
                municipality_id=decision.municipality_id,
                decision=decision,
                raised_by=actor,
                reason=reason.strip(),
            )
    except IntegrityError as exc:  # a simultaneous objection won the race
        raise StateConflict(already_open, code="objection_open") from exc


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
        raise StateConflict(_("Dit bezwaar is al behandeld."))
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


# -- the step catalogue of a year ------------------------------------------------------------
#
# A municipality keeps one catalogue per year (codes, labels, exactly one default step). The
# code is the step across years (a placement that runs into the next year is paid at the step
# of the same code there), so a step in use keeps its code and is not deleted. Other apps that
# keep rows per step (subsidies: decisions, statements) register what uses a step.

FIRST_SETUP_YEAR = 2000
SETUP_YEARS_AHEAD = 2
STEP_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,19}$")

StepUsage = Callable[[Step], str | None]
_step_usages: list[StepUsage] = []


def register_step_usage(check: StepUsage) -> StepUsage:
    """``check(step)`` names what of another app uses ``step`` ("een beschikking"), or None."""
    if check not in _step_usages:
        _step_usages.append(check)
    return check


def step_used_by(step: Step) -> str | None:
    """What uses the step (a placement through its step decisions first), or None."""
    if StepDecision.objects.filter(municipality_id=step.municipality_id, step=step).exists():
        return _("een plaatsing")
    for check in _step_usages:
        if used := check(step):
            return used
    return None


def setup_year_error(year: object, today: date | None = None) -> str | None:
    """Why ``year`` cannot be set up (before 2000, or more than two years ahead), or None."""
    last = (today or timezone.localdate()).year + SETUP_YEARS_AHEAD
    if not isinstance(year, int) or isinstance(year, bool):
        return _("Vul een jaartal in, bijvoorbeeld %(year)s.") % {"year": last - 1}
    if year < FIRST_SETUP_YEAR or year > last:
        return _("Kies een jaar van %(first)s tot en met %(last)s.") % {
            "first": FIRST_SETUP_YEAR,
            "last": last,
        }
    return None


def _check_step_fields(
    *, municipality_id: int, year: int, code: str, label: str, is_default: bool, pk: int | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not STEP_CODE.match(code):
        errors["code"] = _(
            "Een code is 1 tot 20 letters of cijfers (ook - en _), bijvoorbeeld basis of 2."
        )
    if not label:
        errors["label"] = _("Geef de trede een omschrijving.")
    elif len(label) > 100:
        errors["label"] = _("Een omschrijving is hoogstens 100 tekens.")
    same_year = Step.objects.filter(municipality_id=municipality_id, year=year).exclude(pk=pk)
    if "code" not in errors and same_year.filter(code=code).exists():
        errors["code"] = _("Er is in %(year)s al een trede met code %(code)s.") % {
            "year": year,
            "code": code,
        }
    if is_default:
        other = same_year.filter(is_default=True).first()
        if other is not None:
            errors["is_default"] = _(
                "%(label)s (%(code)s) is al de standaardtrede van %(year)s; een jaar heeft één "
                "standaardtrede. Maak die eerst geen standaardtrede meer."
            ) % {"label": other.label, "code": other.code, "year": year}
    return errors


def _save_step(step: Step) -> Step:
    """Save, turning a unique violation of a concurrent request into the same field error."""
    try:
        with transaction.atomic():
            step.save()
    except IntegrityError as exc:
        field = "is_default" if "step_one_default_per_year" in str(exc) else "code"
        raise ValidationError(
            {field: _("Een andere gebruiker wijzigde de treden van dit jaar; probeer het opnieuw.")}
        ) from None
    return step


@transaction.atomic
def step_create(
    *,
    municipality_id: int,
    year: int,
    code: str,
    label: str,
    is_default: bool = False,
    position: int | None = None,
    actor: User,
    today: date | None = None,
) -> Step:
    """A step in the catalogue of ``year``, after the year's steps unless ``position`` says."""
    if error := setup_year_error(year, today):
        raise ValidationError({"year": error})
    code, label = (code or "").strip(), (label or "").strip()
    errors = _check_step_fields(
        municipality_id=municipality_id,
        year=year,
        code=code,
        label=label,
        is_default=is_default,
        pk=None,
    )
    if errors:
        raise ValidationError(errors)
    if position is None:
        last = (
            Step.objects.filter(municipality_id=municipality_id, year=year)
            .order_by("-position")
            .values_list("position", flat=True)
            .first()
        )
        position = 0 if last is None else last + 1
    return _save_step(
        Step(
            municipality_id=municipality_id,
            year=year,
            code=code,
            label=label,
            is_default=is_default,
            position=position,
        )
    )


@transaction.atomic
def step_update(
    *,
    step: Step,
    code: str,
    label: str,
    is_default: bool,
    position: int | None = None,
    actor: User,
) -> Step:
    """Change a step's code, label or default flag. A year has one default step: making a
    second one the default is refused on ``is_default`` (take it off the other one first). A
    step in use keeps its code."""
    step = Step.objects.select_for_update().get(pk=step.pk)
    code, label = (code or "").strip(), (label or "").strip()
    errors = _check_step_fields(
        municipality_id=step.municipality_id,
        year=step.year,
        code=code,
        label=label,
        is_default=is_default,
        pk=step.pk,
    )
    if "code" not in errors and code != step.code and (used := step_used_by(step)):
        errors["code"] = _(
            "De code blijft %(code)s: %(used)s gebruikt deze trede al (de code is de trede, "
            "ook in de jaren erna). Wijzig alleen de omschrijving."
        ) % {"code": step.code, "used": used}
    if errors:
        raise ValidationError(errors)
    step.code, step.label, step.is_default = code, label, is_default
    if position is not None:
        step.position = position
    return _save_step(step)


@transaction.atomic
def step_delete(*, step: Step, actor: User) -> None:
    """Remove a step nobody uses from its year's catalogue (refused on ``step`` otherwise)."""
    step = Step.objects.select_for_update().get(pk=step.pk)
    if used := step_used_by(step):
        raise ValidationError(
            {
                "step": _("Trede %(label)s (%(code)s) kan niet weg: %(used)s gebruikt haar.")
                % {"label": step.label, "code": step.code, "used": used}
            }
        )
    try:
        with transaction.atomic():
            step.delete()
    except ProtectedError:
        raise ValidationError(
            {
                "step": _(
                    "Trede %(label)s (%(code)s) kan niet weg: er zijn nog gegevens aan "
                    "gekoppeld. Verwijder haar onder Jaarinstellingen."
                )
                % {"label": step.label, "code": step.code}
            }
        ) from None


# -- many placements at once (the caseload import) ------------------------------------------------
#
# The rules of placement_start, placement_end and step_advise, checked for many placements with
# a fixed number of queries: the rows each rule needs are read once, and the placements are
# then judged one after another in memory, as if placement_start ran for each in turn (a
# placement accepted earlier in the batch counts for the next: overlap, two at once, capacity).
# tests/caseload_import/test_batch_services.py holds both paths to the same outcome.


@dataclass
class PlacementGiven:
    """One placement for :func:`placements_start_batch`. ``person`` identifies the participant
    within the batch (their record may not be saved yet when only checking)."""

    key: Hashable
    person: Hashable
    participant: Participant
    enrolment: Enrolment
    start_date: date
    hours_per_week: Decimal
    kind: str = PlacementKind.REGULAR
    orientation_employer: str = ""
    end_date: date | None = None
    outflow_reason: str = ""
    outflow_note: str = ""
    concurrent_elsewhere: int = 0
    earliest_start: date | None = None
    # A step from a date other than the year's default (the step the person already has).
    step_code: str = ""
    step_from: date | None = None
    step_justification: str = ""
    intake_reference: UUID | None = None


@dataclass
class _Period:
    person: Hashable
    enrolment_id: int
    start_date: date
    end_date: date | None
    pk: int | None = None

    def overlaps(self, start: date, end: date | None) -> bool:
        return (self.end_date is None or self.end_date >= start) and (
            end is None or self.start_date <= end
        )

    def active_on(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class PlacementsRefused(ValidationError):
    """:func:`placements_start_batch` refused some placements: ``problems`` maps each key to
    its field errors. Nothing was written."""

    def __init__(self, problems: Mapping[Hashable, Mapping[str, list[str]]]) -> None:
        self.problems = {key: dict(errors) for key, errors in problems.items()}
        super().__init__(_("Niet alle plaatsingen zijn in orde; er is niets opgeslagen."))


@dataclass
class _Catalogue:
    steps: dict[tuple[int, str], Step]
    defaults: dict[int, Step]
    years: set[int]

    @classmethod
    def load(cls, municipality_id: int) -> _Catalogue:
        steps: dict[tuple[int, str], Step] = {}
        defaults: dict[int, Step] = {}
        for step in Step.objects.filter(municipality_id=municipality_id):
            steps[(step.year, step.code)] = step
            if step.is_default:
                defaults[step.year] = step
        return cls(steps, defaults, {year for year, _code in steps})

    def missing_default(self, year: int) -> str:
        """missing_steps_message, from the rows read once."""
        if year not in self.years:
            return _(
                "Er zijn geen treden vastgesteld voor %(year)s: de tredecatalogus van %(year)s "
                "ontbreekt. De accounthouder stelt die in onder Jaarinstellingen."
            ) % {"year": year}
        return _(
            "De tredecatalogus van %(year)s heeft geen standaardtrede. De accounthouder wijst "
            "die aan onder Jaarinstellingen."
        ) % {"year": year}


def _chunks(values: list[Any], size: int = 1000) -> Iterable[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def placement_start_problems(
    givens: Sequence[PlacementGiven],
    *,
    municipality_id: int,
    require_development_plan: bool = True,
) -> tuple[dict[Hashable, dict[str, list[str]]], _Catalogue]:
    """The field errors of each placement that placement_start (and placement_end, and
    step_advise for the step) would refuse, judged in order. Reads a fixed number of queries."""
    from participatie.models import DevelopmentPlan

    catalogue = _Catalogue.load(municipality_id)
    participant_ids = sorted({g.participant.pk for g in givens if g.participant.pk})
    enrolment_ids = sorted({g.enrolment.pk for g in givens})
    own: dict[Hashable, list[_Period]] = {}
    by_participant: dict[int, Hashable] = {
        g.participant.pk: g.person for g in givens if g.participant.pk
    }
    for chunk in _chunks(participant_ids):
        for pk, participant_id, enrolment_id, start, end in Placement.objects.filter(
            municipality_id=municipality_id, participant_id__in=chunk
        ).values_list("pk", "participant_id", "enrolment_id", "start_date", "end_date"):
            person = by_participant[participant_id]
            own.setdefault(person, []).append(_Period(person, enrolment_id, start, end, pk))
    at_company: dict[int, list[_Period]] = {}
    for chunk in _chunks(enrolment_ids):
        for pk, enrolment_id, start, end in Placement.objects.filter(
            municipality_id=municipality_id, enrolment_id__in=chunk
        ).values_list("pk", "enrolment_id", "start_date", "end_date"):
            at_company.setdefault(enrolment_id, []).append(
                _Period(None, enrolment_id, start, end, pk)
            )
    with_plan: set[int] = set()
    if require_development_plan and any(g.kind == PlacementKind.SECOND for g in givens):
        for chunk in _chunks(sorted({p.pk for periods in own.values() for p in periods if p.pk})):
            with_plan.update(
                DevelopmentPlan.objects.filter(
                    municipality_id=municipality_id, placement_id__in=chunk
                ).values_list("placement_id", flat=True)
            )
    limits: dict[int, int | None] = {}
    problems: dict[Hashable, dict[str, list[str]]] = {}
    for given in givens:
        errors = _judge(
            given,
            own=own.setdefault(given.person, []),
            company=at_company.setdefault(given.enrolment.pk, []),
            catalogue=catalogue,
            with_plan=with_plan,
            require_development_plan=require_development_plan,
            limits=limits,
        )
        if errors:
            problems[given.key] = errors
            continue
        period = _Period(given.person, given.enrolment.pk, given.start_date, given.end_date)
        own[given.person].append(period)
        at_company[given.enrolment.pk].append(period)
    return problems, catalogue


def _judge(
    given: PlacementGiven,
    *,
    own: list[_Period],
    company: list[_Period],
    catalogue: _Catalogue,
    with_plan: set[int],
    require_development_plan: bool,
    limits: dict[int, int | None],
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def error(field: str, message: str) -> dict[str, list[str]]:
        errors.setdefault(field, []).append(message)
        return errors

    enrolment, start, end = given.enrolment, given.start_date, given.end_date
    if given.participant.municipality_id != enrolment.municipality_id:
        raise ValueError("participant and enrolment must be of the same municipality")
    # -- _check_start, first the fields on their own
    if enrolment.status != EnrolmentStatus.ACTIVE:
        error("enrolment", _("Dit leerwerkbedrijf heeft geen actief contract met de gemeente."))
    if given.earliest_start and start < given.earliest_start:
        error(
            "start_date",
            _("De startdatum ligt vóór de intakedatum (%(date)s).")
            % {"date": given.earliest_start.strftime("%d-%m-%Y")},
        )
    if not is_eligible_age(given.participant.birth_date, start):
        error(
            "start_date",
            _("Op de startdatum is de deelnemer jonger dan 18 of heeft de AOW-leeftijd bereikt."),
        )
    if end is not None and end < start:
        error("end_date", _("De einddatum ligt vóór de startdatum."))
    if not (Decimal(0) <= Decimal(given.hours_per_week) <= Decimal(40)):
        error("hours_per_week", _("Het aantal uren per week ligt tussen 0 en 40."))
    if given.kind == PlacementKind.ORIENTATION and not given.orientation_employer.strip():
        error("orientation_employer", _("Noem de werkgever van de oriëntatieplek."))
    # -- placement_end: a reason belongs to an end
    if given.outflow_reason:
        if given.outflow_reason not in OutflowReason.values:
            error("outflow_reason", _("Kies een reden van uitstroom."))
        elif end is None:
            error("outflow_reason", _("Een reden van uitstroom hoort bij een einddatum."))
    if errors:
        return errors
    # -- _check_start, then against the person's and the company's other placements
    overlapping = sorted(
        (p for p in own if p.overlaps(start, end)), key=lambda p: p.start_date, reverse=True
    )
    if any(p.enrolment_id == enrolment.pk for p in overlapping):
        return error(
            "start_date", _("De deelnemer heeft in deze periode al een plaatsing bij dit bedrijf.")
        )
    if len(overlapping) + given.concurrent_elsewhere >= MAX_CONCURRENT_PLACEMENTS:
        return error(
            "start_date",
            _(
                "De deelnemer heeft in deze periode al twee plaatsingen; meer dan twee "
                "tegelijk kan niet."
            ),
        )
    if given.kind == PlacementKind.SECOND:
        if end is None:
            return error(
                "end_date", _("Een tweede plek duurt hooguit een jaar: vul een einddatum in.")
            )
        if start.year not in limits:
            limits[start.year] = second_place_max_days(enrolment.municipality_id, start.year)
        max_days = limits[start.year]
        last_day = second_placement_last_day(start, max_days)
        if end > last_day:
            message = (
                _("Een tweede plek duurt hooguit een jaar: kies een einddatum uiterlijk %(date)s.")
                if max_days is None
                else _(
                    "Een tweede plek duurt in uw gemeente hooguit %(days)s dagen: kies een "
                    "einddatum uiterlijk %(date)s."
                )
            )
            return error("end_date", message % {"date": long_date(last_day), "days": max_days})
        first = next(
            (p for p in overlapping if p.start_date <= start - SECOND_PLACEMENT_MIN_EXPERIENCE),
            None,
        )
        if first is None:
            return error(
                "kind",
                _(
                    "Een tweede plek kan alleen naast een plaatsing die al minstens drie "
                    "maanden loopt."
                ),
            )
        if require_development_plan and first.pk not in with_plan:
            return error(
                "kind",
                _("Voor een tweede plek is een ontwikkelplan nodig bij de eerste plaatsing."),
            )
    taken = sum(1 for p in company if p.active_on(start))
    if enrolment.max_places - taken <= 0:
        return error(
            "enrolment",
            _(
                "Dit leerwerkbedrijf zit vol: %(max)s plekken, %(taken)s bezet. De "
                "accounthouder kan de capaciteit verhogen."
            )
            % {"max": enrolment.max_places, "taken": taken},
        )
    if start.year not in catalogue.defaults:
        return error("start_date", catalogue.missing_default(start.year))
    # -- step_advise, for a step other than the default
    if given.step_code:
        valid_from = given.step_from or start
        if (valid_from.year, given.step_code) not in catalogue.steps:
            if valid_from.year not in catalogue.years:
                error(
                    "valid_from",
                    _(
                        "Er zijn geen treden vastgesteld voor %(year)s: de tredecatalogus van "
                        "%(year)s ontbreekt. De accounthouder stelt die in onder "
                        "Jaarinstellingen."
                    )
                    % {"year": valid_from.year},
                )
            else:
                error(
                    "step",
                    _("Deze trede hoort niet bij de treden van %(year)s.")
                    % {"year": valid_from.year},
                )
        if valid_from < start or (end is not None and valid_from > end):
            error("valid_from", _("De datum ligt buiten de looptijd van de plaatsing."))
    return errors


def _extra_step(given: PlacementGiven, catalogue: _Catalogue) -> Step | None:
    """The step to record beside the start step, when the person already has another one (the
    code is the step across years: the default code needs no second decision)."""
    if not given.step_code:
        return None
    valid_from = given.step_from or given.start_date
    step = catalogue.steps[(valid_from.year, given.step_code)]
    if step.code == catalogue.defaults[given.start_date.year].code:
        return None
    return step


@transaction.atomic
def placements_start_batch(
    *,
    givens: Sequence[PlacementGiven],
    municipality_id: int,
    actor: User,
    change_reason: str,
    require_development_plan: bool = True,
) -> dict[Hashable, Placement]:
    """Start many placements by the rules of placement_start (in that order), each in the
    year's default step; a reason of outflow is recorded as placement_end would, and a step
    other than the default (the step the person already has, from ``step_from``) as an approved
    decision justified by ``step_justification``. The history names ``change_reason``.

    All or nothing: any refusal raises :class:`PlacementsRefused` and nothing is written. The
    participants must be saved; the companies are locked as placement_start locks one."""
    from simple_history.utils import bulk_create_with_history

    enrolment_ids = sorted({g.enrolment.pk for g in givens})
    list(Enrolment.objects.select_for_update().filter(pk__in=enrolment_ids).order_by("pk"))
    problems, catalogue = placement_start_problems(
        givens, municipality_id=municipality_id, require_development_plan=require_development_plan
    )
    if problems:
        raise PlacementsRefused(problems)
    placements = [
        Placement(
            municipality_id=municipality_id,
            participant=given.participant,
            enrolment=given.enrolment,
            kind=given.kind,
            orientation_employer=given.orientation_employer.strip(),
            start_date=given.start_date,
            end_date=given.end_date,
            hours_per_week=given.hours_per_week,
            outflow_reason=given.outflow_reason,
            outflow_note=given.outflow_note,
            intake_reference=given.intake_reference,
            created_by=actor,
        )
        for given in givens
    ]
    try:
        with transaction.atomic():
            made = bulk_create_with_history(
                placements,
                Placement,
                batch_size=500,
                default_user=actor,
                default_change_reason=change_reason,
            )
    except IntegrityError as exc:
        if OVERLAP_CONSTRAINT not in str(exc):
            raise
        raise ValidationError(
            {
                "start_date": _(
                    "De deelnemer heeft in deze periode al een plaatsing bij dit bedrijf."
                )
            }
        ) from None
    now = timezone.now()
    decisions = []
    for given, placement in zip(givens, made, strict=True):
        step = _extra_step(given, catalogue)
        from_start = step is not None and (given.step_from or given.start_date) == given.start_date
        decisions.append(
            StepDecision(
                municipality_id=municipality_id,
                placement=placement,
                step=catalogue.defaults[given.start_date.year],
                valid_from=given.start_date,
                justification=_("Start in de standaardtrede."),
                # Another step from the first day replaces the start step, as step_decide
                # supersedes an approved decision of the same day.
                status=StepDecisionStatus.SUPERSEDED if from_start else StepDecisionStatus.APPROVED,
                is_initial=True,
                advised_by=actor,
                decided_at=now,
            )
        )
        if step is not None:
            decisions.append(
                StepDecision(
                    municipality_id=municipality_id,
                    placement=placement,
                    step=step,
                    valid_from=given.step_from or given.start_date,
                    justification=given.step_justification.strip()
                    or _("Trede overgenomen bij de start van de plaatsing."),
                    status=StepDecisionStatus.APPROVED,
                    advised_by=actor,
                    decided_at=now,
                )
            )
    if decisions:
        bulk_create_with_history(
            decisions,
            StepDecision,
            batch_size=500,
            default_user=actor,
            default_change_reason=change_reason,
        )
    analyze_filled(
        Placement,
        Placement.history.model,
        StepDecision,
        StepDecision.history.model,
        rows=len(made),
    )
    return {given.key: placement for given, placement in zip(givens, made, strict=True)}


@dataclass
class PlacementEnding:
    """One placement to end for :func:`placements_end_batch`."""

    key: Hashable
    placement: Placement
    end_date: date
    reason: str
    note: str = ""


def placement_end_problems(
    endings: Sequence[PlacementEnding],
) -> dict[Hashable, dict[str, list[str]]]:
    """The field errors placement_end would give each ending (no query: the rows are given)."""
    problems: dict[Hashable, dict[str, list[str]]] = {}
    for ending in endings:
        if ending.placement.end_date is not None:
            problems[ending.key] = {"end_date": [_("Deze plaatsing is al beëindigd.")]}
        elif ending.end_date < ending.placement.start_date:
            problems[ending.key] = {"end_date": [_("De einddatum ligt vóór de startdatum.")]}
        elif ending.reason not in OutflowReason.values:
            problems[ending.key] = {"reason": [_("Kies een reden van uitstroom.")]}
    return problems


@transaction.atomic
def placements_end_batch(
    *, endings: Sequence[PlacementEnding], actor: User, change_reason: str
) -> None:
    """End many placements by the rules of placement_end, in batches; all or nothing."""
    from simple_history.utils import bulk_update_with_history

    if not endings:
        return
    locked = {
        p.pk: p
        for p in Placement.objects.select_for_update().filter(
            pk__in=[e.placement.pk for e in endings]
        )
    }
    current = [
        PlacementEnding(e.key, locked[e.placement.pk], e.end_date, e.reason, e.note)
        for e in endings
    ]
    problems = placement_end_problems(current)
    if problems:
        raise PlacementsRefused(problems)
    for ending in current:
        ending.placement.end_date = ending.end_date
        ending.placement.outflow_reason = ending.reason
        ending.placement.outflow_note = ending.note
    bulk_update_with_history(
        [e.placement for e in current],
        Placement,
        ["end_date", "outflow_reason", "outflow_note"],
        batch_size=500,
        default_user=actor,
        default_change_reason=change_reason,
    )
