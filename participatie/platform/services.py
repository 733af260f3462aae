"""Writes of the platform administration: regions, municipalities, organisations, the
matching units' service areas and the invitations they hand out.

Each service is atomic and checks everything before it writes: on bad input it raises a
``ValidationError`` that names the field in Dutch, and nothing is written. A new municipality
starts empty: no steps, tariffs, budgets or companies; its own staff set those up.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import structlog
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from participatie.accounts.services import invitation_create
from participatie.choices import ROLE_ORGANISATION_KINDS, OrganisationKind, Role
from participatie.enrolments.choices import EnrolmentStatus
from participatie.models import (
    Enrolment,
    Invitation,
    Membership,
    Municipality,
    Organisation,
    Region,
    ServiceArea,
    User,
)
from participatie.models.tenancy import RESERVED_SLUGS
from participatie.platform.selectors import SERVICE_AREA_KINDS
from participatie.tenancy.context import all_tenants, tenant_context

log = structlog.get_logger(__name__)

_SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_CBS_PATTERN = re.compile(r"GM\d{4}")
_KVK_PATTERN = re.compile(r"\d{8}")
_SLUG_MAX = 50
_CONTRIBUTION_MAX = Decimal("999999999999.99")
# Which kinds may (or must) name a region: a regional body must, a social service may.
_REGION_KINDS = frozenset({OrganisationKind.REGIONAL_BODY, OrganisationKind.SOCIAL_SERVICE})


# -- shared checks ---------------------------------------------------------------------------


def _others(model: type[Model], instance: Model | None) -> QuerySet[Any]:
    queryset = model._default_manager.all()
    return queryset.exclude(pk=instance.pk) if instance is not None else queryset


def _check_name(
    name: str,
    *,
    model: type[Model],
    instance: Model | None,
    max_length: int,
    taken_message: str,
    errors: dict[str, str],
) -> str:
    name = " ".join((name or "").split())
    if not name:
        errors["name"] = _("Vul een naam in.")
    elif len(name) > max_length:
        errors["name"] = _("Een naam is hoogstens %(max)d tekens lang.") % {"max": max_length}
    elif _others(model, instance).filter(name__iexact=name).exists():
        errors["name"] = taken_message % {"name": name}
    return name


def _check_slug(
    slug: str, *, model: type[Model], instance: Model | None, errors: dict[str, str]
) -> str:
    """A municipality's or region's part of the web address (``/<slug>/``)."""
    slug = (slug or "").strip().lower()
    if not slug:
        errors["slug"] = _("Vul het webadres in, bijvoorbeeld proefstad.")
    elif len(slug) > _SLUG_MAX:
        errors["slug"] = _("Het webadres is hoogstens %(max)d tekens lang.") % {"max": _SLUG_MAX}
    elif not _SLUG_PATTERN.fullmatch(slug):
        errors["slug"] = _(
            "Gebruik alleen kleine letters, cijfers en streepjes (niet aan het begin of eind), "
            "bijvoorbeeld proefstad."
        )
    elif slug in RESERVED_SLUGS:
        errors["slug"] = _("‘%(slug)s’ is een gereserveerd woord. Kies een ander webadres.") % {
            "slug": slug
        }
    else:
        other = _others(model, instance).filter(slug=slug).first()
        if other is not None:
            errors["slug"] = _("Dit webadres is al in gebruik door %(name)s.") % {"name": other}
    return slug


def _save(instance: Model, *, errors_on_conflict: dict[str, str]) -> None:
    """Save in a savepoint: when a unique constraint fires anyway (two administrators at the
    same moment), say so on the field instead of failing the page."""
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        raise ValidationError(errors_on_conflict) from None


# -- regions ---------------------------------------------------------------------------------


def _region_fields(*, region: Region | None, name: str, slug: str) -> tuple[str, str]:
    errors: dict[str, str] = {}
    name = _check_name(
        name,
        model=Region,
        instance=region,
        max_length=100,
        taken_message=_("Er is al een regio met de naam %(name)s."),
        errors=errors,
    )
    slug = _check_slug(slug, model=Region, instance=region, errors=errors)
    if errors:
        raise ValidationError(errors)
    return name, slug


@transaction.atomic
def region_create(*, name: str, slug: str, actor: User) -> Region:
    name, slug = _region_fields(region=None, name=name, slug=slug)
    region = Region(name=name, slug=slug)
    _save(region, errors_on_conflict={"slug": _("Dit webadres is net door iemand anders gekozen.")})
    log.info("platform.region_created", region_id=region.pk, actor_id=actor.pk)
    return region


@transaction.atomic
def region_update(*, region: Region, name: str, slug: str, actor: User) -> Region:
    name, slug = _region_fields(region=region, name=name, slug=slug)
    region.name, region.slug = name, slug
    _save(region, errors_on_conflict={"slug": _("Dit webadres is net door iemand anders gekozen.")})
    log.info("platform.region_updated", region_id=region.pk, actor_id=actor.pk)
    return region


# -- municipalities --------------------------------------------------------------------------


def _contribution(value: Decimal | str | None, errors: dict[str, str]) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        errors["budget_key_contribution"] = _("Vul een bedrag in, bijvoorbeeld 7741339,00.")
        return None
    if not amount.is_finite():
        errors["budget_key_contribution"] = _("Vul een bedrag in, bijvoorbeeld 7741339,00.")
    elif amount < 0:
        errors["budget_key_contribution"] = _("De bijdrage is 0 of meer.")
    elif amount > _CONTRIBUTION_MAX or amount != amount.quantize(Decimal("0.01")):
        errors["budget_key_contribution"] = _(
            "Vul een bedrag in met hoogstens 2 cijfers achter de komma."
        )
    return amount


def _municipality_fields(
    *,
    municipality: Municipality | None,
    name: str,
    slug: str,
    cbs_code: str,
    region: Region | None,
    budget_key_contribution: Decimal | str | None,
) -> dict[str, object]:
    errors: dict[str, str] = {}
    name = _check_name(
        name,
        model=Municipality,
        instance=municipality,
        max_length=100,
        taken_message=_("Er is al een gemeente met de naam %(name)s."),
        errors=errors,
    )
    slug = _check_slug(slug, model=Municipality, instance=municipality, errors=errors)
    cbs_code = re.sub(r"\s", "", cbs_code or "").upper()
    if not cbs_code:
        errors["cbs_code"] = _("Vul de CBS-code in, bijvoorbeeld GM0505.")
    elif not _CBS_PATTERN.fullmatch(cbs_code):
        errors["cbs_code"] = _("Een CBS-gemeentecode is GM met 4 cijfers, bijvoorbeeld GM0505.")
    else:
        other = _others(Municipality, municipality).filter(cbs_code=cbs_code).first()
        if other is not None:
            errors["cbs_code"] = _("De CBS-code %(code)s hoort al bij %(name)s.") % {
                "code": cbs_code,
                "name": other,
            }
    if region is not None and not Region.objects.filter(pk=region.pk).exists():
        errors["region"] = _("Kies een regio uit de lijst.")
    contribution = _contribution(budget_key_contribution, errors)
    if errors:
        raise ValidationError(errors)
    return {
        "name": name,
        "slug": slug,
        "cbs_code": cbs_code,
        "region": region,
        "budget_key_contribution": contribution,
    }


@transaction.atomic
def municipality_create(
    *,
    name: str,
    slug: str,
    cbs_code: str,
    region: Region | None = None,
    budget_key_contribution: Decimal | str | None = None,
    actor: User,
) -> Municipality:
    """A new, empty municipality (the tenant): its staff are invited next and set up its year."""
    fields = _municipality_fields(
        municipality=None,
        name=name,
        slug=slug,
        cbs_code=cbs_code,
        region=region,
        budget_key_contribution=budget_key_contribution,
    )
    municipality = Municipality(**fields)
    _save(municipality, errors_on_conflict={"slug": _("Deze gemeente is net al aangemaakt.")})
    log.info("platform.municipality_created", municipality_id=municipality.pk, actor_id=actor.pk)
    return municipality


@transaction.atomic
def municipality_update(
    *,
    municipality: Municipality,
    name: str,
    slug: str,
    cbs_code: str,
    region: Region | None = None,
    budget_key_contribution: Decimal | str | None = None,
    actor: User,
) -> Municipality:
    fields = _municipality_fields(
        municipality=municipality,
        name=name,
        slug=slug,
        cbs_code=cbs_code,
        region=region,
        budget_key_contribution=budget_key_contribution,
    )
    for key, value in fields.items():
        setattr(municipality, key, value)
    _save(
        municipality,
        errors_on_conflict={"slug": _("Dit webadres is net door iemand anders gekozen.")},
    )
    log.info("platform.municipality_updated", municipality_id=municipality.pk, actor_id=actor.pk)
    return municipality


# -- organisations ---------------------------------------------------------------------------


def normalise_kvk(value: str) -> str:
    """People type KvK numbers with spaces or dots; the register keeps 8 plain digits."""
    return re.sub(r"[\s.]", "", value or "")


def _unique_organisation_slug(name: str, organisation: Organisation | None) -> str:
    if organisation is not None:
        return organisation.slug
    max_length = Organisation._meta.get_field("slug").max_length or 80
    base = (slugify(name) or "organisatie")[: max_length - 4]
    taken = set(Organisation.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _kind_change_errors(organisation: Organisation, kind: str) -> str | None:
    """What still ties the organisation to its old kind (roles, service areas, enrolments)."""
    for role in (
        Membership.objects.filter(organisation=organisation)
        .values_list("role", flat=True)
        .distinct()
    ):
        if kind not in ROLE_ORGANISATION_KINDS[role]:
            return _(
                "Er zijn nog gebruikers met de rol %(role)s; die rol past niet bij dit soort "
                "organisatie."
            ) % {"role": Role(role).label}
    with all_tenants(reason="platform admin: links of an organisation before a kind change"):
        if (
            kind not in SERVICE_AREA_KINDS
            and ServiceArea.objects.filter(organisation=organisation).exists()
        ):
            return _("Deze organisatie heeft nog een werkgebied. Haal dat eerst weg.")
        if (
            kind != OrganisationKind.LEARNING_WORK_COMPANY
            and Enrolment.objects.filter(organisation=organisation)
            .exclude(status=EnrolmentStatus.ENDED)
            .exists()
        ):
            return _("Deze organisatie is nog als leerwerkbedrijf aangemeld bij een gemeente.")
    return None


def _organisation_fields(
    *,
    organisation: Organisation | None,
    name: str,
    kind: str,
    kvk_number: str,
    municipality: Municipality | None,
    region: Region | None,
    sector: str,
    contact_email: str = "",
) -> dict[str, object]:
    errors: dict[str, str] = {}
    name = _check_name(
        name,
        model=Organisation,
        instance=organisation,
        max_length=200,
        taken_message=_("Er is al een organisatie met de naam %(name)s."),
        errors=errors,
    )
    if kind not in OrganisationKind.values:
        errors["kind"] = _("Kies een soort organisatie uit de lijst.")
    kvk_number = normalise_kvk(kvk_number)
    if kvk_number and not _KVK_PATTERN.fullmatch(kvk_number):
        errors["kvk_number"] = _("Een KvK-nummer bestaat uit precies 8 cijfers.")
    elif not kvk_number and kind == OrganisationKind.LEARNING_WORK_COMPANY:
        errors["kvk_number"] = _("Vul het KvK-nummer in: een leerwerkbedrijf heeft er een.")
    elif kvk_number:
        other = _others(Organisation, organisation).filter(kvk_number=kvk_number).first()
        if other is not None:
            errors["kvk_number"] = _("Dit KvK-nummer hoort al bij %(name)s.") % {"name": other}
    if kind == OrganisationKind.MUNICIPAL_OFFICE and municipality is None:
        errors["municipality"] = _("Kies de gemeente waarvoor deze organisatie werkt.")
    elif kind != OrganisationKind.MUNICIPAL_OFFICE and municipality is not None:
        errors["municipality"] = _(
            "Alleen een gemeentelijke organisatie hoort bij een gemeente. Laat dit veld leeg."
        )
    if kind == OrganisationKind.REGIONAL_BODY and region is None:
        errors["region"] = _("Kies de regio waarvoor dit samenwerkingsverband werkt.")
    elif kind not in _REGION_KINDS and region is not None:
        errors["region"] = _(
            "Alleen een regionaal samenwerkingsverband of een sociale dienst hoort bij een regio. "
            "Laat dit veld leeg."
        )
    sector = " ".join((sector or "").split())
    if len(sector) > 100:
        errors["sector"] = _("De sector is hoogstens 100 tekens lang.")
    contact_email = (contact_email or "").strip().lower()
    if contact_email:
        try:
            validate_email(contact_email)
        except ValidationError:
            errors["contact_email"] = _(
                "Vul een geldig e-mailadres in, bijvoorbeeld info@kringloop.nl."
            )
    if (
        "kind" not in errors
        and organisation is not None
        and organisation.kind != kind
        and (problem := _kind_change_errors(organisation, kind))
    ):
        errors["kind"] = problem
    if errors:
        raise ValidationError(errors)
    return {
        "name": name,
        "kind": kind,
        "kvk_number": kvk_number,
        "municipality": municipality,
        "region": region,
        "sector": sector,
        "contact_email": contact_email,
    }


@transaction.atomic
def organisation_create(
    *,
    name: str,
    kind: str,
    kvk_number: str = "",
    municipality: Municipality | None = None,
    region: Region | None = None,
    sector: str = "",
    contact_email: str = "",
    actor: User,
) -> Organisation:
    fields = _organisation_fields(
        organisation=None,
        name=name,
        kind=kind,
        kvk_number=kvk_number,
        municipality=municipality,
        region=region,
        sector=sector,
        contact_email=contact_email,
    )
    organisation = Organisation(slug=_unique_organisation_slug(str(fields["name"]), None), **fields)
    _save(organisation, errors_on_conflict={"name": _("Deze organisatie is net al aangemaakt.")})
    log.info("platform.organisation_created", organisation_id=organisation.pk, actor_id=actor.pk)
    return organisation


@transaction.atomic
def organisation_update(
    *,
    organisation: Organisation,
    name: str,
    kind: str,
    kvk_number: str = "",
    municipality: Municipality | None = None,
    region: Region | None = None,
    sector: str = "",
    contact_email: str = "",
    actor: User,
) -> Organisation:
    fields = _organisation_fields(
        organisation=organisation,
        name=name,
        kind=kind,
        kvk_number=kvk_number,
        municipality=municipality,
        region=region,
        sector=sector,
        contact_email=contact_email,
    )
    for key, value in fields.items():
        setattr(organisation, key, value)
    _save(organisation, errors_on_conflict={"name": _("Deze organisatie is net gewijzigd.")})
    log.info("platform.organisation_updated", organisation_id=organisation.pk, actor_id=actor.pk)
    return organisation


# -- service areas ---------------------------------------------------------------------------


@transaction.atomic
def service_area_add(
    *,
    organisation: Organisation,
    municipality: Municipality,
    since: date | None = None,
    actor: User,
) -> ServiceArea:
    """The matching unit (or social service) starts working for this municipality: its staff
    can then switch to it. Written inside the municipality's tenant, like every tenant row."""
    if organisation.kind not in SERVICE_AREA_KINDS:
        raise ValidationError(
            {"organisation": _("Alleen een matchingsunit of sociale dienst heeft een werkgebied.")}
        )
    with tenant_context(municipality.id):
        if ServiceArea.objects.filter(
            municipality=municipality, organisation=organisation
        ).exists():
            raise ValidationError(
                {
                    "municipality": _("%(org)s werkt al voor %(name)s.")
                    % {"org": organisation.name, "name": municipality.name}
                }
            )
        area = ServiceArea.objects.create(
            municipality=municipality, organisation=organisation, since=since
        )
    log.info(
        "platform.service_area_added",
        organisation_id=organisation.pk,
        municipality_id=municipality.pk,
        actor_id=actor.pk,
    )
    return area


