"""Writes of the enrolments: admitting learning-work companies, assessing them and moving their
enrolment along its status (candidate -> assessed -> active -> ended). Each service is atomic:
on any error nothing is written."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participatie.choices import OrganisationKind
from participatie.enrolments.choices import ENROLMENT_TRANSITIONS, EnrolmentStatus
from participatie.models import Enrolment, Municipality, Organisation, Placement, User
from participatie.models.tenancy import kvk_validator

_SLUG_MAX = Organisation._meta.get_field("slug").max_length or 80


def _unique_organisation_slug(name: str) -> str:
    base = (slugify(name) or "leerwerkbedrijf")[: _SLUG_MAX - 4]
    taken = set(Organisation.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def normalise_kvk(value: str) -> str:
    """People type KvK numbers with spaces or dots; the register keeps 8 plain digits."""
    return re.sub(r"[\s.]", "", value or "")


def _locked(enrolment: Enrolment) -> Enrolment:
    """The enrolment row, locked: two people deciding at once cannot both pass a check, and a
    placement started meanwhile (``placement_start`` locks the same row) is counted."""
    return (
        Enrolment.objects.select_for_update()
        .select_related("organisation")
        .get(pk=enrolment.pk, municipality_id=enrolment.municipality_id)
    )


def occupied_places(enrolment: Enrolment) -> int:
    """Placements at this company that run today or start later: each holds a place."""
    today = timezone.localdate()
    return (
        Placement.objects.filter(municipality_id=enrolment.municipality_id, enrolment=enrolment)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .count()
    )


def _check_max_places(enrolment: Enrolment, max_places: int | None) -> int:
    if max_places is None:
        raise ValidationError({"max_places": _("Vul het maximaal aantal plekken in.")})
    if max_places < 0:
        raise ValidationError({"max_places": _("Het maximaal aantal plekken is 0 of meer.")})
    occupied = occupied_places(enrolment)
    if max_places < occupied:
        raise ValidationError(
            {
                "max_places": ngettext(
                    "Er is nu %(count)s lopende of geplande plaatsing bij dit leerwerkbedrijf. "
                    "Het maximaal aantal plekken kan niet lager zijn.",
                    "Er zijn nu %(count)s lopende of geplande plaatsingen bij dit "
                    "leerwerkbedrijf. Het maximaal aantal plekken kan niet lager zijn.",
                    occupied,
                )
                % {"count": occupied}
            }
        )
    return max_places


def _save(enrolment: Enrolment, actor: User) -> None:
    enrolment._history_user = actor  # type: ignore[attr-defined]
    enrolment.save()


@transaction.atomic
def enrolment_register(
    *,
    municipality: Municipality,
    actor: User,
    organisation: Organisation | None = None,
    name: str = "",
    kvk_number: str = "",
    sector: str = "",
    max_places: int | None = 0,
) -> Enrolment:
    """Admit a company as candidate in this municipality: an existing company organisation, or
    a new one by name and KvK number.

    A company already known by its KvK number (enrolled elsewhere in the region, say) is reused
    rather than duplicated: the organisation is global, the enrolment is this municipality's.
    """
    places = 0 if max_places is None else max_places
    if places < 0:
        raise ValidationError({"max_places": _("Het maximaal aantal plekken is 0 of meer.")})
    # Which field a "this company is already enrolled here" error belongs to.
    field = "organisation"
    if organisation is not None:
        if organisation.kind != OrganisationKind.LEARNING_WORK_COMPANY:
            raise ValidationError({"organisation": _("Deze organisatie is geen leerwerkbedrijf.")})
    else:
        field = "kvk_number"
        organisation = _company_by_kvk(name=name, kvk_number=kvk_number, sector=sector)

    already = _("Dit bedrijf is al aangemeld bij deze gemeente.")
    if Enrolment.objects.filter(municipality=municipality, organisation=organisation).exists():
        raise ValidationError({field: already})
    enrolment = Enrolment(
        municipality=municipality,
        organisation=organisation,
        status=EnrolmentStatus.CANDIDATE,
        max_places=places,
    )
    enrolment._history_user = actor  # type: ignore[attr-defined]
    try:
        # A savepoint, so a concurrent double submit ends as a form error, not a broken request.
        with transaction.atomic():
            enrolment.save()
    except IntegrityError as exc:
        raise ValidationError({field: already}) from exc
    return enrolment


def _company_by_kvk(*, name: str, kvk_number: str, sector: str) -> Organisation:
    """The company with this KvK number, created when it is new."""
    name = (name or "").strip()
    sector = (sector or "").strip()
    kvk_number = normalise_kvk(kvk_number)
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Vul de naam van het bedrijf in.")
    try:
        kvk_validator(kvk_number)
    except ValidationError:
        errors["kvk_number"] = str(kvk_validator.message)
    if errors:
        raise ValidationError(errors)
    organisation = Organisation.objects.filter(kvk_number=kvk_number).order_by("pk").first()
    if organisation is None:
        return Organisation.objects.create(
            name=name,
            slug=_unique_organisation_slug(name),
            kind=OrganisationKind.LEARNING_WORK_COMPANY,
            kvk_number=kvk_number,
            sector=sector,
        )
    if organisation.kind != OrganisationKind.LEARNING_WORK_COMPANY:
        raise ValidationError(
            {
                "kvk_number": _(
                    "Dit KvK-nummer hoort bij een organisatie die geen leerwerkbedrijf is."
                )
            }
        )
    return organisation


def allowed_transitions(enrolment: Enrolment) -> list[str]:
    """The statuses this enrolment may move to, in the order of the status list."""
    allowed = ENROLMENT_TRANSITIONS.get(enrolment.status, set())
    return [value for value in EnrolmentStatus.values if value in allowed]


def can_assess(enrolment: Enrolment) -> bool:
    """A candidate is assessed; an assessed company may be assessed again before it is active."""
    return enrolment.status in (EnrolmentStatus.CANDIDATE, EnrolmentStatus.ASSESSED)


def _refuse_transition(current: str, to_status: str) -> ValidationError:
    labels = dict(EnrolmentStatus.choices)
    return ValidationError(
        {
            "to_status": _(
                "Een leerwerkbedrijf met status ‘%(from)s’ kan niet naar status ‘%(to)s’."
            )
            % {
                "from": labels.get(current, current),
                "to": labels.get(to_status, to_status),
            }
        }
    )


@transaction.atomic
def enrolment_assess(
    *,
    enrolment: Enrolment,
    kind_of_work: str,
    guidance_offered: str,
    no_displacement: bool | None,
    displacement_reason: str,
    actor: User,
) -> Enrolment:
    """Record the assessment of a candidate (candidate -> assessed): the work, the guidance the
    company can give and the explicit judgement whether it displaces paid work, with who and
    when. A judgement of "displaces paid work" is recorded too; it keeps the company from
    becoming active."""
    current = _locked(enrolment)
    if not can_assess(current):
        raise _refuse_transition(current.status, EnrolmentStatus.ASSESSED)
    kind_of_work = (kind_of_work or "").strip()
    guidance_offered = (guidance_offered or "").strip()
    displacement_reason = (displacement_reason or "").strip()
    errors: dict[str, str] = {}
    if not kind_of_work:
        errors["kind_of_work"] = _("Beschrijf het werk dat het bedrijf biedt.")
    if not guidance_offered:
        errors["guidance_offered"] = _("Beschrijf de begeleiding die het bedrijf kan geven.")
    if no_displacement is None:
        errors["no_displacement"] = _("Kies of het bedrijf betaald werk verdringt.")
    if not displacement_reason:
        errors["displacement_reason"] = _("Leg uit waarom u tot dit oordeel komt.")
    if errors:
        raise ValidationError(errors)
    current.kind_of_work = kind_of_work
    current.guidance_offered = guidance_offered
    current.no_displacement = no_displacement
    current.displacement_reason = displacement_reason
    current.displacement_judged_by = actor
    current.displacement_judged_at = timezone.now()
    current.status = EnrolmentStatus.ASSESSED
    _save(current, actor)
    return current


@transaction.atomic
def enrolment_transition(
    *,
    enrolment: Enrolment,
    to_status: str,
    actor: User,
    notes: str = "",
    max_places: int | None = None,
) -> Enrolment:
    """Move an enrolment along assessed -> active -> ended (or end it early).

    "Assessed" is reached only through ``enrolment_assess``. "Active" needs the judgement that
    no paid work is displaced, with its reason, and a maximum number of places (at least one,
    and not below the placements the company already has).
    """
    current = _locked(enrolment)
    if to_status not in ENROLMENT_TRANSITIONS.get(current.status, set()):
        raise _refuse_transition(current.status, to_status)
    if to_status == EnrolmentStatus.ASSESSED:
        raise ValidationError(
            {"to_status": _("Een bedrijf wordt beoordeeld met het beoordelingsformulier.")}
        )
    places = current.max_places if max_places is None else max_places
    if to_status == EnrolmentStatus.ACTIVE:
        if current.no_displacement is not True or not current.displacement_reason.strip():
            raise ValidationError(
                {
                    "no_displacement": _(
                        "Het bedrijf kan pas actief worden als bij de beoordeling is "
                        "vastgesteld dat het geen betaald werk verdringt, met een onderbouwing."
                    )
                }
            )
        if max_places is None:
            raise ValidationError({"max_places": _("Vul het maximaal aantal plekken in.")})
        places = _check_max_places(current, max_places)
        if places < 1:
            raise ValidationError(
                {"max_places": _("Een actief leerwerkbedrijf heeft minstens één plek.")}
            )
    elif places != current.max_places:
        places = _check_max_places(current, places)

    today = timezone.localdate()
    current.status = to_status
    current.max_places = places
    if notes and notes.strip():
        current.assessment_notes = notes.strip()
    if to_status == EnrolmentStatus.ACTIVE and current.started_on is None:
        current.started_on = today
    if to_status == EnrolmentStatus.ENDED:
        current.ended_on = max(today, current.started_on) if current.started_on else today
    _save(current, actor)
    return current


@transaction.atomic
def enrolment_set_max_places(*, enrolment: Enrolment, max_places: int, actor: User) -> Enrolment:
    """Change the maximum number of places; never below the placements the company already has
    (and an active company keeps at least one place)."""
    current = _locked(enrolment)
    if current.status == EnrolmentStatus.ENDED:
        raise ValidationError(
            {"max_places": _("Een beëindigd leerwerkbedrijf heeft geen plekken meer.")}
        )
    places = _check_max_places(current, max_places)
    if current.status == EnrolmentStatus.ACTIVE and places < 1:
        raise ValidationError(
            {"max_places": _("Een actief leerwerkbedrijf heeft minstens één plek.")}
        )
    if places != current.max_places:
        current.max_places = places
        _save(current, actor)
    return current


ASSESSMENT_FIELDS = ("kind_of_work", "guidance_offered", "no_displacement", "displacement_reason")


@transaction.atomic
def enrolment_change(
    *,
    enrolment: Enrolment,
    actor: User,
    status: str | None = None,
    max_places: int | None = None,
    **assessment: Any,
) -> Enrolment:
    """One change of the API's ``PATCH``, as the pages do it in steps: first the assessment
    (given fields over the recorded ones), then the move to another status (activating with
    ``max_places``), else only the new maximum number of places. All or nothing."""
    unknown = set(assessment) - set(ASSESSMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    current = _locked(enrolment)
    if assessment or status == EnrolmentStatus.ASSESSED:
        values = {name: assessment.get(name, getattr(current, name)) for name in ASSESSMENT_FIELDS}
        current = enrolment_assess(enrolment=current, actor=actor, **values)
    if status is not None and status != current.status:
        return enrolment_transition(
            enrolment=current, to_status=status, max_places=max_places, actor=actor
        )
    if max_places is not None:
        return enrolment_set_max_places(enrolment=current, max_places=max_places, actor=actor)
    return current
