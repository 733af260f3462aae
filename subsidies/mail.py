"""The decision letter by e-mail: when a decision is sent, its PDF letter (rendered at approval)
goes to the company's contact address (``Organisation.contact_email``).

The record is the municipality's (``MunicipalMail``): the municipality writes to the company.
The attachment's name says what it is and for which year, nothing guessable
(``beschikking-2026.pdf``); the body names the municipality and the company, never a person.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participatie.kernel.formatting import money
from participatie.mail.models import AnyMail, MunicipalMail
from participatie.mail.registry import Attachment, MailCancelled, MailKind, Message
from participatie.mail.services import mail_queue
from subsidies.models import SubsidyDecision

DECISION_LETTER = "decision_letter"


def letter_filename(decision: SubsidyDecision) -> str:
    return f"beschikking-{decision.year}.pdf"


def _decision(mail: AnyMail) -> SubsidyDecision | None:
    return (
        SubsidyDecision.objects.select_related("enrolment__organisation", "municipality")
        .filter(municipality_id=mail.municipality_id, pk=mail.object_id)  # type: ignore[union-attr]
        .first()
    )


def build_decision_letter(mail: AnyMail) -> Message:
    decision = _decision(mail)
    if decision is None:
        raise MailCancelled(_("De beschikking bestaat niet meer."))
    if not decision.letter:
        raise MailCancelled(_("De beschikking heeft nog geen brief."))
    with decision.letter.open("rb") as handle:
        pdf = handle.read()
    context = {
        "decision": decision,
        "municipality": decision.municipality,
        "company": decision.enrolment.organisation,
        "amount": money(decision.amount),
        "filename": letter_filename(decision),
    }
    subject = render_to_string("subsidies/mail/decision_letter_subject.txt", context)
    body = render_to_string("subsidies/mail/decision_letter_message.txt", context)
    return Message(
        subject=" ".join(subject.split()),
        body=body,
        attachments=[Attachment(filename=letter_filename(decision), content=pdf)],
    )


def current_contact_address(mail: AnyMail) -> str:
    decision = _decision(mail)
    return decision.enrolment.organisation.contact_email if decision is not None else ""


DECISION_LETTER_KIND = MailKind(
    key=DECISION_LETTER,
    label=gettext_lazy("Beschikking"),
    build=build_decision_letter,
    municipal=True,
    current_address=current_contact_address,
)


def decision_letter_mail(decision: SubsidyDecision) -> MunicipalMail | None:
    """The latest letter mail of a decision, for the decision's page (one query; the tenant
    scope of the request keeps another municipality's mails out)."""
    return (
        MunicipalMail.objects.filter(
            municipality_id=decision.municipality_id, kind=DECISION_LETTER, object_id=decision.pk
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def decision_letter_queue(decision: SubsidyDecision) -> MunicipalMail | None:
    """Queue the letter of a sent decision to the company's contact address (inside the
    municipality's tenant, in the transaction that sends the decision). No address: None."""
    address = decision.enrolment.organisation.contact_email
    if not address:
        return None
    mail = mail_queue(
        kind=DECISION_LETTER,
        to=address,
        object_id=decision.pk,
        municipality=decision.municipality,
        link_base=settings.SITE_URL,
    )
    assert mail is None or isinstance(mail, MunicipalMail)
    return mail
