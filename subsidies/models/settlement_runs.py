"""A settlement run: one request to draft the quarter statements of one municipality for one
quarter, by an account holder's button or by the schedule, with its progress and outcome.

The run row is written by the request (queued) and by the worker at the end (done or failed,
with the number of statements), in the same transaction as the drafts; while the worker is busy
its progress goes to the cache (``subsidies.services.settlement_runs``). The database holds
two rules: at most one run of a quarter is queued or running at a time, and the schedule makes
at most one run per municipality and quarter (so running the beat job twice creates nothing
twice).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from participatie.tenancy.base import TenantModel, tenant_key_constraint
from subsidies.choices import SettlementRunStatus

ACTIVE = (SettlementRunStatus.QUEUED, SettlementRunStatus.RUNNING)


class SettlementRun(TenantModel):
    year = models.PositiveSmallIntegerField(_("jaar"))
    quarter = models.PositiveSmallIntegerField(
        _("kwartaal"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=SettlementRunStatus.choices,
        default=SettlementRunStatus.QUEUED,
    )
    progress = models.PositiveSmallIntegerField(
        _("voortgang (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    # Dutch, for the page; never personal data (the run's record outlives the people in it).
    message = models.TextField(_("melding"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aangevraagd door"),
    )
    scheduled = models.BooleanField(_("volgens planning"), default=False)
    requested_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    started_at = models.DateTimeField(_("gestart op"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    statement_count = models.PositiveIntegerField(_("aantal declaraties"), default=0)
    task_id = models.CharField(_("taak"), max_length=255, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("kwartaalafrekening")
        verbose_name_plural = _("kwartaalafrekeningen")
        constraints = [
            tenant_key_constraint("settlementrun"),
            models.UniqueConstraint(
                fields=["municipality", "year", "quarter"],
                condition=Q(scheduled=True),
                name="settlementrun_one_scheduled",
            ),
            models.UniqueConstraint(
                fields=["municipality", "year", "quarter"],
                condition=Q(status__in=ACTIVE),
                name="settlementrun_one_active",
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="settlementrun_quarter"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="settlementrun_progress"),
            models.CheckConstraint(
                condition=Q(scheduled=False) | Q(requested_by__isnull=True),
                name="settlementrun_scheduled_has_no_requester",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "-requested_at"], name="settlementrun_recent_idx")
        ]

    def __str__(self) -> str:
        return f"K{self.quarter} {self.year}"

    @property
    def requester_label(self) -> str:
        """Who asked for the run, in words (the schedule, or the account holder)."""
        if self.scheduled:
            return str(_("Automatisch (volgens planning)"))
        return str(self.requested_by) if self.requested_by is not None else "—"

    @property
    def is_finished(self) -> bool:
        return self.status in (SettlementRunStatus.DONE, SettlementRunStatus.FAILED)
