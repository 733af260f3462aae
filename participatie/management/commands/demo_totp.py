"""``python manage.py demo_totp EMAIL``: the current TOTP code of a user (development only).

Saves opening an authenticator app while trying the demo; refused when DEBUG is off, because
it reads a second factor straight from the database.
"""

from __future__ import annotations

import time
from typing import Any

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Print the current TOTP code of a (demo) user. Development only."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("demo_totp werkt alleen in ontwikkeling (DEBUG aan).")
        authenticator = Authenticator.objects.filter(
            user__email__iexact=options["email"], type=Authenticator.Type.TOTP
        ).first()
        if authenticator is None:
            raise CommandError(f"Geen TOTP-authenticator voor {options['email']}.")
        secret = decrypt(authenticator.data["secret"])
        now = int(time.time())
        code = format_hotp_value(hotp_value(secret, now // mfa_settings.TOTP_PERIOD))
        seconds_left = mfa_settings.TOTP_PERIOD - now % mfa_settings.TOTP_PERIOD
        self.stdout.write(code)
        self.stderr.write(f"(nog {seconds_left} seconden geldig)")
