"""``python manage.py import_caseload MUNICIPALITY_SLUG FILE [--mapping FILE] [--dry-run]
[--json] [--user EMAIL]``: the caseload import from the command line, with the same engine as
the import page.

It checks every row; without ``--dry-run`` and without errors it imports, all or nothing, in
the name of ``--user`` (who must be allowed to import in that municipality). ``--mapping`` is a
JSON file ``{"bsn": "BSN-nummer", "naam": "Naam deelnemer", ...}`` (template column -> heading
in the file). ``--json`` prints ``rows``, ``errors`` and ``warnings`` (each ``{"row",
"column", "field", "message"}``, ``row`` as the spreadsheet shows it), ``participants_created``,
``participants_updated``, ``placements_created``, ``placements_updated`` and ``unchanged``.
Exit status 1 when there are errors; then nothing is written. The run is recorded like one
from the page (source: command line).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import translation

from matching.imports import mapping, parsing, services
from matching.imports.choices import ImportSource, ImportStatus
from participatie.models import Municipality, User
from participatie.tenancy.access import memberships_in_municipality
from participatie.tenancy.context import tenant_context
from participatie.tenancy.http import Access
from participatie.tenancy.permissions import Perm


class Failed(Exception):
    def __init__(self, payload: dict[str, Any]) -> None:
        self.payload = payload


class Command(BaseCommand):
    help = "Import a caseload spreadsheet (XLSX or CSV) into a municipality: check, then import."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("municipality", help="slug of the municipality")
        parser.add_argument("file", help="XLSX or CSV file")
        parser.add_argument("--mapping", help="JSON file: template column -> heading in the file")
        parser.add_argument("--dry-run", action="store_true", help="only check, write nothing")
        parser.add_argument("--json", action="store_true", help="print the outcome as JSON")
        parser.add_argument(
            "--user", help="e-mail address of the user who imports (needed unless --dry-run)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("nl"):
            try:
                payload = self._run(options)
            except Failed as failed:
                self._print(failed.payload, options)
                raise SystemExit(1) from None
        self._print(payload, options)
        if payload["errors"]:
            raise SystemExit(1)

    def _run(self, options: dict[str, Any]) -> dict[str, Any]:
        municipality = Municipality.objects.filter(slug=options["municipality"]).first()
        if municipality is None:
            raise CommandError(f"Unknown municipality: {options['municipality']}")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        columns = None
        if options["mapping"]:
            try:
                columns = json.loads(Path(options["mapping"]).read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise CommandError(f"Cannot read the mapping file: {error}") from None
            if not isinstance(columns, dict):
                raise CommandError("The mapping file must hold a JSON object.")
        actor = self._actor(options, municipality)
        with transaction.atomic(), tenant_context(municipality.id):
            try:
                run = services.import_upload(
                    municipality=municipality,
                    content=path.read_bytes(),
                    file_name=path.name,
                    actor=actor,
                    source=ImportSource.COMMAND,
                )
            except parsing.FileRefused as refused:
                raise Failed(_file_error(str(refused))) from None
            try:
                return self._check(run, columns, actor, options)
            except Failed:
                _discard(run)
                raise

    def _check(
        self, run: Any, columns: dict | None, actor: User | None, options: dict[str, Any]
    ) -> dict[str, Any]:
        try:
            if columns is not None:
                run = services.import_map(
                    run=run,
                    columns=mapping.mapping_from_headings(columns, run.headers, run.mapping),
                    actor=actor,
                )
            run = services.import_check(run=run, actor=actor, background=False)
        except ValidationError as error:
            raise Failed(_validation_errors(error)) from None
        if run.status == ImportStatus.REFUSED:
            raise Failed(_file_error(run.message))
        if not options["dry_run"] and run.status == ImportStatus.CHECKED and not run.error_count:
            assert actor is not None
            run = services.import_commit(run=run, actor=actor, background=False)
        payload = _payload(run)
        if not payload["committed"]:
            # A dry run, or errors: nothing stays, not even the run and its files.
            _discard(run)
            transaction.set_rollback(True)
        return payload

    def _actor(self, options: dict[str, Any], municipality: Municipality) -> User | None:
        email = options.get("user")
        if not email:
            if options["dry_run"]:
                return None
            raise CommandError("Give --user EMAIL: the user in whose name the import is made.")
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"Unknown user: {email}")
        with transaction.atomic(), tenant_context(municipality.id):
            access = Access.from_memberships(
                user, memberships_in_municipality(user, municipality), municipality=municipality
            )
        if not access.has(Perm.CASELOAD_IMPORT):
            raise CommandError(f"{email} may not import in {municipality.name}.")
        return user

    def _print(self, payload: dict[str, Any], options: dict[str, Any]) -> None:
        if options["json"]:
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        for problem in payload["errors"]:
            self.stdout.write(f"fout {_where(problem)}: {problem['message']}")
        for problem in payload["warnings"]:
            self.stdout.write(f"let op {_where(problem)}: {problem['message']}")
        self.stdout.write(
            "regels {rows}, fouten {e}, waarschuwingen {w}, deelnemers nieuw {pc}, bijgewerkt "
            "{pu}, plaatsingen nieuw {plc}, beëindigd {plu}, ongewijzigd {u}{done}".format(
                rows=payload["rows"],
                e=len(payload["errors"]),
                w=len(payload["warnings"]),
                pc=payload["participants_created"],
                pu=payload["participants_updated"],
                plc=payload["placements_created"],
                plu=payload["placements_updated"],
                u=payload["unchanged"],
                done=" (geïmporteerd)" if payload.get("committed") else "",
            )
        )


def _discard(run: Any) -> None:
    for stored in (run.file, run.error_file):
        if stored:
            stored.delete(save=False)


def _where(problem: dict[str, Any]) -> str:
    row = f"regel {problem['row']}" if problem.get("row") else "bestand"
    return f"{row} {problem['column']}".strip() if problem.get("column") else row


def _problem(p: dict[str, Any]) -> dict[str, Any]:
    return {key: p.get(key) for key in ("row", "column", "field", "message")}


def _empty(errors: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "rows": 0,
        "errors": errors,
        "warnings": [],
        "participants_created": 0,
        "participants_updated": 0,
        "placements_created": 0,
        "placements_updated": 0,
        "unchanged": 0,
        "committed": False,
    }


def _file_error(message: str) -> dict[str, Any]:
    return _empty([{"row": None, "column": "", "field": "", "message": message}])


def _validation_errors(error: ValidationError) -> dict[str, Any]:
    if hasattr(error, "error_dict"):
        found = [
            {"row": None, "column": "", "field": name, "message": str(message)}
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    else:
        found = [{"row": None, "column": "", "field": "", "message": m} for m in error.messages]
    return _empty(found)


def _payload(run: Any) -> dict[str, Any]:
    return {
        "rows": run.rows,
        "errors": [_problem(p) for p in run.problems if p.get("level") == "error"],
        "warnings": [_problem(p) for p in run.problems if p.get("level") == "warning"],
        "participants_created": run.participants_created,
        "participants_updated": run.participants_updated,
        "placements_created": run.placements_created,
        "placements_updated": run.placements_updated,
        "unchanged": run.unchanged,
        "committed": run.status == ImportStatus.COMMITTED,
    }
