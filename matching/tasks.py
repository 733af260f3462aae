"""The matching app's Celery tasks, where Celery's autodiscovery looks for them."""

from __future__ import annotations

from matching.imports.tasks import expire_import_files, import_job

__all__ = ["expire_import_files", "import_job"]
