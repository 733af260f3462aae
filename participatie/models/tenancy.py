"""Who is who: regions, municipalities (the tenants), organisations and their memberships
(global), and the matching units' service areas (tenant-owned). A company's enrolment in a
municipality lives in :mod:`participatie.enrolments.models`."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from participatie.choices import ROLE_ORGANISATION_KINDS, OrganisationKind, Role
from participatie.tenancy.base import TenantModel, tenant_history, tenant_key_constraint

# URL segments that can never be a municipality or region slug (see config/urls.py).
RESERVED_SLUGS = frozenset(
    {
        "accounts",
        "admin",
        "api",
        "regio",
        "beheer",
        "static",
        "media",
        "health",
        "i18n",
        "account",
        "tokens",
        "aanmelden",
    }
)

kvk_validator = RegexValidator(
    regex=r"^\d{8}$", message=_("Een KvK-nummer bestaat uit precies 8 cijfers.")
)
cbs_code_validator = RegexValidator(
    regex=r"^GM\d{4}$", message=_("Een CBS-gemeentecode heeft de vorm GM0505.")
)


def validate_not_reserved(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(_("'%(slug)s' is een gereserveerd woord."), params={"slug": value})


class Region(models.Model):
    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), unique=True, validators=[validate_not_reserved])

    class Meta:
        ordering = ["name"]
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """The tenant. Owns policy, budget and subsidy decisions for the places located in it."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), unique=True, validators=[validate_not_reserved])
    cbs_code = models.CharField(
        _("CBS-code"), max_length=6, unique=True, validators=[cbs_code_validator]
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="municipalities",
        verbose_name=_("regio"),
    )
    # The municipality's contribution that weighs its share in the region's budget key.
    budget_key_contribution = models.DecimalField(
        _("bijdrage verdeelsleutel"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Bijdrage waarmee het regionale budget over de gemeenten wordt verdeeld."),
    )
    absence_signal_weeks = models.PositiveSmallIntegerField(
        _("signaal na weken afwezigheid"),
        default=6,
        validators=[MinValueValidator(1)],
        help_text=_("Na zoveel weken zonder aanwezige dag krijgt de matchingsunit een signaal."),
    )
    review_months_basis = models.PositiveSmallIntegerField(
        _("ontwikkelgesprek trede basis (maanden)"), default=12, validators=[MinValueValidator(1)]
    )
    review_months_plus = models.PositiveSmallIntegerField(
        _("ontwikkelgesprek trede plus of in ontwikkeling (maanden)"),
        default=4,
        validators=[MinValueValidator(1)],
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("soort"), max_length=32, choices=OrganisationKind.choices)
    kvk_number = models.CharField(
        _("KvK-nummer"), max_length=8, blank=True, validators=[kvk_validator]
    )
    # A municipal office works for its own municipality; a regional body or social service for
    # a region. Matching units and companies are linked per municipality (ServiceArea, Enrolment).
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offices",
        verbose_name=_("gemeente"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("regio"),
    )
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    # Where the organisation receives mail from the platform, e.g. a company's decision letters:
    # an address of the organisation (info@...), not of a person.
    contact_email = models.EmailField(
        _("e-mailadres voor contact"),
        blank=True,
        help_text=_("Hierheen gaan brieven, zoals de beschikking van een leerwerkbedrijf."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=OrganisationKind.MUNICIPAL_OFFICE, municipality__isnull=False)
                | ~Q(kind=OrganisationKind.MUNICIPAL_OFFICE),
                name="organisation_office_has_municipality",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == OrganisationKind.MUNICIPAL_OFFICE and not self.municipality_id:
            raise ValidationError(
                {"municipality": _("Een gemeentelijke organisatie hoort bij een gemeente.")}
            )
        if self.kvk_number and not re.fullmatch(r"\d{8}", self.kvk_number):
            raise ValidationError({"kvk_number": kvk_validator.message})


class Membership(models.Model):
    """A user's role in an organisation. Roles come only from memberships."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("gebruiker"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisatie"),
    )
    role = models.CharField(_("rol"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "role"]
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.organisation} ({self.get_role_display()})"

    def clean(self) -> None:
        allowed = ROLE_ORGANISATION_KINDS[self.role]
        if self.organisation_id and self.organisation.kind not in allowed:
            raise ValidationError({"role": _("Deze rol past niet bij het soort organisatie.")})


class ServiceArea(TenantModel):
    """A matching unit (or a partner: social service, UWV, district team) works for this
    municipality; the municipality decides."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="service_areas",
        verbose_name=_("organisatie"),
        limit_choices_to={
            "kind__in": [
                OrganisationKind.MATCHING_UNIT,
                OrganisationKind.SOCIAL_SERVICE,
                OrganisationKind.UWV,
                OrganisationKind.DISTRICT_TEAM,
            ]
        },
    )
    since = models.DateField(_("sinds"), null=True, blank=True)
    history = tenant_history()

    class Meta:
        verbose_name = _("werkgebied")
        verbose_name_plural = _("werkgebieden")
        constraints = [
            tenant_key_constraint("servicearea"),
            models.UniqueConstraint(
                fields=["municipality", "organisation"], name="servicearea_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.municipality_id}"
