"""Read events: every opening of a participant's dossier (page or API detail) is logged.

Changes are kept by django-simple-history (``tenant_history()`` on each tenant-owned model).
Reads are kept here, in the same tenant, with who and the route, never the BSN itself.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from participatie.tenancy.base import TenantModel, tenant_key_constraint


class ReadEvent(TenantModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("gebruiker"),
    )
    object_type = models.CharField(_("soort gegeven"), max_length=100)
    object_id = models.BigIntegerField(_("id"))
    route = models.CharField(_("route"), max_length=200)
    path = models.CharField(_("adres"), max_length=500)
    at = models.DateTimeField(_("tijdstip"), auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("inzage")
        verbose_name_plural = _("inzages")
        constraints = [tenant_key_constraint("readevent")]
        indexes = [
            models.Index(
                fields=["municipality", "object_type", "object_id"], name="readevent_object_idx"
            )
        ]
