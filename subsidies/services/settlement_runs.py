"""Settling a quarter as a job: by an account holder's button ("Kwartaal afrekenen", web and
API) and by the schedule on the first working day after each quarter's end.

* :func:`settlement_run_start`: checks first (an account holder; a quarter that has ended; a
  year that is set up, naming what is missing), then creates a queued run and sends the job
  once the transaction commits. A run of the same quarter that is still queued or running is
  given back instead of a second one (the database allows one at a time).
* :func:`settlement_run_execute`: the job (``subsidies.settle_run``, a tenant task): the
  engine (``quarter_settle``) drafts the statements, the run's requester becomes their
  ``prepared_by`` (a scheduled run: nobody, "automatisch berekend"), and the run is done with
  the number of statements, all in one transaction. Its progress goes to the cache meanwhile.
  A refusal of the engine or an error marks the run failed with a Dutch message (no personal
  data) and logs it; a database that is away is retried by the task.
* :func:`settlement_runs_schedule_due`: the beat job's work: on the first working day after a
  quarter's end, one scheduled run per municipality whose year is set up (the database allows
  one scheduled run per quarter, so running it twice creates nothing twice).

Re-running a quarter replaces its drafts and leaves statements the company confirmed or the
municipality approved alone (``settlement.drafts.drafts_replace``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import structlog
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participatie.kernel.calendar import first_working_day_after, previous_quarter, quarter_bounds
from participatie.kernel.jobs import fault_point, job_queue_check
from participatie.models import Municipality, User
from participatie.tenancy.context import atomic_tenant_context
from subsidies.choices import SettlementRunStatus, StatementStatus
from subsidies.models import QuarterStatement, SettlementRun
from subsidies.models.settlement_runs import ACTIVE
from subsidies.selectors_settlement import progress_key
from subsidies.selectors_years import year_overview
from subsidies.services.settlement import quarter_settle, settlement_period
from subsidies.services.statements import _is_account_holder

log = structlog.get_logger(__name__)

FIRST_YEAR, LAST_YEAR = 2000, 2100
# A queued run without a sign of life for this long is sent to a worker again when someone
# asks for the same quarter (its message may have been lost).
STALE_AFTER = timedelta(minutes=30)
PROGRESS_TIMEOUT = 3600  # seconds; far above the job's time


@dataclass(frozen=True)
class RunStart:
    run: SettlementRun
    created: bool  # False: a run of this quarter was already queued or running


def _in_words(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return _("%(first)s en %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def settlement_run_check(
    *, municipality: Municipality, year: int, quarter: int, today: date | None = None
) -> None:
    """Refuse, on the field, what cannot be settled: a year out of range, a quarter that is
    not 1-4 or has not ended, a year that is not set up (naming what is missing)."""
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            {
                "year": _("Vul een jaar in van %(first)s tot en met %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            },
            code="year_range",
        )
    settlement_period(year, quarter, today)
    missing = year_overview(municipality, year).missing
    if missing:
        raise ValidationError(
            {
                "year": _("Het jaar %(y)s is nog niet ingericht. Nog nodig: %(missing)s.")
                % {"y": year, "missing": _in_words(missing)}
            },
            code="year_not_set_up",
        )


def _active_run(municipality_id: int, year: int, quarter: int) -> SettlementRun | None:
    return (
        SettlementRun.objects.filter(
            municipality_id=municipality_id, year=year, quarter=quarter, status__in=ACTIVE
        )
        .order_by("-requested_at")
        .first()
    )


def _enqueue(run: SettlementRun) -> None:
    """Send the job once the run row is committed (ids only)."""
    from subsidies.tasks import settle_run

    payload = {"municipality_ids": [run.municipality_id], "run_id": run.pk}
    task_id = run.task_id
    transaction.on_commit(lambda: settle_run.apply_async(kwargs=payload, task_id=task_id))


def _is_stale(run: SettlementRun) -> bool:
    return (
        run.requested_at < timezone.now() - STALE_AFTER
        and cache.get(progress_key(run.municipality_id, run.pk)) is None
    )


def _create(
    municipality: Municipality, year: int, quarter: int, **fields: object
) -> SettlementRun | None:
    """The new run, or ``None`` when the database refuses a second one (one active run per
    quarter, one scheduled run per quarter): someone else was just as quick."""
    try:
        with transaction.atomic():
            return SettlementRun.objects.create(
                municipality=municipality,
                year=year,
                quarter=quarter,
                task_id=str(uuid.uuid4()),
                **fields,
            )
    except IntegrityError:
        return None


@transaction.atomic
def settlement_run_start(
    *,
    municipality: Municipality,
    year: int,
    quarter: int,
    actor: User,
    today: date | None = None,
) -> RunStart:
    """An account holder asks to settle a quarter: a queued run, its job sent after commit.
    Raises ``JobQueueUnavailable`` (nothing written) when the broker cannot be reached."""
    if not _is_account_holder(actor, municipality.id):
        raise ValidationError(
            _("Alleen een accounthouder kan een kwartaal laten afrekenen."),
            code="not_account_holder",
        )
    settlement_run_check(municipality=municipality, year=year, quarter=quarter, today=today)
    active = _active_run(municipality.id, year, quarter)
    if active is not None:
        if _is_stale(active):
            _enqueue(active)
        return RunStart(run=active, created=False)
    job_queue_check()  # the broker away: say so now, before a run waits for nobody
    run = _create(municipality, year, quarter, requested_by=actor)
    if run is not None:
        _enqueue(run)
        log.info("settlement_run.requested", run=run.pk, year=year, quarter=quarter)
        return RunStart(run=run, created=True)
    # Someone pressed the button for this quarter at the same moment: theirs is the run (it
    # may even have finished by now).
    theirs = (
        SettlementRun.objects.filter(municipality=municipality, year=year, quarter=quarter)
        .order_by("-requested_at", "-id")
        .first()
    )
    if theirs is None:  # pragma: no cover - a refusal that is not about another run
        raise ValidationError(_("Het afrekenen kon niet worden gestart. Probeer het opnieuw."))
    return RunStart(run=theirs, created=False)


def settlement_run_schedule(
    *, municipality: Municipality, year: int, quarter: int
) -> SettlementRun | None:
    """The schedule's run of a quarter for one municipality (inside its tenant context), or
    ``None``: already made, a run of the quarter is busy, or the year is not set up (logged by
    id, not an error)."""
    if SettlementRun.objects.filter(
        municipality=municipality, year=year, quarter=quarter, scheduled=True
    ).exists():
        return None
    if not year_overview(municipality, year).is_set_up:
        log.info(
            "settlement_run.schedule_skipped",
            municipality_id=municipality.id,
            year=year,
            quarter=quarter,
            reason="year_not_set_up",
        )
        return None
    if _active_run(municipality.id, year, quarter) is not None:
        return None
    run = _create(municipality, year, quarter, scheduled=True)
    if run is not None:
        _enqueue(run)
    return run


def due_quarter(today: date) -> tuple[int, int] | None:
    """(year, quarter) when ``today`` is the first working day after that quarter's end."""
    year, quarter = previous_quarter(today)
    _first, last = quarter_bounds(year, quarter)
    return (year, quarter) if first_working_day_after(last) == today else None


