"""``manage.py settle_quarter MUNICIPALITY_SLUG YEAR QUARTER [--json]``: compute and store the
draft quarter statements of a municipality; ``--json`` prints them with lines and totals.

``manage.py settle_quarter --everywhere YEAR QUARTER``: the national run, every municipality
in batches (``settle_quarter_everywhere``); prints how many statements it wrote and which
municipalities have no tariffs for the year."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from participatie.models import Municipality
from participatie.tenancy.context import atomic_tenant_context
from subsidies.selectors import quarter_statements, statement_as_dict
from subsidies.services.settlement import quarter_settle, settle_quarter_everywhere


class Command(BaseCommand):
    help = "Settle one quarter for a municipality (draft statements per company)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("municipality_slug", nargs="?")
        parser.add_argument("year", type=int)
        parser.add_argument("quarter", type=int)
        parser.add_argument("--json", action="store_true", help="Print the statements as JSON.")
        parser.add_argument(
            "--everywhere",
            action="store_true",
            help="Settle every municipality (the national run) instead of one.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year, quarter = options["year"], options["quarter"]
        if options["everywhere"]:
            if options["municipality_slug"]:
                raise CommandError("Give either a municipality or --everywhere, not both.")
            self.everywhere(year, quarter, as_json=options["json"])
            return
        if not options["municipality_slug"]:
            raise CommandError("Give a municipality slug (or --everywhere).")
        municipality = Municipality.objects.filter(slug=options["municipality_slug"]).first()
        if municipality is None:
            raise CommandError(f"Unknown municipality: {options['municipality_slug']}")
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

    def everywhere(self, year: int, quarter: int, *, as_json: bool) -> None:
        try:
            result = settle_quarter_everywhere(year, quarter)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        without = list(
            Municipality.objects.filter(id__in=result.without_tariffs)
            .order_by("slug")
            .values_list("slug", flat=True)
        )
        settled = len({statement.municipality_id for statement in result.statements})
        if as_json:
            self.stdout.write(
                json.dumps(
                    {
                        "year": year,
                        "quarter": quarter,
                        "statements": len(result.statements),
                        "municipalities": settled,
                        "without_tariffs": without,
                    },
                    indent=1,
                )
            )
            return
        self.stdout.write(
            f"{len(result.statements)} statements in {settled} municipalities"
            + (f"; no tariffs for {year}: {', '.join(without)}" if without else "")
        )
