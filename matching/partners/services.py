"""Writes for referrals by partners and residents (issue 16): a partner refers a candidate
online, a resident registers interest through the public form, the matching unit takes a
referral in (registers it, with the BSN it asks for) or closes it, a client manager records
consent and marks the outflow-to-paid-work signal seen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matching.choices import ReferralSource
from matching.models import Referral
from matching.partners.choices import Channel
from matching.partners.models import PartnerReferral
from matching.partners.selectors import public_municipalities
from matching.services import referral_register
from participatie.choices import OrganisationKind
from participatie.kernel.errors import StateConflict
from participatie.models import Municipality, Organisation, Participant, User
from participatie.participants.choices import Benefit
from participatie.participants.models import EARLIEST_BIRTH_DATE
from participatie.tenancy.context import tenant_context

MOTIVATION_MAX = 1000
# The public form: at most this many registrations from one address per hour.
PUBLIC_LIMIT = 5
PUBLIC_WINDOW_SECONDS = 3600

# How the matching unit's referral names the channel.
SOURCE_OF_KIND: dict[str, str] = {
    OrganisationKind.SOCIAL_SERVICE: ReferralSource.SDD,
    OrganisationKind.UWV: ReferralSource.UWV,
    OrganisationKind.LEARNING_WORK_COMPANY: ReferralSource.LWB,
    OrganisationKind.DISTRICT_TEAM: ReferralSource.DISTRICT_TEAM,
}


@dataclass(frozen=True)
class CandidateInput:
    first_name: str
    last_name: str
    birth_date: date | None
    phone: str = ""
    email: str = ""
    motivation: str = ""
    benefit: str = Benefit.NONE
    consent_on: date | None = None


def _clean(data: CandidateInput, *, public: bool) -> dict[str, Any]:
    """The candidate's minimal data, or every error at once on its field."""
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}

    def note(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    first, last = data.first_name.strip(), data.last_name.strip()
    if not first:
        note("first_name", _("Vul de voornaam in (verplicht)."))
    if not last:
        note("last_name", _("Vul de achternaam in (verplicht)."))
    if data.birth_date is None and not public:
        note("birth_date", _("Vul de geboortedatum in (verplicht)."))
    if data.birth_date is not None and not EARLIEST_BIRTH_DATE <= data.birth_date <= today:
        note("birth_date", _("Deze geboortedatum kan niet kloppen. Controleer het jaar."))
    phone, email = data.phone.strip(), data.email.strip()
    if not phone and not email:
        note(
            "phone",
            _(
                "Vul een telefoonnummer of e-mailadres in, zodat de matchingsunit contact kan "
                "opnemen."
            ),
        )
    if email:
        try:
            validate_email(email)
        except ValidationError:
            note("email", _("Dit is geen geldig e-mailadres."))
    motivation = data.motivation.strip()
    if len(motivation) > MOTIVATION_MAX:
        note(
            "motivation",
            _("De toelichting is hoogstens %(max)s tekens.") % {"max": MOTIVATION_MAX},
        )
    if data.benefit not in Benefit.values:
        note("benefit", _("Kies of de kandidaat een uitkering heeft."))
    if data.benefit != Benefit.NONE and data.consent_on is None:
        note(
            "consent_on",
            _(
                "Bij een uitkering is toestemming van de klantmanager nodig voordat u verwijst. "
                "Vul de datum van de toestemming in."
            ),
        )
    if data.consent_on is not None and data.consent_on > today:
        note("consent_on", _("De datum van de toestemming ligt in de toekomst."))
    if errors:
        raise ValidationError(errors)
    return {
        "first_name": first,
        "last_name": last,
        "birth_date": data.birth_date,
        "phone": phone,
        "email": email,
        "motivation": motivation,
        "benefit": data.benefit,
    }


def _consent_by(actor: User, organisation: Organisation) -> str:
    who = actor.get_full_name() or actor.email
    return f"{who} ({organisation.name})"[:200]


@transaction.atomic
def partner_referral_submit(
    *,
    municipality: Municipality,
    organisation: Organisation,
    data: CandidateInput,
    actor: User,
) -> PartnerReferral:
    """A partner refers a candidate to the matching unit of ``municipality`` (a municipality
    the partner works for: the page's, which the tenancy let it into). With a benefit, the
    consent of the client manager is recorded: who (the referring client manager, or the one
    named) and when."""
    fields = _clean(data, public=False)
    consent_by = ""
    if fields["benefit"] != Benefit.NONE:
        consent_by = _consent_by(actor, organisation)
    return PartnerReferral.objects.create(
        municipality=municipality,
        channel=Channel.PARTNER,
        organisation=organisation,
        submitted_by=actor,
        consent_by=consent_by,
        consent_on=data.consent_on if consent_by else None,
        **fields,
    )


class RateLimited(Exception):
    """Too many registrations from one address: the form says so and keeps nothing."""


def _rate_key(address: str) -> str:
    return f"partners:public:{address}"


def public_rate_check(address: str) -> None:
    """Refuse the 6th registration from one address within an hour (the cache counts)."""
    key = _rate_key(address)
    cache.add(key, 0, timeout=PUBLIC_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=PUBLIC_WINDOW_SECONDS)
        count = 1
    if count > PUBLIC_LIMIT:
        raise RateLimited


@transaction.atomic
def public_interest_submit(*, municipality_id: object, data: CandidateInput) -> PartnerReferral:
    """A resident registers interest (no account, no BSN): a self-referral in the queue of the
    matching unit of the chosen municipality, which must be one the product serves. The page
    calls :func:`public_rate_check` first, for every attempt (a refused one counts too)."""
    served = {m.pk: m for m in public_municipalities()}
    try:
        chosen = served.get(int(str(municipality_id)))
    except (TypeError, ValueError):
        chosen = None
    errors: dict[str, list[str]] = {}
    if chosen is None:
        errors["municipality"] = [
            _("Kies uw gemeente uit de lijst. Deze gemeente doet (nog) niet mee.")
        ]
    try:
        fields = _clean(data, public=True)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    assert chosen is not None
    # A page without a tenant in its URL: the row is written inside the chosen municipality.
    with tenant_context(chosen.pk):
        return PartnerReferral.objects.create(municipality=chosen, channel=Channel.PUBLIC, **fields)


# -- the matching unit --------------------------------------------------------------------------


def _source_of(partner: PartnerReferral) -> str:
    if partner.organisation is None:
        return ReferralSource.SELF
    return SOURCE_OF_KIND.get(partner.organisation.kind, ReferralSource.OTHER)


@transaction.atomic
def partner_referral_take_in(
    *,
    partner_referral: PartnerReferral,
    matching_unit: Organisation,
    participant_data: dict[str, Any],
    actor: User,
    same_person: bool = False,
) -> Referral:
    """The matching unit registers the referral (``matching.services.referral_register``) with
    the candidate's data, completed with what it asked (the BSN, the birth date of a resident
    who registered), and links it: from then on the referrer follows its status."""
    partner = PartnerReferral.objects.select_for_update().get(pk=partner_referral.pk)
    if not partner.is_open:
        raise StateConflict(_("Deze verwijzing is al in behandeling genomen of afgesloten."))
    data = {
        "first_name": partner.first_name,
        "last_name": partner.last_name,
        "birth_date": partner.birth_date,
        "phone": partner.phone,
        "email": partner.email,
        "benefit": partner.benefit,
        "consent_by": partner.consent_by,
        "consent_on": partner.consent_on,
        **participant_data,
    }
    if data.get("birth_date") is None:
        raise ValidationError({"birth_date": _("Vul de geboortedatum in (verplicht).")})
    referrer = (
        f"{partner.submitted_by.get_full_name()} ({partner.organisation.name})"
        if partner.organisation is not None and partner.submitted_by is not None
        else ""
    )
    referral = referral_register(
        municipality=partner.municipality,
        matching_unit=matching_unit,
        participant_data=data,
        source=_source_of(partner),
        referred_on=partner.created_at.date(),
        referrer=referrer[:200],
        notes=partner.motivation,
        same_person=same_person,
        apply_corrections=[],
        actor=actor,
    )
    partner.referral = referral
    partner.save(update_fields=["referral"])
    return referral


@transaction.atomic
def partner_referral_decline(
    *, partner_referral: PartnerReferral, reason: str, actor: User
) -> PartnerReferral:
    """Close a referral without taking it in: the referrer sees "niet passend"."""
    partner = PartnerReferral.objects.select_for_update().get(pk=partner_referral.pk)
    if not partner.is_open:
        raise StateConflict(_("Deze verwijzing is al in behandeling genomen of afgesloten."))
    text = (reason or "").strip()
    if not text:
        raise ValidationError({"reason": _("Geef aan waarom de verwijzing niet past (verplicht).")})
    partner.declined_reason = text[:2000]
    partner.closed_at = timezone.now()
    partner.closed_by = actor
    partner.save(update_fields=["declined_reason", "closed_at", "closed_by"])
    return partner


# -- the client manager -------------------------------------------------------------------------


@transaction.atomic
def client_consent_record(
    *,
    partner_referral: PartnerReferral,
    benefit: str,
    consent_on: date | None,
    actor: User,
    organisation: Organisation,
) -> PartnerReferral:
    """The client manager records (or renews) consent for their client: who (themselves) and
    when. When the matching unit has taken the referral in, the participant record there gets
    the same consent, so the intake can go on."""
    errors: dict[str, list[str]] = {}
    if benefit not in (Benefit.SDD, Benefit.UWV):
        errors["benefit"] = [_("Kies de uitkering waarvoor u toestemming geeft.")]
    if consent_on is None:
        errors["consent_on"] = [_("Vul de datum van de toestemming in (verplicht).")]
    elif consent_on > timezone.localdate():
        errors["consent_on"] = [_("De datum van de toestemming ligt in de toekomst.")]
    if errors:
        raise ValidationError(errors)
    partner = PartnerReferral.objects.select_for_update().get(pk=partner_referral.pk)
    partner.benefit = benefit
    partner.consent_by = _consent_by(actor, organisation)
    partner.consent_on = consent_on
    partner.save(update_fields=["benefit", "consent_by", "consent_on"])
    if partner.referral_id is not None:
        Participant.objects.filter(
            municipality_id=partner.municipality_id,
            referrals__pk=partner.referral_id,
        ).update(benefit=benefit, consent_by=partner.consent_by, consent_on=consent_on)
    return partner


@transaction.atomic
def paid_work_seen(*, partner_referral: PartnerReferral, actor: User) -> PartnerReferral:
    """The client manager has seen that the client left for paid work (the signal goes)."""
    PartnerReferral.objects.filter(pk=partner_referral.pk, paid_work_seen_at__isnull=True).update(
        paid_work_seen_at=timezone.now()
    )
    partner_referral.refresh_from_db(fields=["paid_work_seen_at"])
    return partner_referral
