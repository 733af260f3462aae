"""``python manage.py build_bench_data``: realistic volumes for benchmarks and the load test.

    python manage.py build_bench_data --participants 10000 --placements 5000 --companies 500 \\
        --attendance-weeks 8 --municipality dordrecht

Writes invented people into the database, so it refuses to run under settings that are neither
development (DEBUG on) nor the test settings, unless ``--i-know-this-is-not-production`` says
the database is a throwaway one. It refuses a second run on the same database; ``--reset``
empties the database first (the project's ``flush``) and builds again.

The logins it creates (consultants and account holders with random passwords, TOTP secrets and
the consultants' API tokens) go to a JSON file readable only by its owner, ``var/bench/
credentials.json`` unless ``--credentials`` names another; its path is printed, never its
content.
"""

from __future__ import annotations

import dataclasses
import json
import os
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from subsidies import benchdata

DEFAULT_CREDENTIALS = Path("var") / "bench" / "credentials.json"


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = "Bouw benchmarkdata (verzonnen deelnemers, plaatsingen, aanwezigheid) en logins."

    def add_arguments(self, parser: CommandParser) -> None:
        defaults = benchdata.Sizes()
        parser.add_argument("--municipality", default=defaults.municipality)
        parser.add_argument("--participants", type=_positive, default=defaults.participants)
        parser.add_argument("--placements", type=_positive, default=defaults.placements)
        parser.add_argument("--companies", type=_positive, default=defaults.companies)
        parser.add_argument("--attendance-weeks", type=_positive, default=defaults.attendance_weeks)
        parser.add_argument(
            "--logins",
            type=_positive,
            default=defaults.logins,
            help="Aantal consulenten en evenveel accounthouders (elk een eigen login).",
        )
        parser.add_argument("--seed", type=int, default=defaults.seed)
        parser.add_argument(
            "--credentials",
            type=Path,
            default=None,
            help=f"Bestand voor de logins en tokens (standaard {DEFAULT_CREDENTIALS}).",
        )
        parser.add_argument(
            "--reset", action="store_true", help="Maak de database eerst helemaal leeg."
        )
        parser.add_argument(
            "--i-know-this-is-not-production",
            action="store_true",
            dest="not_production",
            help="Ook zonder DEBUG en buiten de testinstellingen: de database is wegwerp.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self._refuse_production(options["not_production"])
        sizes = benchdata.Sizes(
            municipality=options["municipality"],
            participants=options["participants"],
            placements=options["placements"],
            companies=options["companies"],
            attendance_weeks=options["attendance_weeks"],
            logins=options["logins"],
            seed=options["seed"],
        )
        if sizes.placements > sizes.participants:
            raise CommandError("--placements mag niet groter zijn dan --participants.")
        if options["reset"]:
            call_command("flush", interactive=False, verbosity=0)
        elif benchdata.already_built():
            raise CommandError(
                "Deze database heeft al benchmarkdata. Gebruik --reset om opnieuw te beginnen."
            )
        started = time.monotonic()
        built = benchdata.build(sizes)
        benchdata.analyze_everything()
        path = self._write_credentials(built, options["credentials"])
        counts = ", ".join(f"{n:,} {label}".replace(",", ".") for label, n in built.counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Benchmarkdata voor {built.municipality} gebouwd in "
                f"{time.monotonic() - started:.0f} s: {counts}."
            )
        )
        self.stdout.write(f"Logins, wachtwoorden, TOTP-geheimen en API-tokens: {path}")

    def _refuse_production(self, not_production: bool) -> None:
        # The module manage.py (or pytest) was started with; overridden settings forget it.
        testing = os.environ.get("DJANGO_SETTINGS_MODULE", "").endswith(".test")
        if settings.DEBUG or testing or not_production:
            return
        raise CommandError(
            "build_bench_data schrijft verzonnen personen en logins met bekende wachtwoorden. "
            "Zonder DEBUG en buiten de testinstellingen alleen met "
            "--i-know-this-is-not-production (op een wegwerpdatabase)."
        )

    def _write_credentials(self, built: benchdata.BenchData, path: Path | None) -> Path:
        target = path or Path(settings.BASE_DIR) / DEFAULT_CREDENTIALS
        target.parent.mkdir(parents=True, exist_ok=True)
        # Created 0600 before anything is written: the file holds passwords and tokens.
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as out:
            json.dump(dataclasses.asdict(built), out, indent=2)
        return target
