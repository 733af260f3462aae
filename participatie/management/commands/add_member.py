"""Give someone a role in an organisation, creating the user when needed (for operators and
automation). The password comes from an environment variable, never from the command line,
so it does not end up in shell history or the process list."""

from __future__ import annotations

import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from participatie.accounts.services import member_add
from participatie.choices import Role
from participatie.models import Organisation


class Command(BaseCommand):
    help = "Maak of wijzig een gebruiker en geef die een rol in een organisatie."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("organisation_slug")
        parser.add_argument("role", help=", ".join(Role.values))
        parser.add_argument(
            "--password-env", metavar="VAR", help="Omgevingsvariabele met het wachtwoord."
        )
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["organisation_slug"]).first()
        if organisation is None:
            raise CommandError(f"Onbekende organisatie: {options['organisation_slug']}")
        if options["role"] not in Role.values:
            raise CommandError(
                f"Onbekende rol: {options['role']}. Kies uit: {', '.join(Role.values)}"
            )
        password = None
        if options["password_env"]:
            password = os.environ.get(options["password_env"])
            if not password:
                raise CommandError(
                    f"Omgevingsvariabele {options['password_env']} is niet gezet of leeg."
                )
        try:
            user, created = member_add(
                email=options["email"],
                organisation=organisation,
                role=options["role"],
                password=password,
                first_name=options["first_name"],
                last_name=options["last_name"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        action = "aangemaakt" if created else "bijgewerkt"
        role = Role(options["role"]).label
        self.stdout.write(f"Gebruiker {user.email} {action}; rol {role} bij {organisation}.")