def settlement_runs_schedule_due(*, today: date) -> list[SettlementRun]:
    """The beat job: on the first working day after a quarter's end, a scheduled run for
    every municipality (each in its own transaction and tenant context); any other day
    nothing."""
    due = due_quarter(today)
    if due is None:
        return []
    year, quarter = due
    made = []
    for municipality in Municipality.objects.order_by("id"):
        with atomic_tenant_context(municipality.id):
            run = settlement_run_schedule(municipality=municipality, year=year, quarter=quarter)
        if run is not None:
            made.append(run)
    log.info("settlement_run.scheduled", year=year, quarter=quarter, runs=len(made))
    return made


# -- the job -------------------------------------------------------------------------------------


def progress_write(run: SettlementRun, percent: int, label: str) -> None:
    cache.set(
        progress_key(run.municipality_id, run.pk),
        {"percent": percent, "label": str(label), "status": SettlementRunStatus.RUNNING.value},
        timeout=PROGRESS_TIMEOUT,
    )


def _fail(run: SettlementRun, message: str) -> None:
    run.status = SettlementRunStatus.FAILED
    run.message = message
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "message", "finished_at", "started_at", "task_id"])
    cache.delete(progress_key(run.municipality_id, run.pk))


def settlement_run_execute(*, municipality_id: int, run_id: int, task_id: str = "") -> str:
    """Run the job of one run; call inside the municipality's tenant context and a
    transaction (``TenantTask`` does both). Returns "done", "failed" or "skipped" (the run
    is gone or already finished: a message delivered twice does nothing twice)."""
    run = (
        SettlementRun.objects.select_for_update(of=("self",))
        .select_related("municipality")
        .filter(municipality_id=municipality_id, pk=run_id)
        .first()
    )
    if run is None or run.is_finished:
        return "skipped"
    run.status = SettlementRunStatus.RUNNING
    run.started_at = timezone.now()
    run.task_id = task_id or run.task_id
    progress_write(run, 5, _("Gestart"))
    try:
        with transaction.atomic():
            progress_write(run, 20, _("Tarieven en plaatsingen lezen en declaraties berekenen"))
            statements = quarter_settle(
                municipality=run.municipality, year=run.year, quarter=run.quarter
            )
            progress_write(run, 90, _("Declaraties opslaan"))
            if run.requested_by_id is not None:
                # After the engine, this quarter's (non-correcting) drafts are exactly the
                # new ones: it replaced the old drafts and leaves the others alone.
                QuarterStatement.objects.filter(
                    municipality_id=run.municipality_id,
                    year=run.year,
                    quarter=run.quarter,
                    status=StatementStatus.DRAFT,
                    corrects__isnull=True,
                ).update(prepared_by_id=run.requested_by_id)
            fault_point("settlement.statements_written")  # tests/faults: killed here
    except ValidationError as refused:
        # The engine's own refusals are Dutch and name no person (a step without a tariff...).
        log.warning("settlement_run.refused", run=run.pk, year=run.year, quarter=run.quarter)
        _fail(run, " ".join(refused.messages))
        return "failed"
    except OperationalError:
        raise  # the database is away: the task is retried and starts over
    except Exception:
        log.exception("settlement_run.failed", run=run.pk, year=run.year, quarter=run.quarter)
        _fail(
            run,
            _(
                "Het afrekenen van dit kwartaal is niet gelukt. Probeer het later opnieuw. "
                "Lukt het dan nog niet, neem dan contact op met de beheerder."
            ),
        )
        return "failed"
    run.status = SettlementRunStatus.DONE
    run.progress = 100
    run.statement_count = len(statements)
    run.message = ""
    run.finished_at = timezone.now()
    run.save()
    cache.delete(progress_key(run.municipality_id, run.pk))
    log.info("settlement_run.done", run=run.pk, statements=len(statements))
    return "done"
