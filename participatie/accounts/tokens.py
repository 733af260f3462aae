"""Personal API tokens: issued once, stored as a hash, expiring, revocable."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.exceptions import AuthenticationFailed

from participatie.accounts.models import hash_secret
from participatie.models import ApiToken, User

TOKEN_KEYWORD = "Token"
# Writing last_used_at on every call would turn every API read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=15)


def api_token_authenticate(raw_key: str) -> ApiToken:
    """The token for a raw key, or ``AuthenticationFailed`` with a Dutch reason."""
    if not raw_key:
        raise AuthenticationFailed(_("Er is geen API-token meegestuurd."))
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_secret(raw_key)).first()
    if token is None:
        raise AuthenticationFailed(_("Deze API-token is onbekend."))
    now = timezone.now()
    if token.revoked_at is not None:
        raise AuthenticationFailed(_("Deze API-token is ingetrokken."))
    if token.expires_at <= now:
        raise AuthenticationFailed(_("Deze API-token is verlopen. Maak een nieuwe aan."))
    if not token.user.is_active:
        raise AuthenticationFailed(_("Dit account is uitgeschakeld."))
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


@transaction.atomic
def api_token_issue(*, user: User, name: str, days: int) -> tuple[ApiToken, str]:
    """Create a token and return it with its raw key, which is shown once and never stored."""
    if days < 1 or days > settings.API_TOKEN_MAX_DAYS:
        raise ValidationError(
            {
                "days": _("Een token is 1 tot %(max)s dagen geldig.")
                % {"max": settings.API_TOKEN_MAX_DAYS}
            }
        )
    name = (name or "").strip()
    if not name or len(name) > ApiToken._meta.get_field("name").max_length:
        raise ValidationError({"name": _("Geef de token een omschrijving van 1 tot 100 tekens.")})
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[: ApiToken.PREFIX_LENGTH],
        key_hash=hash_secret(raw),
        expires_at=timezone.now() + timedelta(days=days),
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
