"""``manage.py settle_quarter MUNICIPALITY_SLUG YEAR QUARTER [--json]``: compute and store the
draft quarter statements of a municipality; ``--json`` prints them with lines and totals."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from participatie.models import Municipality
from participatie.tenancy.context import atomic_tenant_context
from subsidies.selectors import quarter_statements, statement_as_dict
from subsidies.services.settlement import quarter_settle


class Command(BaseCommand):
    help = "Settle one quarter for a municipality (draft statements per company)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("municipality_slug")
        parser.add_argument("year", type=int)
        parser.add_argument("quarter", type=int)
        parser.add_argument("--json", action="store_true", help="Print the statements as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = Municipality.objects.filter(slug=options["municipality_slug"]).first()
        if municipality is None:
            raise CommandError(f"Unknown municipality: {options['municipality_slug']}")
        year, quarter = options["year"], options["quarter"]
        try:
            with atomic_tenant_context(municipality.id):
                quarter_settle(municipality=municipality, year=year, quarter=quarter)
                statements = [
                    statement_as_dict(s)
                    for s in quarter_statements(
                        municipality=municipality, year=year, quarter=quarter
                    )
                ]
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "municipality": municipality.slug,
                        "year": year,
                        "quarter": quarter,
                        "statements": statements,
                    },
                    indent=1,
                )
            )
        else:
            total = sum((Decimal(s["total"]) for s in statements), Decimal("0.00"))
            self.stdout.write(f"{len(statements)} statements, total EUR {total}")