@transaction.atomic
def service_area_remove(
    *, organisation: Organisation, municipality: Municipality, actor: User
) -> None:
    """The unit stops working for this municipality; its staff lose access to it."""
    with tenant_context(municipality.id):
        deleted, _rows = ServiceArea.objects.filter(
            municipality=municipality, organisation=organisation
        ).delete()
    if not deleted:
        raise ValidationError(
            {
                "municipality": _("%(org)s werkt niet voor %(name)s.")
                % {"org": organisation.name, "name": municipality.name}
            }
        )
    log.info(
        "platform.service_area_removed",
        organisation_id=organisation.pk,
        municipality_id=municipality.pk,
        actor_id=actor.pk,
    )


# -- invitations -----------------------------------------------------------------------------


def _check_open(invitation: Invitation) -> None:
    if invitation.accepted_at is not None:
        raise ValidationError(_("Deze uitnodiging is al gebruikt."))
    if invitation.is_expired:
        raise ValidationError(_("Deze uitnodiging is al verlopen of ingetrokken."))


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation, actor: User) -> Invitation:
    """The link stops working at once (the invitation expires now); the row stays as a record
    of who was invited by whom."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _check_open(invitation)
    invitation.expires_at = timezone.now()
    invitation.save(update_fields=["expires_at"])
    log.info("platform.invitation_withdrawn", invitation_id=invitation.pk, actor_id=actor.pk)
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation, actor: User, base_url: str = "") -> Invitation:
    """A fresh link for the same person, organisation and role; the old link stops working."""
    invitation_withdraw(invitation=invitation, actor=actor)
    return invitation_create(
        inviter=actor,
        email=invitation.email,
        organisation=invitation.organisation,
        role=invitation.role,
        base_url=base_url,
    )
