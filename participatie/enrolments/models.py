"""A learning-work company (or another organisation) admitted by one municipality."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from participatie.enrolments.choices import EnrolmentStatus, GuidanceKind, WorkEnvironment
from participatie.models.tenancy import Organisation
from participatie.tenancy.base import TenantModel, tenant_history, tenant_key_constraint


class Enrolment(TenantModel):
    """An organisation admitted by one municipality (a learning-work company, mostly).

    Displacement of paid work is never allowed, so a company is assessed before it becomes active:
    candidate -> assessed -> active -> ended.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("organisatie"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.CANDIDATE,
    )
    assessment_notes = models.TextField(_("beoordeling"), blank=True)
    max_places = models.PositiveIntegerField(
        _("maximaal aantal plekken"), default=0, validators=[MinValueValidator(0)]
    )
    work_environment = models.CharField(
        _("werkomgeving"), max_length=16, choices=WorkEnvironment.choices, blank=True
    )
    guidance_kind = models.CharField(
        _("soort begeleiding"), max_length=16, choices=GuidanceKind.choices, blank=True
    )
    # The assessment (candidate -> assessed): what the company offers, and the explicit judgement
    # that no paid work is displaced, which "active" requires (who, when, why).
    kind_of_work = models.TextField(_("soort werk"), blank=True)
    guidance_offered = models.TextField(_("begeleiding die het bedrijf kan geven"), blank=True)
    no_displacement = models.BooleanField(
        _("geen verdringing van betaald werk"), null=True, blank=True
    )
    displacement_reason = models.TextField(_("onderbouwing verdringingstoets"), blank=True)
    displacement_judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verdringingstoets door"),
    )
    displacement_judged_at = models.DateTimeField(_("verdringingstoets op"), null=True, blank=True)
    started_on = models.DateField(_("actief sinds"), null=True, blank=True)
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)
    history = tenant_history()

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("contract leerwerkbedrijf")
        verbose_name_plural = _("contracten leerwerkbedrijven")
        constraints = [
            tenant_key_constraint("enrolment"),
            models.UniqueConstraint(
                fields=["municipality", "organisation"], name="enrolment_unique"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="enrolment_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "status"], name="enrolment_status_idx")]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_status_display()})"
