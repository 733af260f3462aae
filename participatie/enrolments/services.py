"""Writes of the enrolments: registering learning-work companies and moving their enrolment along
its status. Each service is atomic: on any error nothing is written."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from participatie.choices import OrganisationKind
from participatie.enrolments.choices import ENROLMENT_TRANSITIONS, EnrolmentStatus
from participatie.models import Enrolment, Municipality, Organisation, User
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


@transaction.atomic
def enrolment_register(
    *,
    municipality: Municipality,
    name: str,
    kvk_number: str,
    sector: str,
    max_places: int,
    actor: User,
) -> Enrolment:
    """Register a learning-work company as candidate in this municipality.

    A company already known by its KvK number (enrolled elsewhere in the region, say) is reused
    rather than duplicated: the organisation is global, the enrolment is this municipality's.
    """
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
    if max_places is None or max_places < 0:
        errors["max_places"] = _("Het maximaal aantal plekken is 0 of meer.")
    if errors:
        raise ValidationError(errors)

    organisation = Organisation.objects.filter(kvk_number=kvk_number).order_by("pk").first()
    if organisation is None:
        organisation = Organisation.objects.create(
            name=name,
            slug=_unique_organisation_slug(name),
            kind=OrganisationKind.LEARNING_WORK_COMPANY,
            kvk_number=kvk_number,
            sector=sector,
        )
    elif organisation.kind != OrganisationKind.LEARNING_WORK_COMPANY:
        raise ValidationError(
            {
                "kvk_number": _(
                    "Dit KvK-nummer hoort bij een organisatie die geen leerwerkbedrijf is."
                )
            }
        )
    elif Enrolment.objects.filter(municipality=municipality, organisation=organisation).exists():
        raise ValidationError({"kvk_number": _("Dit bedrijf is al aangemeld bij deze gemeente.")})

    enrolment = Enrolment(
        municipality=municipality,
        organisation=organisation,
        status=EnrolmentStatus.CANDIDATE,
        max_places=max_places,
    )
    enrolment._history_user = actor  # type: ignore[attr-defined]
    try:
        # A savepoint, so a concurrent double submit ends as a form error, not a broken request.
        with transaction.atomic():
            enrolment.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"kvk_number": _("Dit bedrijf is al aangemeld bij deze gemeente.")}
        ) from exc
    return enrolment


def allowed_transitions(enrolment: Enrolment) -> list[str]:
    """The statuses this enrolment may move to, in the order of the status list."""
    allowed = ENROLMENT_TRANSITIONS.get(enrolment.status, set())
    return [value for value in EnrolmentStatus.values if value in allowed]


@transaction.atomic
def enrolment_transition(
    *,
    enrolment: Enrolment,
    to_status: str,
    notes: str,
    actor: User,
    max_places: int | None = None,
) -> Enrolment:
    """Move an enrolment one step along candidate -> assessed -> active -> ended.

    The row is locked first, so two people deciding at once cannot both pass the check.
    """
    current = (
        Enrolment.objects.select_for_update()
        .select_related("organisation")
        .get(pk=enrolment.pk, municipality_id=enrolment.municipality_id)
    )
    if to_status not in ENROLMENT_TRANSITIONS.get(current.status, set()):
        labels = dict(EnrolmentStatus.choices)
        raise ValidationError(
            {
                "to_status": _(
                    "Een leerwerkbedrijf met status ‘%(from)s’ kan niet naar status ‘%(to)s’."
                )
                % {
                    "from": labels.get(current.status, current.status),
                    "to": labels.get(to_status, to_status),
                }
            }
        )
    places = current.max_places if max_places is None else max_places
    if places < 0:
        raise ValidationError({"max_places": _("Het maximaal aantal plekken is 0 of meer.")})
    if to_status == EnrolmentStatus.ACTIVE and places < 1:
        raise ValidationError(
            {"max_places": _("Een actief leerwerkbedrijf heeft minstens één plek.")}
        )

    today = timezone.localdate()
    current.status = to_status
    current.max_places = places
    if notes is not None and notes.strip():
        current.assessment_notes = notes.strip()
    if to_status == EnrolmentStatus.ACTIVE and current.started_on is None:
        current.started_on = today
    if to_status == EnrolmentStatus.ENDED:
        current.ended_on = max(today, current.started_on) if current.started_on else today
    current._history_user = actor
    current.save()
    return current
