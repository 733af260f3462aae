"""Retention and anonymisation (DOMAIN.md "Privacy and retention"), set-based.

Per municipality the :class:`~participatie.privacy.models.RetentionPolicy` says how long each kind
of data stays. :func:`apply_retention` (the daily job and ``manage.py apply_retention``):

* anonymises every participant whose personal-data period has passed since their last
  activity (the end of the last placement; referrals, intakes and the record's creation count
  too; a placement still running keeps everything) and who is not under a legal hold: name,
  BSN, address, contact, consent name, intake notes, free texts of every section of
  ``participatie.privacy.subject`` (development, intake, steps, referrals ...), the same values
  in the change history, and the paths of read events on the person. The birth date keeps its
  year. Ids, references, dates needed for day counts and amounts stay, so every statement,
  payment, determination and report figure adds up exactly as before;
* deletes read events older than the read-log period;
* deletes report files older than the report-file period (the run stays, marked expired);
* runs the steps other apps registered (``register_retention_step``).

Each step is one UPDATE or DELETE per table (no loop over persons): 10,000 persons of 100,000
take seconds. Erasure on request (:func:`participant_erase`) uses the same anonymisation.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import structlog
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncYear
from django.utils import timezone
from django.utils.translation import gettext as _

from participatie.models import Participant, Placement, ReadEvent, ReportRun, ReportStatus
from participatie.privacy.models import RetentionPolicy
from participatie.privacy.subject import (
    SubjectSection,
    history_model,
    subject_sections,
)
from participatie.reports.models import REPORT_FORMATS

log = structlog.get_logger(__name__)

ErasureCheck = Callable[[Participant], "str | None"]
_erasure_checks: list[ErasureCheck] = []


@dataclass
class RetentionResult:
    """What one run did (or, dry, would do) in one municipality."""

    municipality: str
    today: datetime.date
    dry_run: bool
    anonymised: int = 0
    on_hold: int = 0
    rows_cleared: dict[str, int] = field(default_factory=dict)
    read_events_deleted: int = 0
    report_files_deleted: int = 0
    other: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        verb = _("zou") if self.dry_run else _("heeft")
        lines = [
            _("%(municipality)s, peildatum %(today)s:")
            % {"municipality": self.municipality, "today": self.today.isoformat()},
            _("  deelnemers geanonimiseerd: %(n)s") % {"n": self.anonymised},
            _("  verlopen maar geblokkeerd (bewaarplicht): %(n)s") % {"n": self.on_hold},
            _("  inzages ouder dan de bewaartermijn verwijderd: %(n)s")
            % {"n": self.read_events_deleted},
            _("  rapportagebestanden verwijderd: %(n)s") % {"n": self.report_files_deleted},
        ]
        for label, count in {**self.rows_cleared, **self.other}.items():
            if count:
                lines.append(f"  {label}: {count}")
        if self.dry_run:
            lines.append(_("  (proefdraai: er %(verb)s niets gewijzigd)") % {"verb": verb})
        return lines


RetentionStep = Callable[[int, datetime.date, RetentionPolicy, bool], dict[str, int]]
_steps: list[RetentionStep] = []


def register_retention_step(step: RetentionStep) -> None:
    """``step(municipality_id, today, policy, dry_run)`` -> counts by Dutch label; it runs in
    the municipality's tenant context."""
    if step not in _steps:
        _steps.append(step)


def register_erasure_check(check: ErasureCheck) -> None:
    """``check(participant)`` -> the reason erasure must wait (e.g. an unsettled quarter), or
    None. Apps register from ``AppConfig.ready()``."""
    if check not in _erasure_checks:
        _erasure_checks.append(check)


def retention_policy_of(municipality_id: int) -> RetentionPolicy:
    """The municipality's periods; the defaults (unsaved) when it never set them."""
    policy = RetentionPolicy.objects.filter(municipality_id=municipality_id).first()
    return policy or RetentionPolicy(municipality_id=municipality_id, reason="")


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _correlated(section: SubjectSection) -> dict[str, OuterRef]:
    if section.path is not None:
        return {section.path: OuterRef("pk")}
    return {section.reference_field: OuterRef("reference")}  # type: ignore[dict-item]


def expired_participants(
    municipality_id: int, *, today: datetime.date, policy: RetentionPolicy
) -> QuerySet[Participant]:
    """Participants of the municipality whose personal data have passed their period on
    ``today`` (legal holds included: the caller decides about those). One query."""
    cutoff = years_before(today, policy.personal_data_years)
    queryset = Participant.objects.filter(
        municipality_id=municipality_id, anonymised_on__isnull=True
    )
    for section in subject_sections():
        if section.path == "":
            for name in section.activity:
                queryset = queryset.filter(**{f"{name}__lt": _start_of(cutoff)})
            continue
        rows = section.model_class._default_manager.filter(
            municipality_id=municipality_id, **_correlated(section)
        )
        if section.open_when_null:
            queryset = queryset.filter(~Exists(rows.filter(**{section.open_when_null: None})))
        if section.activity:
            recent = Q()
            for name in section.activity:
                recent |= Q(**{f"{name}__gte": cutoff})
            queryset = queryset.filter(~Exists(rows.filter(recent)))
    return queryset


