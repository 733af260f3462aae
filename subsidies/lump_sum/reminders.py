"""The reminder of the lump sum's financial review (every 2 years, seed 003): from
``REVIEW_NOTICE_DAYS`` before it is due, each regional administrator of the region gets one
mail per provider and due date (the record's key makes a second run send nothing); recording
the review moves the due date, and the next reminder comes two years later.

The mail names the region and the provider (organisations), never a person, and links to the
region's lump-sum page where the review is recorded.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participatie.choices import Role
from participatie.kernel.formatting import long_date
from participatie.mail.models import AnyMail
from participatie.mail.registry import MailCancelled, MailKind, Message
from participatie.mail.services import mail_queue
from participatie.models import Region, User
from subsidies.lump_sum.selectors import ReviewState, review_states
from subsidies.models import LumpSumAgreement

REVIEW_REMINDER = "lump_sum_review"


def _key(region: Region, state: ReviewState, user: User) -> str:
    return f"lump-sum-review:{region.pk}:{state.provider.pk}:{state.due_on.isoformat()}:{user.pk}"


def review_reminders_queue(*, today: date) -> int:
    """Queue the reminders that are due on ``today``; the number queued (0 on a second run)."""
    queued = 0
    regions = Region.objects.filter(pk__in=LumpSumAgreement.objects.values("region_id")).order_by(
        "pk"
    )
    for region in regions:
        due = [state for state in review_states(region=region) if state.is_due(today)]
        if not due:
            continue
        admins = list(
            User.objects.filter(
                is_active=True,
                memberships__role=Role.REGIONAL_ADMIN,
                memberships__organisation__region=region,
            )
            .distinct()
            .order_by("pk")
        )
        for state in due:
            agreement = (
                LumpSumAgreement.objects.filter(region=region, provider=state.provider)
                .order_by("-year")
                .first()
            )
            for admin in admins:
                with transaction.atomic():
                    mail = mail_queue(
                        kind=REVIEW_REMINDER,
                        to=admin.email,
                        object_id=agreement.pk if agreement else None,
                        key=_key(region, state, admin),
                        link_base=settings.SITE_URL,
                    )
                queued += mail is not None
    return queued


def build_review_reminder(mail: AnyMail) -> Message:
    agreement = (
        LumpSumAgreement.objects.select_related("region", "provider")
        .filter(pk=mail.object_id or 0)
        .first()
    )
    if agreement is None:
        raise MailCancelled(_("De lumpsumafspraak bestaat niet meer."))
    state = next(
        (s for s in review_states(region=agreement.region) if s.provider == agreement.provider),
        None,
    )
    if state is None or state.due_on.isoformat() not in mail.key:
        raise MailCancelled(_("De financiële herziening is al vastgelegd."))
    base = (mail.link_base or settings.SITE_URL).rstrip("/")
    context = {
        "region": agreement.region,
        "provider": agreement.provider,
        "due_on": long_date(state.due_on),
        "last": long_date(state.last.reviewed_on) if state.last else "",
        "url": base + reverse("regio:lump-sum-list", args=[agreement.region.slug]),
    }
    subject = render_to_string("subsidies/mail/lump_sum_review_subject.txt", context)
    body = render_to_string("subsidies/mail/lump_sum_review_message.txt", context)
    return Message(subject=" ".join(subject.split()), body=body)


REVIEW_REMINDER_KIND = MailKind(
    key=REVIEW_REMINDER,
    label=gettext_lazy("Herinnering financiële herziening lumpsum"),
    build=build_review_reminder,
)
