"""Writes of the caseload import: an import run from upload to commit (or undo), and transfers
between municipalities. Pages, API, the Celery job and the command call these; they hold no
rules themselves.

A run goes: upload (the file is stored, its header read, a mapping suggested) -> mapping ->
check (the dry run: every problem, the file back with its problems marked) -> commit (all or
nothing, through the participant and placement services) -> perhaps undo (within 30 days, while
none of its placements is in an approved statement). Small files are checked and committed in
the request; large ones by a Celery job that reports progress (``tasks.py``).
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import Any

import structlog
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from matching.imports import engine, files, mapping, parsing, selectors
from matching.imports.choices import ChangeKind, ImportSource, ImportStatus, TransferDirection
from matching.imports.columns import NAMES
from matching.imports.models import (
    UNDO_DAYS,
    CaseloadImport,
    CaseloadImportChange,
    CaseloadTransfer,
    ImportMapping,
)
from participatie.kernel.masking import mask_text
from participatie.kernel.statistics import analyze_filled
from participatie.models import (
    Municipality,
    Organisation,
    Participant,
    Placement,
    StepDecision,
    User,
)
from participatie.tenancy.context import tenant_context

log = structlog.get_logger(__name__)

MAX_STORED_PROBLEMS = 5000
# Files up to this size are checked and committed in the request; larger ones by a job.
SYNC_BYTES_DEFAULT = 256 * 1024
MAX_UPLOAD_BYTES = 40 * 1024 * 1024
UNDO_REASON = "Import ongedaan gemaakt"


def sync_limit() -> int:
    return int(getattr(settings, "CASELOAD_IMPORT_SYNC_BYTES", SYNC_BYTES_DEFAULT))


def clean_file_name(name: str) -> str:
    """The uploaded name as we keep and show it: no path, no BSN-like numbers."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip() or "bestand"
    return mask_text(base)[:200]


# -- upload and mapping -------------------------------------------------------------------------


def _read_headers(content: bytes, file_name: str) -> parsing.Sheet:
    """A small file is read in full here, so every refusal comes out at once; of a large one
    only the header (the job reads the rest, and refuses then what it must)."""
    return parsing.read_sheet(content, file_name, header_only=len(content) > sync_limit())