def _differs(values: dict[str, object]) -> Q:
    """Rows on which at least one of ``values`` is not yet in place (so a rerun writes nothing)."""
    condition = Q()
    for name, value in values.items():
        condition |= ~Q(**{name: value})
    return condition


def _clear(section: SubjectSection, people: QuerySet[Participant]) -> int:
    """Write the section's anonymised values on the rows of ``people`` and in their history;
    rows that already hold them are left alone, so a rerun writes nothing."""
    values: dict[str, object] = dict(section.anonymise)
    if not values:
        return 0
    rows = section.rows_for(people)
    expressions: dict[str, object] = {}
    if section.path == "":
        # The birth date keeps its year (age groups in reports stay right).
        expressions["birth_date"] = TruncYear("birth_date")
    count = rows.filter(_differs(values)).update(**values, **expressions)
    historical = history_model(section.model_class)
    if historical is not None:
        names = {f.name for f in historical._meta.concrete_fields}
        kept = {k: v for k, v in values.items() if k in names}
        if kept:
            historical._default_manager.filter(id__in=rows.values("pk")).filter(
                _differs(kept)
            ).update(**kept, **expressions)
    return count


def anonymise(people: QuerySet[Participant], *, today: datetime.date) -> dict[str, int]:
    """Anonymise ``people`` (a queryset inside the active tenant scope), set-based.

    The participants are marked first (``anonymised_on``), and every later statement selects
    by that mark, so the (possibly costly) selection of ``people`` runs once.
    """
    municipality_ids = list(people.values_list("municipality_id", flat=True).distinct()[:2])
    marked = people.filter(anonymised_on__isnull=True).update(anonymised_on=today)
    done = Participant.objects.filter(municipality_id__in=municipality_ids, anonymised_on=today)
    counts: dict[str, int] = {}
    for section in subject_sections():
        cleared = _clear(section, done)
        if section.path != "":
            counts[str(section.label)] = cleared
    placement_ids = Placement.objects.filter(participant__in=done.values("pk")).values("pk")
    ReadEvent.objects.filter(municipality_id__in=municipality_ids).filter(
        Q(object_type="participatie.participant", object_id__in=done.values("pk"))
        | Q(object_type="participatie.placement", object_id__in=placement_ids)
    ).exclude(path="").update(path="")
    counts["_participants"] = marked
    return counts


def apply_retention(
    municipality_id: int, *, today: datetime.date | None = None, dry_run: bool = False
) -> RetentionResult:
    """The retention job for one municipality; call it inside its tenant context."""
    from participatie.models import Municipality

    today = today or timezone.localdate()
    policy = retention_policy_of(municipality_id)
    municipality = Municipality.objects.get(pk=municipality_id)
    result = RetentionResult(municipality=municipality.name, today=today, dry_run=dry_run)

    expired = expired_participants(municipality_id, today=today, policy=policy)
    result.on_hold = expired.filter(legal_hold=True).count()
    free = expired.filter(legal_hold=False)
    if dry_run:
        result.anonymised = free.count()
    else:
        counts = anonymise(free, today=today)
        result.anonymised = counts.pop("_participants")
        result.rows_cleared = counts

    old_reads = ReadEvent.objects.filter(
        municipality_id=municipality_id,
        at__lt=_start_of(years_before(today, policy.read_log_years)),
    )
    result.read_events_deleted = old_reads.count() if dry_run else old_reads.delete()[0]

    old_runs = ReportRun.objects.filter(
        municipality_id=municipality_id,
        status=ReportStatus.DONE,
        finished_at__lt=_start_of(today - datetime.timedelta(days=policy.report_file_days)),
    )
    if dry_run:
        result.report_files_deleted = old_runs.count()
    else:
        for run in old_runs.select_for_update():
            for fmt in REPORT_FORMATS:
                getattr(run, fmt).delete(save=False)
            run.status = ReportStatus.EXPIRED
            run.save(update_fields=["status", *REPORT_FORMATS])
            result.report_files_deleted += 1

    for step in _steps:
        result.other.update(step(municipality_id, today, policy, dry_run))
    log.info(
        "privacy.retention",
        dry_run=dry_run,
        anonymised=result.anonymised,
        on_hold=result.on_hold,
        read_events_deleted=result.read_events_deleted,
        report_files_deleted=result.report_files_deleted,
    )
    return result


def erasure_refusal(participant: Participant) -> str | None:
    """Why ``participant`` may not be erased now, or None."""
    if participant.anonymised_on is not None:
        return _("De gegevens van deze persoon zijn al geanonimiseerd.")
    if participant.legal_hold:
        return _("Voor deze persoon geldt een bewaarplicht: %(reason)s") % {
            "reason": participant.legal_hold_reason
        }
    if Placement.objects.filter(
        municipality_id=participant.municipality_id, participant=participant, end_date__isnull=True
    ).exists():
        return _("De persoon heeft nog een lopende plaatsing. Beëindig die eerst.")
    for check in _erasure_checks:
        reason = check(participant)
        if reason:
            return reason
    return None
