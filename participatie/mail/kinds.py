"""The core's mail kinds: invitations, password mails (through django-allauth) and the daily
digest. ``subsidies`` registers the decision letter itself.

Every message is built in the task from the record's ``object_id``, in Dutch unless the user
chose another language. A link that carries a secret (invitation, new password) gets a fresh
token when the mail is built: the token exists only in the mail that was sent, never in the
record, the task's arguments or the logs.
"""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participatie.mail.models import AnyMail
from participatie.mail.registry import MailCancelled, MailKind, Message, register_mail_kind

INVITATION = "invitation"
PASSWORD_RESET = "password_reset"
UNKNOWN_ACCOUNT = "unknown_account"

# django-allauth's mails (its template prefix) and the kind that sends each. The settings turn
# every other allauth mail off (no signup, no e-mail verification, no login codes, no
# notifications); the adapter refuses one it does not know rather than send it unrecorded.
ALLAUTH_KINDS = {
    "account/email/password_reset_key": PASSWORD_RESET,
    "account/email/unknown_account": UNKNOWN_ACCOUNT,
}


def _base(mail: AnyMail) -> str:
    return (mail.link_base or settings.SITE_URL).rstrip("/")


def _render(prefix: str, context: dict) -> Message:
    subject = render_to_string(f"{prefix}_subject.txt", context)
    body = render_to_string(f"{prefix}_message.txt", context)
    return Message(subject=" ".join(subject.split()), body=body)


def build_invitation(mail: AnyMail) -> Message:
    from participatie.accounts.services import invitation_token_renew
    from participatie.models import Invitation

    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organisation", "created_by")
        .filter(pk=mail.object_id or 0)
        .first()
    )
    if invitation is None:
        raise MailCancelled(_("De uitnodiging bestaat niet meer."))
    if invitation.accepted_at is not None:
        raise MailCancelled(_("De uitnodiging is al gebruikt."))
    if invitation.is_expired:
        raise MailCancelled(_("De uitnodiging is verlopen of ingetrokken."))
    raw_token = invitation_token_renew(invitation=invitation)
    path = reverse("accounts:invitation-accept", kwargs={"token": raw_token})
    return _render(
        "account/email/invitation",
        {
            "invitation": invitation,
            "inviter": invitation.created_by,
            "link": _base(mail) + path,
            "valid_days": settings.INVITATION_VALID_DAYS,
        },
    )


def build_password_reset(mail: AnyMail) -> Message:
    """allauth's "password_reset_key" mail: a link to choose a new password. The token is
    allauth's own (it stops working once the password changes)."""
    from allauth.account import app_settings as allauth_settings
    from allauth.account.utils import user_pk_to_url_str

    from participatie.models import User

    user = User.objects.filter(pk=mail.object_id or 0, is_active=True).first()
    if user is None:
        raise MailCancelled(_("Deze gebruiker bestaat niet meer of is uitgeschakeld."))
    token = allauth_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(user)
    key = f"{user_pk_to_url_str(user)}-{token}"
    # allauth's own way to put its opaque key into its URL pattern.
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
    link = _base(mail) + path.replace("UID-KEY", quote(key))
    with translation.override(user.language or settings.LANGUAGE_CODE):
        return _render(
            "account/email/password_reset_key",
            {
                "password_reset_url": link,
                "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
            },
        )


def build_unknown_account(mail: AnyMail) -> Message:
    """Someone asked for a new password for an address without an account."""
    return _render(
        "account/email/unknown_account",
        {"email": mail.to_email, "login_url": _base(mail) + reverse("account_login")},
    )


def register() -> None:
    from participatie.mail.digest import DIGEST_KIND

    register_mail_kind(
        MailKind(key=INVITATION, label=gettext_lazy("Uitnodiging"), build=build_invitation)
    )
    register_mail_kind(
        MailKind(
            key=PASSWORD_RESET, label=gettext_lazy("Nieuw wachtwoord"), build=build_password_reset
        )
    )
    register_mail_kind(
        MailKind(
            key=UNKNOWN_ACCOUNT,
            label=gettext_lazy("Wachtwoord gevraagd zonder account"),
            build=build_unknown_account,
        )
    )
    register_mail_kind(DIGEST_KIND)