@transaction.atomic
def import_upload(
    *,
    municipality: Municipality,
    content: bytes,
    file_name: str,
    actor: User | None,
    source: str = ImportSource.UPLOAD,
    organisation: Organisation | None = None,
    transfer: CaseloadTransfer | None = None,
) -> CaseloadImport:
    """Store an uploaded file as a new run with its header and a suggested mapping (the
    organisation's saved one first). A file that is no readable caseload spreadsheet is
    refused with :class:`~matching.imports.parsing.FileRefused` and nothing is stored."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise parsing.FileRefused(
            _("Het bestand is groter dan %(mb)s MB. Splits het in kleinere delen.")
            % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    sheet = _read_headers(content, file_name)
    suggested = mapping.suggest(sheet.headers, selectors.saved_mapping(organisation))
    if transfer is not None:
        suggested = {name: index for index, name in enumerate(sheet.headers) if name in NAMES}
    run = CaseloadImport(
        municipality=municipality,
        source=source,
        file_name=clean_file_name(file_name),
        file_format=sheet.file_format,
        sha256=hashlib.sha256(content).hexdigest(),
        file_size=len(content),
        sheet_name=sheet.sheet_name,
        headers=sheet.headers,
        header_row=sheet.header_row,
        mapping=suggested,
        rows=len(sheet.rows),
        transfer=transfer,
        created_by=actor,
        status=ImportStatus.MAPPING,
    )
    run.file.save(f"upload.{sheet.file_format}", ContentFile(content), save=False)
    run.save()
    log.info("imports.uploaded", run=str(run.reference), size=len(content), rows=run.rows)
    return run


@transaction.atomic
def import_map(
    *,
    run: CaseloadImport,
    columns: dict[str, Any],
    actor: User | None,
    save_for: Organisation | None = None,
) -> CaseloadImport:
    """Set the run's mapping (``{template column: column number}``); refused on the field of
    the template column. With ``save_for`` the organisation keeps it for its next file."""
    run = CaseloadImport.objects.select_for_update().get(pk=run.pk)
    if run.status not in (ImportStatus.MAPPING, ImportStatus.CHECKED):
        raise ValidationError(_("Deze import is al verder; de koppeling kan niet meer anders."))
    clean = mapping.check(columns, run.headers)
    run.mapping = clean
    run.status = ImportStatus.MAPPING
    run.save(update_fields=["mapping", "status"])
    if save_for is not None:
        ImportMapping.objects.update_or_create(
            organisation=save_for,
            defaults={"columns": mapping.as_saved(clean, run.headers), "updated_by": actor},
        )
    return run


# -- check and commit ---------------------------------------------------------------------------


def _sheet_of(run: CaseloadImport) -> parsing.Sheet:
    with run.file.open("rb") as handle:
        content = handle.read()
    return parsing.read_sheet(content, run.file_name)


def _store_outcome(run: CaseloadImport, outcome: engine.Outcome, sheet: parsing.Sheet) -> None:
    run.rows = outcome.rows
    run.error_count = len(outcome.errors)
    run.warning_count = len(outcome.warnings)
    run.problems = [p.as_dict() for p in outcome.problems[:MAX_STORED_PROBLEMS]]
    for name, value in outcome.counts().items():
        setattr(run, name, value)
    if run.error_file:
        run.error_file.delete(save=False)
    if outcome.problems:
        run.error_file.save(
            "fouten.xlsx",
            ContentFile(files.error_file_bytes(sheet, outcome.problems)),
            save=False,
        )


def _refuse(run: CaseloadImport, message: str) -> None:
    run.status = ImportStatus.REFUSED
    run.message = message
    run.problems = [engine.Problem(None, "", "", message).as_dict()]
    run.error_count = 1
    if run.file:
        run.file.delete(save=False)  # a refused file is not kept
    run.save()


def _progress(run: CaseloadImport) -> engine.Progress:
    def write(fraction: float, label: str) -> None:
        cache.set(
            selectors.progress_key(run),
            {"percent": max(0, min(100, round(fraction * 100))), "label": str(label)},
            timeout=3600,
        )

    return write


def perform(*, run_id: int, municipality_id: int, commit: bool, actor: User | None) -> str:
    """Check (and, with ``commit``, write) a run, in one transaction with the run's new state:
    the Celery job and the request both call this. A run that is not waiting for it (done by
    an earlier attempt) is left alone."""
    with transaction.atomic(), tenant_context(municipality_id):
        run = CaseloadImport.objects.select_for_update().filter(pk=run_id).first()
        wanted = ImportStatus.COMMITTING if commit else ImportStatus.CHECKING
        if run is None or run.status != wanted:
            return "skipped"
        municipality = Municipality.objects.get(pk=municipality_id)
        try:
            sheet = _sheet_of(run)
        except parsing.FileRefused as refused:
            _refuse(run, str(refused))
            return "refused"
        outcome = engine.run(
            sheet=sheet,
            mapping={k: int(v) for k, v in run.mapping.items()},
            municipality=municipality,
            commit=commit,
            label=run.file_name,
            actor=actor,
            progress=_progress(run),
        )
        _store_outcome(run, outcome, sheet)
        run.checked_at = timezone.now()
        if outcome.committed:
            CaseloadImportChange.objects.bulk_create(
                [
                    CaseloadImportChange(
                        municipality_id=municipality_id,
                        run=run,
                        kind=change["kind"],
                        participant=change.get("participant"),
                        placement=change.get("placement"),
                        previous=change.get("previous") or {},
                        applied=change.get("applied") or {},
                    )
                    for change in outcome.changes
                ],
                batch_size=1000,
            )
            # Before the commit: the next queries (the check of the next file, settlement)
            # would otherwise be planned for the tables as they were before the import.
            analyze_filled(
                Participant,
                Participant.history.model,
                Placement,
                Placement.history.model,
                StepDecision,
                StepDecision.history.model,
                CaseloadImportChange,
            )
            run.status = ImportStatus.COMMITTED
            run.committed_by = actor
            run.committed_at = timezone.now()
        else:
            run.status = ImportStatus.CHECKED
        run.message = ""
        run.save()
    cache.delete(selectors.progress_key(run))
    log.info(
        "imports.done" if commit else "imports.checked",
        run=str(run.reference),
        rows=run.rows,
        errors=run.error_count,
        committed=run.status == ImportStatus.COMMITTED,
    )
    return run.status


def _start(
    run: CaseloadImport, *, commit: bool, actor: User | None, background: bool | None
) -> CaseloadImport:
    from matching.imports.tasks import import_job

    run.status = ImportStatus.COMMITTING if commit else ImportStatus.CHECKING
    run.message = ""
    run.save(update_fields=["status", "message"])
    if background is None:
        background = run.file_size > sync_limit()
    if background:
        payload = {
            "run_id": run.pk,
            "municipality_id": run.municipality_id,
            "commit": commit,
            "actor_id": actor.pk if actor else None,
        }
        transaction.on_commit(lambda: import_job.apply_async(kwargs=payload))
        return run
    perform(run_id=run.pk, municipality_id=run.municipality_id, commit=commit, actor=actor)
    run.refresh_from_db()
    return run


@transaction.atomic
def import_check(
    *, run: CaseloadImport, actor: User | None, background: bool | None = None
) -> CaseloadImport:
    """The dry run: every row checked, nothing written. In the request for a small file, as a
    job for a large one (``background`` forces either)."""
    run = CaseloadImport.objects.select_for_update().get(pk=run.pk)
    if run.status not in (ImportStatus.MAPPING, ImportStatus.CHECKED):
        raise ValidationError(_("Deze import wordt al verwerkt of is al afgerond."))
    mapping.check(run.mapping, run.headers)
    return _start(run, commit=False, actor=actor, background=background)


@transaction.atomic
def import_commit(
    *, run: CaseloadImport, actor: User, background: bool | None = None
) -> CaseloadImport:
    """Write a checked run without errors: all or nothing. The rows are checked again first
    (the data may have changed since the dry run); a new error stops it, nothing written."""
    run = CaseloadImport.objects.select_for_update().get(pk=run.pk)
    if run.status == ImportStatus.COMMITTED:
        raise ValidationError(_("Deze import is al uitgevoerd."))
    if run.status != ImportStatus.CHECKED:
        raise ValidationError(_("Laat het bestand eerst controleren."))
    if run.error_count:
        raise ValidationError(
            _("De controle vond fouten. Verbeter het bestand en upload het opnieuw.")
        )
    return _start(run, commit=True, actor=actor, background=background)


# -- undo ---------------------------------------------------------------------------------------


def undo_deadline(run: CaseloadImport) -> Any:
    return run.committed_at + timedelta(days=UNDO_DAYS) if run.committed_at else None


def undo_refusal(run: CaseloadImport, *, now: Any = None) -> str | None:
    """Why this run cannot be undone (now), or None."""
    if run.status != ImportStatus.COMMITTED or run.committed_at is None:
        return _("Alleen een uitgevoerde import kan ongedaan worden gemaakt.")
    if (now or timezone.now()) > undo_deadline(run):
        return _("Een import kan tot %(days)s dagen na het importeren ongedaan worden gemaakt.") % {
            "days": UNDO_DAYS
        }
    return None


def _approved_statement_lines(municipality_id: int, placement_ids: list[int]) -> int:
    """Placements of the run in an approved quarter statement (money that was settled). By
    label: matching does not import the money app."""
    from django.apps import apps

    if not apps.is_installed("subsidies") or not placement_ids:
        return 0
    line = apps.get_model("subsidies", "StatementLine")
    return (
        line.objects.filter(
            municipality_id=municipality_id,
            placement_id__in=placement_ids,
            statement__status="approved",
        )
        .values("placement_id")
        .distinct()
        .count()
    )


def _restore(participant: Participant, change: CaseloadImportChange) -> None:
    """Put back the values a correction replaced (kept as JSON: dates as ISO, the home
    municipality as ``home_municipality_id``)."""
    for name, value in change.previous.items():
        if name.endswith("_id"):
            setattr(participant, name, value)
            continue
        field = Participant._meta.get_field(name)
        if field.get_internal_type() == "DateField" and isinstance(value, str):
            value = date.fromisoformat(value)
        setattr(participant, name, value)


def _still_as_written(obj: Any, applied: dict[str, Any]) -> bool:
    for name, value in applied.items():
        current = getattr(obj, name)
        if hasattr(current, "isoformat"):
            current = current.isoformat()
        elif current is not None and not isinstance(current, (str, int)):
            current = str(current)
        if current != value:
            return False
    return True


@transaction.atomic
def import_undo(*, run: CaseloadImport, actor: User) -> CaseloadImport:
    """Undo a committed run: its placements (and their step decisions) and the participants it
    created go, the participants it corrected get their former data back, placements it ended
    run again. Refused, with nothing changed, after 30 days, when a placement is in an approved
    statement, or when work was recorded on what it made since (attendance, plans, ...)."""
    from simple_history.utils import bulk_update_with_history

    run = CaseloadImport.objects.select_for_update().get(pk=run.pk)
    if refusal := undo_refusal(run):
        raise ValidationError(refusal)
    changes = list(run.changes.select_related("participant", "placement").order_by("-id"))
    if any(
        c.kind != ChangeKind.PARTICIPANT_UPDATED and c.participant is None and c.placement is None
        for c in changes
    ):
        raise ValidationError(
            _("Deze import kan niet ongedaan worden gemaakt: er is sindsdien iets verwijderd.")
        )
    created = [c.placement for c in changes if c.kind == ChangeKind.PLACEMENT_CREATED]
    ended = [c for c in changes if c.kind == ChangeKind.PLACEMENT_ENDED]
    settled = _approved_statement_lines(
        run.municipality_id, [p.pk for p in created] + [c.placement.pk for c in ended]
    )
    if settled:
        raise ValidationError(
            ngettext(
                "Deze import kan niet ongedaan worden gemaakt: %(count)s plaatsing staat in een "
                "goedgekeurde kwartaaldeclaratie.",
                "Deze import kan niet ongedaan worden gemaakt: %(count)s plaatsingen staan in een "
                "goedgekeurde kwartaaldeclaratie.",
                settled,
            )
            % {"count": settled}
        )
    for change in ended:
        if not _still_as_written(change.placement, change.applied):
            raise ValidationError(
                _(
                    "Deze import kan niet ongedaan worden gemaakt: een plaatsing is sindsdien "
                    "gewijzigd."
                )
            )
    people = [c for c in changes if c.kind == ChangeKind.PARTICIPANT_UPDATED]
    for change in people:
        if change.participant is None or not _still_as_written(change.participant, change.applied):
            raise ValidationError(
                _(
                    "Deze import kan niet ongedaan worden gemaakt: de gegevens van een deelnemer "
                    "zijn sindsdien gewijzigd."
                )
            )
    placement_ids = [p.pk for p in created]
    later = StepDecision.objects.filter(
        municipality_id=run.municipality_id,
        placement_id__in=placement_ids,
        advised_at__gt=run.committed_at,
    ).exists()
    if later:
        raise ValidationError(
            _(
                "Deze import kan niet ongedaan worden gemaakt: sinds de import is er een trede "
                "geadviseerd bij een geïmporteerde plaatsing."
            )
        )
    try:
        with transaction.atomic():
            CaseloadImportChange.objects.filter(run=run).delete()
            for start in range(0, len(placement_ids), 1000):
                chunk = placement_ids[start : start + 1000]
                StepDecision.objects.filter(
                    municipality_id=run.municipality_id, placement_id__in=chunk
                ).delete()
                Placement.objects.filter(municipality_id=run.municipality_id, pk__in=chunk).delete()
            participant_ids = [
                c.participant.pk for c in changes if c.kind == ChangeKind.PARTICIPANT_CREATED
            ]
            for start in range(0, len(participant_ids), 1000):
                Participant.objects.filter(
                    municipality_id=run.municipality_id,
                    pk__in=participant_ids[start : start + 1000],
                ).delete()
    except ProtectedError as protected:
        names = sorted({str(obj._meta.verbose_name_plural) for obj in protected.protected_objects})
        raise ValidationError(
            _(
                "Deze import kan niet ongedaan worden gemaakt: sinds de import is er werk "
                "vastgelegd bij de geïmporteerde gegevens (%(what)s)."
            )
            % {"what": ", ".join(names)}
        ) from None
    for change in ended:
        change.placement.end_date = None
        change.placement.outflow_reason = ""
        change.placement.outflow_note = ""
    if ended:
        bulk_update_with_history(
            [c.placement for c in ended],
            Placement,
            ["end_date", "outflow_reason", "outflow_note"],
            batch_size=500,
            default_user=actor,
            default_change_reason=UNDO_REASON,
        )
    if people:
        for change in people:
            _restore(change.participant, change)
        fields = sorted({name.removesuffix("_id") for c in people for name in c.previous})
        bulk_update_with_history(
            [c.participant for c in people],
            Participant,
            fields,
            batch_size=500,
            default_user=actor,
            default_change_reason=UNDO_REASON,
        )
    run.status = ImportStatus.UNDONE
    run.undone_by = actor
    run.undone_at = timezone.now()
    run.save(update_fields=["status", "undone_by", "undone_at"])
    log.info("imports.undone", run=str(run.reference))
    return run


# -- transfers ----------------------------------------------------------------------------------


def _selection_words(selection: selectors.Selection, municipality: Municipality) -> str:
    parts = [_("lopende plaatsingen") if selection.current_only else _("alle plaatsingen")]
    if selection.enrolment_id:
        enrolment = municipality_enrolment(municipality, selection.enrolment_id)
        parts.append(_("bij %(company)s") % {"company": enrolment.organisation.name})
    if selection.home_municipality_id:
        home = Municipality.objects.get(pk=selection.home_municipality_id)
        parts.append(_("van inwoners van %(name)s") % {"name": home.name})
    return ", ".join(parts)[:300]


def municipality_enrolment(municipality: Municipality, enrolment_id: int) -> Any:
    from participatie.models import Enrolment

    found = (
        Enrolment.objects.filter(municipality=municipality, pk=enrolment_id)
        .select_related("organisation")
        .first()
    )
    if found is None:
        raise ValidationError({"enrolment": _("Kies een leerwerkbedrijf van deze gemeente.")})
    return found


@transaction.atomic
def transfer_send(
    *,
    municipality: Municipality,
    to: Municipality,
    selection: selectors.Selection,
    actor: User,
) -> CaseloadTransfer:
    """Export the selected caseload in the template and hand it to ``to``: logged here (who,
    to which municipality, how many persons) and there as a file only its account holders
    read. Opens exactly the two municipalities."""
    if to.pk == municipality.pk:
        raise ValidationError({"to": _("Kies een andere gemeente dan uw eigen gemeente.")})
    today = timezone.localdate()
    rows, persons = selectors.caseload_rows(
        municipality=municipality, selection=selection, today=today
    )
    if not rows:
        raise ValidationError(
            {"__all__": _("In deze selectie staan geen plaatsingen. Er is niets overgedragen.")}
        )
    words = _selection_words(selection, municipality)
    content = files.caseload_bytes(rows)
    outgoing = CaseloadTransfer.objects.create(
        municipality=municipality,
        direction=TransferDirection.OUTGOING,
        counterpart=to,
        persons=persons,
        placements=len(rows),
        selection=words,
        sent_by=actor,
    )
    with tenant_context([municipality.pk, to.pk]):
        incoming = CaseloadTransfer(
            municipality=to,
            reference=outgoing.reference,
            direction=TransferDirection.INCOMING,
            counterpart=municipality,
            persons=persons,
            placements=len(rows),
            selection=words,
            sent_by=actor,
            sha256=hashlib.sha256(content).hexdigest(),
        )
        incoming.file.save("overdracht.xlsx", ContentFile(content), save=False)
        incoming.save()
    log.info("imports.transfer_sent", transfer=str(outgoing.reference), to=to.pk, persons=persons)
    return outgoing


def transfer_file_name(transfer: CaseloadTransfer) -> str:
    """``overdracht-dordrecht-2026-12-02.xlsx``: the sender and the day, no person."""
    return f"overdracht-{transfer.counterpart.slug}-{transfer.sent_at:%Y-%m-%d}.xlsx"


@transaction.atomic
def transfer_import(*, transfer: CaseloadTransfer, actor: User) -> CaseloadImport:
    """Start an import run of a received transfer (the receiving account holder)."""
    if transfer.direction != TransferDirection.INCOMING or not transfer.file:
        raise ValidationError(_("Alleen een ontvangen overdracht kan worden geïmporteerd."))
    with transfer.file.open("rb") as handle:
        content = handle.read()
    label = _("overdracht uit %(name)s van %(day)s") % {
        "name": transfer.counterpart.name,
        "day": date_format(timezone.localtime(transfer.sent_at), "j F Y"),
    }
    return import_upload(
        municipality=transfer_municipality(transfer),
        content=content,
        file_name=label + ".xlsx",
        actor=actor,
        source=ImportSource.TRANSFER,
        transfer=transfer,
    )


def transfer_municipality(transfer: CaseloadTransfer) -> Municipality:
    return Municipality.objects.get(pk=transfer.municipality_id)
