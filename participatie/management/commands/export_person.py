"""``python manage.py export_person MUNICIPALITY_SLUG BSN``

Everything the municipality holds about one person (right of access), as JSON on stdout: the
same export the privacy officer downloads. Every run is logged as a read event (also for an
unknown BSN, masked); the BSN itself never reaches a log line.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from participatie.models import Municipality
from participatie.privacy import services
from participatie.privacy.subject import subject_export
from participatie.tenancy.context import atomic_tenant_context

ROUTE = "manage.py export_person"


class Command(BaseCommand):
    help = "Write everything a municipality holds about one person (by BSN) as JSON to stdout."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("municipality_slug")
        parser.add_argument("bsn")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = Municipality.objects.filter(slug=options["municipality_slug"]).first()
        if municipality is None:
            raise CommandError(f"Onbekende gemeente: {options['municipality_slug']}.")
        with atomic_tenant_context(municipality.pk):
            participant = services.participant_by_bsn(municipality=municipality, bsn=options["bsn"])
            services.subject_export_log(
                municipality=municipality,
                participant=participant,
                bsn=options["bsn"],
                actor=None,
                route=ROUTE,
                fmt="json",
            )
            data = subject_export(participant) if participant is not None else None
        if data is None:
            # The attempt is logged (committed above); then the clear message.
            raise CommandError(
                f"Er is geen deelnemer met dit BSN in {municipality.name}. De vraag is vastgelegd."
            )
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
