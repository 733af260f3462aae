"""Writes for accounts: invitations (the only way in) and memberships added by operators."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from participatie.accounts.models import hash_secret
from participatie.accounts.selectors import invitable_organisations, user_is_platform_admin
from participatie.choices import ROLE_ORGANISATION_KINDS, Role
from participatie.mail.kinds import INVITATION
from participatie.mail.services import mail_queue
from participatie.models import Invitation, Membership, Organisation, User


def _check_role_fits(role: str, organisation: Organisation) -> None:
    if role not in Role.values:
        raise ValidationError({"role": _("Onbekende rol: %(role)s.") % {"role": role}})
    if organisation.kind not in ROLE_ORGANISATION_KINDS[role]:
        raise ValidationError(
            {
                "role": _("De rol %(role)s past niet bij een %(kind)s.")
                % {"role": Role(role).label, "kind": organisation.get_kind_display().lower()}
            }
        )


def _normalise_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Vul een geldig e-mailadres in.")}) from None
    return email


# Django 5.2's Dutch catalogue misses some validator messages (their msgids changed), so the
# codes are translated here to keep every error Dutch.
_PASSWORD_MESSAGES = {
    "password_too_short": _lazy(
        "Dit wachtwoord is te kort: gebruik minstens %(min_length)d tekens."
    ),
    "password_too_common": _lazy("Dit wachtwoord komt te vaak voor."),
    "password_entirely_numeric": _lazy("Dit wachtwoord bestaat alleen uit cijfers."),
    "password_too_similar": _lazy("Dit wachtwoord lijkt te veel op uw %(verbose_name)s."),
}


def _check_password(password: str, user: User, field: str) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        messages = [
            str(_PASSWORD_MESSAGES[error.code]) % (error.params or {})
            if error.code in _PASSWORD_MESSAGES
            else error.messages[0]
            for error in exc.error_list
        ]
        raise ValidationError({field: messages}) from None


@transaction.atomic
def invitation_create(
    *, inviter: User, email: str, organisation: Organisation, role: str, base_url: str = ""
) -> Invitation:
    """Invite someone into an organisation in a role and e-mail them the link.

    The mail goes out from the mail queue after commit (``participatie.mail``): the invitation
    stands even when the mail server is down; the failed mail is visible to the platform
    administrator, who sends it again. The link's token is made when the mail is built
    (:func:`invitation_token_renew`), so it exists only in the mail. ``base_url`` (scheme +
    host) defaults to SITE_URL.
    """
    if not invitable_organisations(inviter).filter(pk=organisation.pk).exists():
        raise PermissionDenied(_("U mag voor deze organisatie geen uitnodigingen versturen."))
    email = _normalise_email(email)
    _check_role_fits(role, organisation)
    # Only a platform admin makes platform admins; an organisation admin could otherwise
    # escalate a colleague above themselves.
    if role == Role.PLATFORM_ADMIN and not user_is_platform_admin(inviter):
        raise ValidationError({"role": _("Alleen een platformbeheerder kan deze rol toekennen.")})
    if Membership.objects.filter(
        user__email__iexact=email, organisation=organisation, role=role
    ).exists():
        raise ValidationError(
            {"email": _("Deze persoon heeft deze rol al bij %(org)s.") % {"org": organisation}}
        )
    raw_token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email,
        organisation=organisation,
        role=role,
        token_hash=hash_secret(raw_token),
        created_by=inviter,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    mail_queue(kind=INVITATION, to=email, object_id=invitation.pk, link_base=base_url)
    return invitation


def invitation_token_renew(*, invitation: Invitation) -> str:
    """A new token for an open invitation, for the mail that carries it: the raw token is
    returned once, only its hash is stored, and an earlier link stops working."""
    raw_token = secrets.token_urlsafe(32)
    invitation.token_hash = hash_secret(raw_token)
    invitation.save(update_fields=["token_hash"])
    return raw_token


def invitation_for_token(raw_token: str, *, lock: bool = False) -> Invitation:
    """The usable invitation for a raw token, or a ValidationError saying why not."""
    queryset = Invitation.objects.select_related("organisation")
    if lock:
        queryset = queryset.select_for_update()
    invitation = queryset.filter(token_hash=hash_secret(raw_token or "")).first()
    if invitation is None:
        raise ValidationError(_("Deze uitnodiging bestaat niet. Controleer de link in uw e-mail."))
    if invitation.accepted_at is not None:
        raise ValidationError(
            _("Deze uitnodiging is al gebruikt. Log in met uw e-mailadres en wachtwoord.")
        )
    if invitation.is_expired:
        raise ValidationError(
            _("Deze uitnodiging is verlopen. Vraag degene die u uitnodigde om een nieuwe.")
        )
    return invitation


@transaction.atomic
def invitation_accept(
    *, raw_token: str, password: str | None, first_name: str, last_name: str
) -> User:
    """Use an invitation once: create the user (or find the existing one with that e-mail
    address) and add the membership. An existing user keeps their password."""
    invitation = invitation_for_token(raw_token, lock=True)
    user = User.objects.filter(email__iexact=invitation.email).first()
    if user is None:
        user = User(
            email=invitation.email,
            first_name=(first_name or "").strip(),
            last_name=(last_name or "").strip(),
        )
        if not password:
            raise ValidationError({"password1": _("Kies een wachtwoord.")})
        _check_password(password, user, "password1")
        user.set_password(password)
        user.save()
    Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, role=invitation.role
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user


@transaction.atomic
def member_add(
    *,
    email: str,
    organisation: Organisation,
    role: str,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
) -> tuple[User, bool]:
    """Create or update a user and give them a role (ops command). Returns (user, created).

    A new user without a password gets an unusable one: they set it via "wachtwoord vergeten".
    """
    email = _normalise_email(email)
    _check_role_fits(role, organisation)
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if user is None:
        user = User(email=email)
    if first_name:
        user.first_name = first_name
    if last_name:
        user.last_name = last_name
    if password:
        _check_password(password, user, "password")
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.save()
    Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    return user, created
