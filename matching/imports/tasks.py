"""The Celery job of a large import: the dry run or the commit of one run, and the sweep that
removes old uploaded files.

The job receives ids, enters the run's municipality itself and does its work in one
transaction together with the run's new state (``services.perform``), so a commit is all or
nothing and a worker that dies leaves the run as it was, to be retried. Progress goes to the
cache (the transaction's writes are invisible until it ends); the run page polls it. An
unexpected error puts the run back where the user can try again, with a message.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import structlog
from celery import shared_task
from django.conf import settings
from django.db import OperationalError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from matching.imports import services
from matching.imports.choices import ImportStatus
from matching.imports.models import UNDO_DAYS, CaseloadImport, CaseloadTransfer
from participatie.models import User
from participatie.tenancy.context import all_tenants, atomic_tenant_context

log = structlog.get_logger(__name__)


@shared_task(
    bind=True,
    name="imports.run",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    max_retries=2,
    retry_backoff=True,
)
def import_job(
    self: Any, *, run_id: int, municipality_id: int, commit: bool, actor_id: int | None
) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        actor = User.objects.filter(pk=actor_id).first() if actor_id else None
        try:
            return services.perform(
                run_id=run_id, municipality_id=municipality_id, commit=commit, actor=actor
            )
        except OperationalError:
            raise
        except Exception:
            log.exception("imports.failed", run_id=run_id)
            with atomic_tenant_context(municipality_id):
                run = CaseloadImport.objects.select_for_update().filter(pk=run_id).first()
                if run is not None and run.is_busy:
                    run.status = ImportStatus.CHECKED if commit else ImportStatus.MAPPING
                    run.message = _(
                        "Er ging iets mis bij het verwerken van dit bestand. Er is niets "
                        "opgeslagen. Probeer het opnieuw."
                    )
                    run.save(update_fields=["status", "message"])
            return "failed"


@shared_task(name="imports.expire_files", acks_late=True, reject_on_worker_lost=True)
def expire_import_files() -> int:
    """Beat entry: uploaded files (they hold BSNs) and error files are kept for the undo period
    and then deleted; the run stays as the record of who imported what (name and sha256)."""
    limit = timezone.now() - timedelta(days=UNDO_DAYS)
    removed = 0
    with transaction.atomic(), all_tenants(reason="expire old import files"):
        for run in CaseloadImport.objects.filter(created_at__lt=limit).exclude(
            file="", error_file=""
        ):
            run.file.delete(save=False)
            run.error_file.delete(save=False)
            run.save(update_fields=["file", "error_file"])
            removed += 1
        for transfer in CaseloadTransfer.objects.filter(sent_at__lt=limit).exclude(file=""):
            transfer.file.delete(save=False)
            transfer.save(update_fields=["file"])
            removed += 1
    return removed
