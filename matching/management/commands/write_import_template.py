"""``python manage.py write_import_template [PATH]``: write the published import template
(``docs/import-template.xlsx`` by default). The file in docs/ is made by this command, never by
hand; tests/caseload_import/test_template.py fails when it differs from what the code makes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from matching.imports.files import template_bytes

DEFAULT = Path(settings.BASE_DIR) / "docs" / "import-template.xlsx"


class Command(BaseCommand):
    help = "Write the caseload import template (docs/import-template.xlsx)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(DEFAULT))

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(template_bytes())
        self.stdout.write(f"{path}")
