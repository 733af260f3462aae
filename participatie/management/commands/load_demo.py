"""``python manage.py load_demo``: the demo region, organisations and (in development) logins.

Idempotent and atomic (see ``participatie.demo``). Demo users have a published password and TOTP
secret, so they are created only where DEBUG is on, or when ``--force-demo-users`` says so.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from participatie.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, DEMO_USERS, demo_load


class Command(BaseCommand):
    help = "Load the demo data (Drechtsteden, IBN, Oude IJsselstreek) and, in development, logins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--force-demo-users",
            action="store_true",
            help="Create the demo users with their known password even though DEBUG is off.",
        )
        parser.add_argument(
            "--url",
            default="http://127.0.0.1:8000/",
            help="Address printed for the demo logins (default: %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with_users = settings.DEBUG or options["force_demo_users"]
        report = demo_load(with_users=with_users)
        if report.changed:
            parts = [f"{n} {label} nieuw" for label, n in sorted(report.created.items())]
            parts += [f"{n} {label} bijgewerkt" for label, n in sorted(report.updated.items())]
            self.stdout.write(self.style.SUCCESS("Demodata geladen: " + ", ".join(parts) + "."))
        else:
            self.stdout.write(self.style.SUCCESS("Demodata was al compleet: niets gewijzigd."))
        if not with_users:
            self.stderr.write(
                self.style.WARNING(
                    "Geen demogebruikers aangemaakt: DEBUG staat uit en hun wachtwoord is "
                    "openbaar. Gebruik --force-demo-users als dat echt de bedoeling is."
                )
            )
            return
        self._print_logins(options["url"])

    def _print_logins(self, url: str) -> None:
        out = self.stdout.write
        width = max(len(email) for email, *_ in DEMO_USERS)
        out("")
        out(f"Open {url.rstrip('/')}/accounts/login/ en log in met een van deze accounts:")
        for email, _first, _last, _org, _role, purpose in DEMO_USERS:
            out(f"  {email:<{width}}  {purpose}")
        out(f"Wachtwoord (alle accounts): {DEMO_PASSWORD}")
        out(f"TOTP-geheim (alle accounts, base32, voor een authenticator-app): {DEMO_TOTP_SECRET}")
        out("Huidige code: python manage.py demo_totp E-MAILADRES")
        bypass = getattr(settings, "MFA_TOTP_INSECURE_BYPASS_CODE", None)
        if settings.DEBUG and bypass:
            out(f"Alleen in ontwikkeling geldt ook de vaste code {bypass} (dev-instellingen).")
        out("")
