"""Issue an API token for a system integration. Only the token goes to stdout, so a script can
capture it; it is shown this once and stored only as a hash. Works for users without MFA:
integration accounts never log in to the web pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from participatie.accounts.tokens import api_token_issue
from participatie.models import User


class Command(BaseCommand):
    help = "Geef een API-token uit voor een gebruiker; de token wordt eenmalig getoond."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--days", type=int, required=True, help="Geldigheid in dagen.")
        parser.add_argument("--name", default="Systeemkoppeling")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"].strip()).first()
        if user is None:
            raise CommandError(f"Onbekende gebruiker: {options['email']}")
        if not user.is_active:
            raise CommandError(f"Gebruiker {user.email} is uitgeschakeld.")
        try:
            token, raw = api_token_issue(user=user, name=options["name"], days=options["days"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(raw)
        self.stderr.write(
            f"Token „{token.name}” voor {user.email}, geldig tot {token.expires_at:%Y-%m-%d}."
        )
