"""Who sees which import runs and transfers, the saved column mapping, a run's live progress and
the caseload as the template writes it (for a transfer).

Import runs are for those who import here (``Perm.CASELOAD_IMPORT``); a run that came from a
transfer, and every transfer, only for the account holders (``Perm.CASELOAD_TRANSFER``): the
transfer file is readable only by the receiving municipality's account holders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.core.cache import cache
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from matching.imports.choices import ImportSource, ImportStatus, TransferDirection
from matching.imports.columns import BENEFIT_CODES, KIND_CODES, OUTFLOW_CODES
from matching.imports.models import CaseloadImport, CaseloadTransfer, ImportMapping
from participatie.models import Municipality, Organisation, Placement, Step, StepDecision
from participatie.placements.choices import StepDecisionStatus
from participatie.tenancy.http import Access
from participatie.tenancy.permissions import Perm, roles_with


def imports_visible_to(access: Access) -> QuerySet[CaseloadImport]:
    if not access.has(Perm.CASELOAD_IMPORT) or access.municipality is None:
        return CaseloadImport.objects.none()
    runs = CaseloadImport.objects.filter(municipality=access.municipality)
    if not access.has(Perm.CASELOAD_TRANSFER):
        runs = runs.exclude(source=ImportSource.TRANSFER)
    return runs.select_related("created_by", "committed_by", "undone_by").order_by(
        "-created_at", "-id"
    )


def import_get(access: Access, reference: UUID | str) -> CaseloadImport:
    """One run by its reference; another municipality's, or one the user may not see, is 404."""
    run = imports_visible_to(access).filter(reference=reference).first()
    if run is None:
        raise Http404
    return run


def transfers_visible_to(access: Access) -> QuerySet[CaseloadTransfer]:
    if not access.has(Perm.CASELOAD_TRANSFER) or access.municipality is None:
        return CaseloadTransfer.objects.none()
    return (
        CaseloadTransfer.objects.filter(municipality=access.municipality)
        .select_related("counterpart", "sent_by")
        .prefetch_related(
            Prefetch(
                "imports",
                queryset=CaseloadImport.objects.filter(municipality=access.municipality).order_by(
                    "-created_at"
                ),
            )
        )
        .order_by("-sent_at", "-id")
    )


def incoming_transfer_get(access: Access, reference: UUID | str) -> CaseloadTransfer:
    transfer = (
        transfers_visible_to(access)
        .filter(reference=reference, direction=TransferDirection.INCOMING)
        .first()
    )
    if transfer is None or not transfer.file:
        raise Http404
    return transfer


def mapping_owner(access: Access) -> Organisation | None:
    """The organisation whose saved mapping the user uses: their matching unit, or their
    municipal office (the first membership here that may import)."""
    roles = roles_with(Perm.CASELOAD_IMPORT)
    return next((m.organisation for m in access.memberships if m.role in roles), None)


def saved_mapping(organisation: Organisation | None) -> dict[str, str]:
    if organisation is None:
        return {}
    found = ImportMapping.objects.filter(organisation=organisation).first()
    return dict(found.columns) if found is not None else {}


# -- live progress of a background run ----------------------------------------------------------


def progress_key(run: CaseloadImport) -> str:
    return f"imports:progress:{run.reference}"


@dataclass(frozen=True)
class Progress:
    percent: int
    label: str
    busy: bool


def import_progress(run: CaseloadImport) -> Progress:
    if run.status in (ImportStatus.CHECKING, ImportStatus.COMMITTING):
        live = cache.get(progress_key(run)) or {}
        return Progress(int(live.get("percent", 0)), str(live.get("label", "")), True)
    return Progress(100, "", False)


# -- the caseload in the template (export for a transfer) ----------------------------------------


@dataclass(frozen=True)
class Selection:
    """Which placements a transfer holds: all, or only those that run today or later; at one
    company; of residents of one municipality (someone moving)."""

    current_only: bool = False
    enrolment_id: int | None = None
    home_municipality_id: int | None = None


def _benefit_code(value: str) -> str:
    return next(code for code, stored in BENEFIT_CODES.items() if stored == value)


def _code(codes: dict[str, str], value: str) -> str:
    return next((code for code, stored in codes.items() if stored == value), value)


def caseload_placements(
    *, municipality: Municipality, selection: Selection, today: date
) -> QuerySet[Placement]:
    placements = Placement.objects.filter(municipality=municipality)
    if selection.current_only:
        placements = placements.filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    if selection.enrolment_id:
        placements = placements.filter(enrolment_id=selection.enrolment_id)
    if selection.home_municipality_id:
        placements = placements.filter(
            participant__home_municipality_id=selection.home_municipality_id
        )
    return placements.select_related(
        "participant__home_municipality", "enrolment__organisation"
    ).order_by("participant__last_name", "participant__first_name", "participant_id", "start_date")


def caseload_rows(
    *, municipality: Municipality, selection: Selection, today: date
) -> tuple[list[list[Any]], int]:
    """One row per placement in the template's column order, and the number of persons. The
    step is the one in force today (or on the last day of a placement that has ended). A fixed
    number of queries, whatever the number of placements."""
    placements = list(
        caseload_placements(municipality=municipality, selection=selection, today=today)
    )
    decisions: dict[int, list[StepDecision]] = {}
    ids = [p.pk for p in placements]
    for start in range(0, len(ids), 1000):
        for decision in (
            StepDecision.objects.filter(
                municipality=municipality,
                placement_id__in=ids[start : start + 1000],
                status=StepDecisionStatus.APPROVED,
            )
            .select_related("step")
            .order_by("valid_from", "decided_at", "pk")
        ):
            decisions.setdefault(decision.placement_id, []).append(decision)
    rows = []
    persons: set[int] = set()
    for placement in placements:
        person = placement.participant
        persons.add(person.pk)
        day = max(placement.start_date, today)
        if placement.end_date is not None:
            day = min(day, placement.end_date)
        in_force = None
        for decision in decisions.get(placement.pk, []):
            if decision.valid_from <= day:
                in_force = decision
        company = placement.enrolment.organisation
        home = person.home_municipality
        rows.append(
            [
                person.bsn,
                person.first_name,
                person.last_name,
                person.birth_date,
                home.cbs_code or home.name,
                _benefit_code(person.benefit),
                person.consent_by,
                person.consent_on,
                company.kvk_number or company.name,
                _code(KIND_CODES, placement.kind),
                placement.start_date,
                placement.end_date,
                _code(OUTFLOW_CODES, placement.outflow_reason) if placement.outflow_reason else "",
                in_force.step.code if in_force else "",
                in_force.valid_from if in_force else None,
                placement.hours_per_week,
                person.intake_notes,
                placement.orientation_employer,
            ]
        )
    return rows, len(persons)


def step_codes(municipality: Municipality) -> list[str]:
    """The step codes of the municipality's catalogues, for the template's validation list."""
    codes = (
        Step.objects.filter(municipality=municipality)
        .order_by("position", "code")
        .values_list("code", flat=True)
    )
    return list(dict.fromkeys(codes))
