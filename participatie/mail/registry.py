"""Mail kinds: what each kind of mail says and how it is built from the stored facts.

``participatie`` imports neither ``matching`` nor ``subsidies``; an app registers its kinds from
its ``AppConfig.ready()`` (the decision letter comes from ``subsidies``), as it does report kinds
and home sections. A kind's ``build`` runs in the Celery task, each time the mail is sent: for a
municipal kind inside that municipality's tenant context and inside a transaction that commits
before the message goes out. It returns the :class:`Message`, or raises :class:`MailCancelled`
when the mail no longer makes sense (the invitation was used, nothing waits any more).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.functional import Promise

if TYPE_CHECKING:
    from participatie.mail.models import AnyMail


class MailCancelled(Exception):
    """The mail is not sent, for the reason given (Dutch, for the platform administrator)."""


@dataclass(frozen=True)
class Attachment:
    filename: str  # no names or guessable ids: ``beschikking-2026.pdf``
    content: bytes
    mimetype: str = "application/pdf"


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    attachments: list[Attachment] = field(default_factory=list)


@dataclass(frozen=True)
class MailKind:
    key: str  # stored on the record: "decision_letter", "digest", ...
    label: str | Promise  # Dutch, for the platform page: "Beschikking"
    build: Callable[[AnyMail], Message]
    municipal: bool = False  # recorded as MunicipalMail (tenant-owned) or OutgoingMail
    # The address to use when the mail is sent again (the company's contact address may have
    # been corrected since); None keeps the recorded address.
    current_address: Callable[[AnyMail], str] | None = None


_kinds: dict[str, MailKind] = {}


def register_mail_kind(kind: MailKind) -> MailKind:
    _kinds[kind.key] = kind
    return kind


def mail_kind(key: str) -> MailKind | None:
    return _kinds.get(key)


def mail_kinds() -> list[MailKind]:
    return sorted(_kinds.values(), key=lambda kind: kind.key)
