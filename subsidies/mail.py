"""Decision letters by e-mail: when a decision is sent, its PDF letter (rendered at approval)
goes to the contact address (``Organisation.contact_email``) of the organisation it is for: the
company of a subsidy decision, the matching unit of a matching-unit decision.

The record is the municipality's (``MunicipalMail``): the municipality writes to the
organisation. The attachment's name says what it is and for which year, nothing guessable
(``beschikking-2026.pdf``); the body names the municipality and the organisation, never a
person. One :class:`Letter` per kind of decision says where its parts are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participatie.kernel.formatting import money
from participatie.mail.models import AnyMail, MunicipalMail
from participatie.mail.registry import Attachment, MailCancelled, MailKind, Message
from participatie.mail.services import mail_queue
from participatie.models import Organisation
from subsidies.models import MatchingUnitDecision, SubsidyDecision

DECISION_LETTER = "decision_letter"
MU_DECISION_LETTER = "mu_decision_letter"


def letter_filename(decision: SubsidyDecision) -> str:
    return f"beschikking-{decision.year}.pdf"


def mu_letter_filename(decision: MatchingUnitDecision) -> str:
    return f"beschikking-matchingsunit-{decision.year}.pdf"


@dataclass(frozen=True)
class Letter:
    """A kind of decision whose letter is mailed: its model, the organisation it is for, the
    attachment's name and what the subsidy is for (in the mail's sentence)."""

    key: str
    label: Any
    model: type[models.Model]
    related: tuple[str, ...]
    recipient: Callable[[Any], Organisation]
    filename: Callable[[Any], str]
    purpose: Callable[[Any], str]

    def decision(self, mail: AnyMail) -> Any:
        return (
            self.model._default_manager.select_related("municipality", *self.related)
            .filter(municipality_id=mail.municipality_id, pk=mail.object_id)  # type: ignore[union-attr]
            .first()
        )

    def build(self, mail: AnyMail) -> Message:
        decision = self.decision(mail)
        if decision is None:
            raise MailCancelled(_("De beschikking bestaat niet meer."))
        if not decision.letter:
            raise MailCancelled(_("De beschikking heeft nog geen brief."))
        with decision.letter.open("rb") as handle:
            pdf = handle.read()
        context = {
            "decision": decision,
            "municipality": decision.municipality,
            "purpose": self.purpose(decision),
            "amount": money(decision.amount),
            "filename": self.filename(decision),
        }
        subject = render_to_string("subsidies/mail/decision_letter_subject.txt", context)
        body = render_to_string("subsidies/mail/decision_letter_message.txt", context)
        return Message(
            subject=" ".join(subject.split()),
            body=body,
            attachments=[Attachment(filename=self.filename(decision), content=pdf)],
        )

    def current_address(self, mail: AnyMail) -> str:
        decision = self.decision(mail)
        return self.recipient(decision).contact_email if decision is not None else ""

    def mail_kind(self) -> MailKind:
        return MailKind(
            key=self.key,
            label=self.label,
            build=self.build,
            municipal=True,
            current_address=self.current_address,
        )

    def latest_mail(self, decision: Any) -> MunicipalMail | None:
        """The latest letter mail of a decision, for its page (one query; the request's tenant
        scope keeps another municipality's mails out)."""
        return (
            MunicipalMail.objects.filter(
                municipality_id=decision.municipality_id, kind=self.key, object_id=decision.pk
            )
            .order_by("-created_at", "-pk")
            .first()
        )

    def queue(self, decision: Any) -> MunicipalMail | None:
        """Queue the letter of a sent decision to the recipient's contact address (inside the
        municipality's tenant, in the transaction that sends the decision). No address: None."""
        address = self.recipient(decision).contact_email
        if not address:
            return None
        mail = mail_queue(
            kind=self.key,
            to=address,
            object_id=decision.pk,
            municipality=decision.municipality,
            link_base=settings.SITE_URL,
        )
        assert mail is None or isinstance(mail, MunicipalMail)
        return mail


COMPANY_LETTER = Letter(
    key=DECISION_LETTER,
    label=gettext_lazy("Beschikking"),
    model=SubsidyDecision,
    related=("enrolment__organisation",),
    recipient=lambda decision: decision.enrolment.organisation,
    filename=letter_filename,
    purpose=lambda decision: (
        _("de participatieplekken van %(name)s") % {"name": decision.enrolment.organisation.name}
    ),
)
MATCHING_UNIT_LETTER = Letter(
    key=MU_DECISION_LETTER,
    label=gettext_lazy("Beschikking matchingsunit"),
    model=MatchingUnitDecision,
    related=("application__matching_unit",),
    recipient=lambda decision: decision.application.matching_unit,
    filename=mu_letter_filename,
    purpose=lambda decision: (
        _("het werk van matchingsunit %(name)s") % {"name": decision.application.matching_unit.name}
    ),
)
LETTERS = (COMPANY_LETTER, MATCHING_UNIT_LETTER)
LETTER_KINDS = tuple(letter.mail_kind() for letter in LETTERS)
