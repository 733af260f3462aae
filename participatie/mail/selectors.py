"""Reads of the mail records.

The platform administrator sees every mail, of the platform and of every municipality, to
find and resend the ones that failed: the municipal records are read across tenants,
explicitly (``all_tenants``), in two queries whatever the number of rows. A municipality sees
its own mails only, through its tenant scope (e.g. the letter mail on a decision's page,
``subsidies.mail.Letter.latest_mail``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from participatie.mail.models import AnyMail, MailStatus, MunicipalMail, OutgoingMail
from participatie.mail.registry import mail_kind
from participatie.tenancy.context import all_tenants

RECENT_LIMIT = 200


@dataclass(frozen=True)
class MailRow:
    mail: AnyMail
    municipal: bool

    @property
    def kind_label(self) -> str:
        kind = mail_kind(self.mail.kind)
        return str(kind.label) if kind is not None else self.mail.kind

    @property
    def municipality_name(self) -> str:
        return self.mail.municipality.name if isinstance(self.mail, MunicipalMail) else ""

    @property
    def can_resend(self) -> bool:
        return self.mail.status == MailStatus.FAILED


def recent_mails(*, failed_only: bool = False, limit: int = RECENT_LIMIT) -> list[MailRow]:
    """The newest mails of the platform and of all municipalities, newest first."""
    with transaction.atomic(), all_tenants(reason="platform admin: mail overview"):
        platform = OutgoingMail.objects.order_by("-created_at", "-pk")
        municipal = MunicipalMail.objects.select_related("municipality").order_by(
            "-created_at", "-pk"
        )
        if failed_only:
            platform = platform.filter(status=MailStatus.FAILED)
            municipal = municipal.filter(status=MailStatus.FAILED)
        rows = [MailRow(mail, municipal=False) for mail in platform[:limit]]
        rows += [MailRow(mail, municipal=True) for mail in municipal[:limit]]
    rows.sort(key=lambda row: (row.mail.created_at, row.municipal, row.mail.pk), reverse=True)
    return rows[:limit]


def failed_mail_count() -> int:
    with transaction.atomic(), all_tenants(reason="platform admin: failed mails"):
        return (
            OutgoingMail.objects.filter(status=MailStatus.FAILED).count()
            + MunicipalMail.objects.filter(status=MailStatus.FAILED).count()
        )
