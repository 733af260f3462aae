"""The daily digest: one mail per user over all their municipalities, with what waits for them
("Wat wacht op mij", :mod:`participatie.waiting`) as counts and links. Nothing waits: no mail.
A user may turn it off on their account page (``User.digest_opt_out``). Once per user per day:
the record's key ``digest:<user id>:<date>`` is unique, so a second run that day sends nothing.

Which municipalities count and what the user may do there comes from the same functions as a
request's access (``memberships_in_municipality``, ``Access.from_memberships``), so the digest
never lists what the home page would not. A platform administrator's role opens every
municipality but is no work there: municipalities the user enters only as platform
administrator are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participatie.choices import Role
from participatie.mail.models import AnyMail, OutgoingMail
from participatie.mail.registry import MailCancelled, MailKind, Message
from participatie.mail.services import mail_queue
from participatie.models import Municipality, User
from participatie.tenancy.access import accessible_municipalities, memberships_in_municipality
from participatie.tenancy.context import atomic_tenant_context
from participatie.tenancy.http import Access
from participatie.tenancy.permissions import (
    LWB_ROLES,
    MATCHING_UNIT_ROLES,
    MUNICIPAL_ROLES,
    PARTNER_ROLES,
)
from participatie.waiting import WaitingItem, waiting_for

DIGEST = "digest"
# A client manager's waiting work is the signal that a client left for paid work (issue 16).
WORKING_ROLES = MUNICIPAL_ROLES | MATCHING_UNIT_ROLES | LWB_ROLES | PARTNER_ROLES


@dataclass(frozen=True)
class DigestLine:
    label: str
    count: int
    url: str  # absolute


@dataclass(frozen=True)
class DigestSection:
    municipality: Municipality
    lines: list[DigestLine]

    @property
    def total(self) -> int:
        return sum(line.count for line in self.lines)


def digest_candidates() -> list[int]:
    """Active users who did not opt out and work somewhere (one query)."""
    return list(
        User.objects.filter(
            is_active=True, digest_opt_out=False, memberships__role__in=WORKING_ROLES
        )
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def absolute(url: str, base: str = "") -> str:
    if url.startswith(("http://", "https://")):
        return url
    return (base or settings.SITE_URL).rstrip("/") + url


def _line(item: WaitingItem, base: str) -> DigestLine:
    return DigestLine(label=str(item.label), count=item.count, url=absolute(item.url, base))


def digest_sections(user: User, *, base: str = "") -> list[DigestSection]:
    """What waits for ``user``, per municipality in name order; municipalities with nothing
    waiting are left out. Labels are made in the active language."""
    sections = []
    for municipality in accessible_municipalities(user):
        with atomic_tenant_context(municipality.id):
            memberships = memberships_in_municipality(user, municipality)
            if not any(m.role != Role.PLATFORM_ADMIN for m in memberships):
                continue
            access = Access.from_memberships(user, memberships, municipality=municipality)
            lines = [_line(item, base) for item in waiting_for(access)]
        if lines:
            sections.append(DigestSection(municipality=municipality, lines=lines))
    return sections


def digest_key(user: User, day: date) -> str:
    return f"digest:{user.pk}:{day.isoformat()}"


def digest_queue(*, user_id: int, day: date) -> str:
    """Queue today's digest for one user, unless they opted out, already got one for ``day``,
    or nothing waits. Says which (for the task's result and the tests)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or user.digest_opt_out:
        return "opted out"
    key = digest_key(user, day)
    if OutgoingMail.objects.filter(key=key).exists():
        return "already sent"
    if not digest_sections(user):
        return "nothing waits"
    with transaction.atomic():
        mail = mail_queue(kind=DIGEST, to=user.email, object_id=user.pk, key=key)
    return "queued" if mail is not None else "already sent"


def build_digest(mail: AnyMail) -> Message:
    """The digest as it stands when it is sent, in the user's own language."""
    user = User.objects.filter(pk=mail.object_id or 0, is_active=True).first()
    if user is None:
        raise MailCancelled(_("Deze gebruiker bestaat niet meer of is uitgeschakeld."))
    if user.digest_opt_out:
        raise MailCancelled(_("Deze gebruiker wil geen dagelijkse e-mail meer."))
    with translation.override(user.language or settings.LANGUAGE_CODE):
        sections = digest_sections(user, base=mail.link_base)
        if not sections:
            raise MailCancelled(_("Er wacht niets meer op deze gebruiker."))
        context = {
            "sections": sections,
            "total": sum(section.total for section in sections),
            "settings_url": absolute(reverse("accounts:email-settings"), mail.link_base),
        }
        subject = render_to_string("mail/digest_subject.txt", context)
        body = render_to_string("mail/digest_message.txt", context)
    return Message(subject=" ".join(subject.split()), body=body)


DIGEST_KIND = MailKind(key=DIGEST, label=gettext_lazy("Dagelijks overzicht"), build=build_digest)
