"""``manage.py settle_lump_sum REGION_SLUG YEAR QUARTER [--provider SLUG] [--count] [--json]``:
compute the draft lump-sum statement of a quarter (counted participants x amount / 4, split over
the region's members by the key in whole cents); ``--count`` first counts the days without a
count from the registration; ``--json`` prints
``{"total": "...", "participants": n, "shares": [{"municipality": "<slug>", "amount": "..."}]}``.

An approved quarter is not computed again: the command prints it as it was approved."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from participatie.models import Region
from subsidies.lump_sum import selectors
from subsidies.lump_sum.choices import LumpSumStatus
from subsidies.lump_sum.services import lump_sum_settle
from subsidies.models import LumpSumAgreement, LumpSumStatement


def participants_value(value: Decimal) -> int | float:
    """A whole count as a JSON integer; an average of monthly counts (two decimals) as a number
    with its decimals."""
    return int(value) if value == value.to_integral_value() else float(value)


def statement_json(statement: LumpSumStatement) -> dict[str, Any]:
    return {
        "total": str(statement.total),
        "participants": participants_value(statement.participants),
        "shares": [
            {"municipality": share.municipality.slug, "amount": str(share.amount)}
            for share in statement.shares.all()
        ],
    }


class Command(BaseCommand):
    help = (
        "Settle one quarter of a region's lump sum (a draft statement for the region to approve)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("region_slug")
        parser.add_argument("year", type=int)
        parser.add_argument("quarter", type=int)
        parser.add_argument(
            "--provider", help="The provider's slug, when the region has several agreements."
        )
        parser.add_argument(
            "--count",
            action="store_true",
            help="Count the days without a count from the registration first.",
        )
        parser.add_argument("--json", action="store_true", help="Print the statement as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        region = Region.objects.filter(slug=options["region_slug"]).first()
        if region is None:
            raise CommandError(f"Unknown region: {options['region_slug']}")
        year, quarter = options["year"], options["quarter"]
        if quarter not in (1, 2, 3, 4):
            raise CommandError("QUARTER is 1, 2, 3 or 4.")
        agreements = LumpSumAgreement.objects.filter(region=region, year=year)
        if options["provider"]:
            agreements = agreements.filter(provider__slug=options["provider"])
        found = list(agreements.select_related("provider", "region")[:2])
        if not found:
            raise CommandError(f"No lump-sum agreement of {region.slug} for {year}.")
        if len(found) > 1:
            raise CommandError("The region has several agreements this year: give --provider.")
        agreement = found[0]
        try:
            with transaction.atomic():
                existing = selectors.statement_of(agreement, quarter)
                if existing is not None and existing.status == LumpSumStatus.APPROVED:
                    statement = existing
                    self.stderr.write(f"Quarter {quarter} is approved; shown as approved.")
                else:
                    lump_sum_settle(
                        agreement=agreement,
                        quarter=quarter,
                        actor=None,
                        count_from_registration=options["count"],
                    )
                    statement = selectors.statement_of(agreement, quarter)
                    assert statement is not None
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        if options["json"]:
            self.stdout.write(json.dumps(statement_json(statement), indent=1))
        else:
            self.stdout.write(
                f"{agreement.provider.slug} {year} Q{quarter}: {statement.participants} "
                f"participants, total EUR {statement.total} over {statement.shares.count()} "
                "municipalities"
            )
