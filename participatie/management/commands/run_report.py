"""``python manage.py run_report KIND SCOPE_SLUG [--year Y] [--quarter Q] [--date D]
[--format pdf|xlsx|csv] [--wait] [--force] [--param NAME=VALUE ...]``

Starts a report run for a municipality or a region (SCOPE_SLUG is either), as the system:
operators use it for a rerun or a report the schedule did not make. With ``--wait`` it waits for
the run and prints the paths of its files, one per line (only the one of ``--format``).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from participatie.models import Municipality, Region
from participatie.reports import services
from participatie.reports.models import REPORT_FORMATS, ReportStatus
from participatie.reports.registry import report_kinds
from participatie.tenancy.context import atomic_tenant_context


class Command(BaseCommand):
    help = "Start a report run for a municipality or region; --wait prints its file paths."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind")
        parser.add_argument("scope_slug")
        parser.add_argument("--year")
        parser.add_argument("--quarter")
        parser.add_argument("--date")
        parser.add_argument("--format", choices=REPORT_FORMATS)
        parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE")
        parser.add_argument("--force", action="store_true", help="make a new run in any case")
        parser.add_argument("--wait", action="store_true")
        parser.add_argument("--timeout", type=float, default=600.0, help="seconds (--wait)")

    def handle(self, *args: Any, **options: Any) -> None:
        owner, ids = self._owner(options["scope_slug"])
        data = {name: options[name] for name in ("year", "quarter", "date") if options[name]}
        for pair in options["param"]:
            name, sep, value = pair.partition("=")
            if not sep:
                raise CommandError(f"--param expects NAME=VALUE, got {pair!r}.")
            data[name] = value
        try:
            with atomic_tenant_context(ids):
                request = services.report_request(
                    kind_slug=options["kind"],
                    data=data,
                    user=None,
                    roles=None,
                    force=options["force"],
                    **owner,
                )
        except services.UnknownReportKind:
            scope = services.REGION if "region" in owner else services.MUNICIPALITY
            known = ", ".join(kind.slug for kind in report_kinds(scope=scope))
            raise CommandError(
                f"Unknown report kind {options['kind']!r} for this scope; known: {known}."
            ) from None
        except services.ReportParametersInvalid as invalid:
            raise CommandError(invalid.form.errors.as_text()) from None
        run = request.run
        if not options["wait"]:
            state = "reused" if request.reused else "queued"
            self.stdout.write(f"{run.reference} {state}")
            return
        run = self._wait(run, ids, owner, options["timeout"])
        formats = [options["format"]] if options["format"] else list(REPORT_FORMATS)
        for fmt in formats:
            field = getattr(run, fmt)
            self.stdout.write(field.path if hasattr(field.storage, "path") else field.url)

    @staticmethod
    def _owner(slug: str) -> tuple[dict[str, Any], tuple[int, ...]]:
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is not None:
            return {"municipality": municipality}, (municipality.id,)
        region = Region.objects.filter(slug=slug).first()
        if region is not None:
            ids = services.region_municipality_ids(region)
            if not ids:
                raise CommandError(f"Region {slug!r} has no municipalities.")
            return {"region": region}, ids
        raise CommandError(f"No municipality or region with slug {slug!r}.")

    @staticmethod
    def _wait(run: Any, ids: tuple[int, ...], owner: dict[str, Any], timeout: float) -> Any:
        deadline = time.monotonic() + timeout
        model = type(run)
        while True:
            if "region" in owner:
                with transaction.atomic():
                    run = model.objects.get(pk=run.pk)
            else:
                with atomic_tenant_context(ids):
                    run = model.objects.get(pk=run.pk)
            if run.status == ReportStatus.DONE:
                return run
            if run.is_finished:
                raise CommandError(f"Run {run.reference} {run.status}: {run.message}")
            if time.monotonic() > deadline:
                raise CommandError(f"Run {run.reference} not finished after {timeout:.0f} s.")
            time.sleep(0.5)
