"""``python manage.py apply_retention [--today YYYY-MM-DD] [--dry-run] [--municipality SLUG]``

The daily retention job by hand (``participatie.privacy.retention``): anonymises the persons
whose period has passed (not those under a legal hold), deletes old read events and report
files, and prints what it did, or with ``--dry-run`` what it would do (nothing is changed).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from participatie.models import Municipality
from participatie.privacy.retention import apply_retention
from participatie.tenancy.context import atomic_tenant_context


class Command(BaseCommand):
    help = "Apply the retention periods (anonymise, delete old logs and files); --dry-run shows."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="the reference date (YYYY-MM-DD); default today")
        parser.add_argument("--dry-run", action="store_true", help="change nothing, only count")
        parser.add_argument("--municipality", help="one municipality (its slug); default all")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(
                    f"--today {options['today']!r} is geen datum; gebruik JJJJ-MM-DD."
                ) from None
        municipalities = Municipality.objects.order_by("name")
        if options["municipality"]:
            municipalities = municipalities.filter(slug=options["municipality"])
            if not municipalities.exists():
                raise CommandError(f"Onbekende gemeente: {options['municipality']}.")
        for municipality in municipalities:
            with atomic_tenant_context(municipality.pk):
                result = apply_retention(municipality.pk, today=today, dry_run=options["dry_run"])
            for line in result.lines():
                self.stdout.write(line)
