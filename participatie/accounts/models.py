"""Users log in with their e-mail address; they arrive by invitation only and use API tokens
for system integrations."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participatie.choices import Role


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mailadres"), unique=True)
    # The language the user chose; empty means "follow the browser" (LocaleMiddleware's guess).
    language = models.CharField(
        _("taal"), max_length=8, choices=settings.LANGUAGES, blank=True, default=""
    )
    # The daily e-mail of what waits for the user (participatie.mail.digest); they turn it off
    # on their account page.
    digest_opt_out = models.BooleanField(
        _("geen dagelijkse e-mail"),
        default=False,
        help_text=_("Geen dagelijkse e-mail met wat op deze gebruiker wacht."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        ordering = ["email"]
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self) -> str:
        return self.get_full_name() or self.email


def hash_secret(raw: str) -> str:
    """Tokens are random and long, so a plain SHA-256 is the right hash (no stretching needed)."""
    return hashlib.sha256(raw.encode()).hexdigest()


class Invitation(models.Model):
    """A single-use, expiring invitation to join an organisation in a role (no open signup)."""

    email = models.EmailField(_("e-mailadres"))
    organisation = models.ForeignKey(
        "participatie.Organisation",
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisatie"),
    )
    role = models.CharField(_("rol"), max_length=32, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("uitgenodigd door")
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    expires_at = models.DateTimeField(_("verloopt op"))
    accepted_at = models.DateTimeField(_("geaccepteerd op"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation} ({self.get_role_display()})"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at


class ApiToken(models.Model):
    """A personal API token: only its hash is stored; it expires and can be revoked."""

    PREFIX_LENGTH = 8

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("gebruiker")
    )
    name = models.CharField(_("omschrijving"), max_length=100)
    prefix = models.CharField(_("begin van de token"), max_length=PREFIX_LENGTH, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    expires_at = models.DateTimeField(_("verloopt op"))
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("laatst gebruikt op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API-token")
        verbose_name_plural = _("API-tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def generate() -> str:
        return secrets.token_urlsafe(32)

    @classmethod
    def expiry_for(cls, days: int) -> timezone.datetime:
        return timezone.now() + timedelta(days=days)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and timezone.now() < self.expires_at
