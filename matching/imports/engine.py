"""The import engine: one function that checks a sheet against the rules and, when asked and
when nothing is wrong, writes it. The web page, the API, the Celery job and the command line
all call :func:`run`.

Every row is checked before anything is written: the cells (BSN eleven-test, dates, hours,
codes), the person across rows (one BSN, one name and birth date), the participant rules and
the placement rules of the services the web uses (``participants_upsert_batch``,
``placement_start_problems``): age, consent with a benefit, an active company, the year's step
catalogue, end before start, overlap at one company, more than two at once, capacity. The reads
are a fixed number of queries per 1,000 rows and the writes go in batches, so the number of
statements grows with the batches, not with the rows.

The writes are the services' writes (placements start in the year's default step, with the
step the person already had as a second decision naming the import), inside the caller's
transaction: all or nothing. Every write is recorded as a :class:`CaseloadImportChange`, so the
run can be undone.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from matching.imports import cells
from matching.imports.choices import ChangeKind
from matching.imports.columns import (
    BENEFIT_CODES,
    BY_NAME,
    FULL_NAME,
    KIND_CODES,
    NAMES,
    OUTFLOW_CODES,
    PERSON_FIELDS,
    column_letter,
)
from matching.imports.parsing import Sheet
from matching.selectors import placements_of_bsns
from participatie.enrolments.services import normalise_kvk
from participatie.models import (
    Enrolment,
    Municipality,
    Participant,
    Placement,
    StepDecision,
    User,
)
from participatie.participants.choices import Benefit
from participatie.participants.services import (
    PeopleRefused,
    PersonGiven,
    PersonOutcome,
    participants_upsert_batch,
)
from participatie.placements.choices import OutflowReason, PlacementKind, StepDecisionStatus
from participatie.placements.services import (
    PlacementEnding,
    PlacementGiven,
    PlacementsRefused,
    placement_end_problems,
    placement_start_problems,
    placements_end_batch,
    placements_start_batch,
)
from participatie.tenancy.context import tenant_context

ERROR = "error"
WARNING = "warning"

# Model field (of the services' errors) -> template column.
FIELD_COLUMNS = {
    "bsn": "bsn",
    "first_name": "voornaam",
    "last_name": "achternaam",
    "birth_date": "geboortedatum",
    "home_municipality": "woongemeente",
    "benefit": "uitkering",
    "consent_by": "toestemming_door",
    "consent_on": "toestemming_op",
    "intake_notes": "opmerking",
    "enrolment": "leerwerkbedrijf",
    "kind": "soort_plek",
    "orientation_employer": "werkgever_orientatie",
    "start_date": "startdatum",
    "end_date": "einddatum",
    "outflow_reason": "uitstroomreden",
    "reason": "uitstroomreden",
    "step": "trede",
    "valid_from": "trede_vanaf",
    "hours_per_week": "uren_per_week",
}
PERSON_MODEL_FIELDS = {
    "voornaam": "first_name",
    "achternaam": "last_name",
    "geboortedatum": "birth_date",
    "woongemeente": "home_municipality",
    "uitkering": "benefit",
    "toestemming_door": "consent_by",
    "toestemming_op": "consent_on",
}
BENEFIT_SYNONYMS = {"nee": "geen", "geen_uitkering": "geen", "sociale_dienst": "sdd"}
KIND_SYNONYMS = {
    "reguliere_plek": "regulier",
    "orientatieplek": "orientatie",
    "tweede_plek": "tweede",
}
OUTFLOW_SYNONYMS = {
    "regulier_vrijwilligerswerk": "vrijwilligerswerk",
    "werk": "betaald_werk",
    "verhuizing": "verhuisd",
    "anders_namelijk": "anders",
}


@dataclass
class Problem:
    row: int | None  # as the spreadsheet shows it; None for the file as a whole
    column: str  # the column letter ("C"), empty for the file or a row as a whole
    field: str  # the template column ("geboortedatum")
    message: str
    level: str = ERROR

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "field": self.field,
            "message": self.message,
            "level": self.level,
        }


@dataclass
class Outcome:
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    participants_created: int = 0
    participants_updated: int = 0
    placements_created: int = 0
    placements_updated: int = 0
    unchanged: int = 0
    committed: bool = False
    changes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == WARNING]

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "participants_created": self.participants_created,
            "participants_updated": self.participants_updated,
            "placements_created": self.placements_created,
            "placements_updated": self.placements_updated,
            "unchanged": self.unchanged,
        }


@dataclass
class _Row:
    number: int
    raw: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)
    failed: bool = False
    enrolment: Enrolment | None = None


Progress = Callable[[float, str], None]


class _Run:
    def __init__(
        self,
        *,
        sheet: Sheet,
        mapping: dict[str, int],
        municipality: Municipality,
        actor: User | None,
        label: str,
        today: date,
        progress: Progress | None,
    ) -> None:
        self.sheet = sheet
        self.mapping = mapping
        self.municipality = municipality
        self.actor = actor
        self.label = label
        self.today = today
        self.progress = progress or (lambda fraction, label: None)
        self.outcome = Outcome(rows=len(sheet.rows))
        self.rows: list[_Row] = []
        self._seen: set[tuple[int | None, str, str]] = set()
        self.unmapped: set[str] = set()

    # -- problems -------------------------------------------------------------------------------

    def letter(self, name: str) -> str:
        if name in self.mapping:
            return column_letter(self.mapping[name])
        if name in ("voornaam", "achternaam") and FULL_NAME in self.mapping:
            return column_letter(self.mapping[FULL_NAME])
        return ""

    def problem(self, row: _Row | None, name: str, message: str, level: str = ERROR) -> None:
        if row is not None and level == ERROR:
            row.failed = True
        seen = (row.number if row else None, name, message)
        if seen in self._seen:
            return
        self._seen.add(seen)
        self.outcome.problems.append(
            Problem(
                row.number if row else None, self.letter(name) if name else "", name, message, level
            )
        )

    def service_errors(self, row: _Row, errors: dict[str, list[str]]) -> None:
        for model_field, messages in errors.items():
            name = FIELD_COLUMNS.get(model_field, "")
            for message in messages:
                self.problem(row, name, str(message))

    # -- reading the rows -----------------------------------------------------------------------

    def read(self) -> None:
        municipalities = list(Municipality.objects.all())
        by_code = {m.cbs_code.upper(): m for m in municipalities if m.cbs_code}
        by_name = {m.name.casefold(): m for m in municipalities}
        enrolments = list(
            Enrolment.objects.filter(municipality=self.municipality).select_related("organisation")
        )
        by_kvk = {e.organisation.kvk_number: e for e in enrolments if e.organisation.kvk_number}
        by_company = {" ".join(e.organisation.name.split()).casefold(): e for e in enrolments}
        for column in BY_NAME.values():
            if not column.required or column.name in self.mapping:
                continue
            if column.name in ("voornaam", "achternaam") and FULL_NAME in self.mapping:
                continue
            self.unmapped.add(column.name)
            self.problem(
                None,
                column.name,
                _(
                    "Geen kolom gekoppeld aan %(column)s. Die is verplicht: koppel de kolom die "
                    "het bevat, of vul hem aan in het bestand."
                )
                % {"column": column.label},
            )
        for name, letters in self.sheet.formula_cells.items():
            self.outcome.problems.append(
                Problem(
                    None,
                    name,
                    "",
                    _(
                        "Kolom %(column)s bevat formules (%(cells)s); de uitkomsten die Excel "
                        "heeft opgeslagen zijn gebruikt."
                    )
                    % {
                        "column": name,
                        "cells": ", ".join(letters[:3]) + (" …" if len(letters) > 3 else ""),
                    },
                    WARNING,
                )
            )
        for ref in self.sheet.merged_ranges:
            self.outcome.problems.append(
                Problem(
                    None,
                    "",
                    "",
                    _(
                        "De cellen %(cells)s zijn samengevoegd: alleen de eerste cel heeft een "
                        "waarde. Controleer de regels die eronder vallen."
                    )
                    % {"cells": ref},
                    WARNING,
                )
            )
        total = max(1, len(self.sheet.rows))
        for count, (number, values) in enumerate(self.sheet.rows):
            raw = {
                target: values[index] if index < len(values) else None
                for target, index in self.mapping.items()
            }
            row = _Row(number, raw)
            self._read_row(row, by_code, by_name, by_kvk, by_company)
            self.rows.append(row)
            if count % 1000 == 0:
                self.progress(0.3 * count / total, _("Regels lezen"))

    def _read_row(
        self, row: _Row, by_code: dict, by_name: dict, by_kvk: dict, by_company: dict
    ) -> None:
        raw, values = row.raw, row.values

        def given(name: str) -> bool:
            return cells.text(raw.get(name)) != ""

        def required(name: str) -> bool:
            if given(name):
                return True
            if name in self.unmapped:
                row.failed = True  # said once for the whole file
                return False
            self.problem(row, name, _("%(column)s is verplicht.") % {"column": BY_NAME[name].label})
            return False

        def read(name: str, reader: Callable[[Any], Any]) -> None:
            try:
                result = reader(raw.get(name))
            except cells.CellError as error:
                self.problem(row, name, str(error))
                return
            if isinstance(result, cells.Read):
                if result.warning:
                    self.problem(row, name, result.warning, WARNING)
                result = result.value
            values[name] = result

        if required("bsn"):
            read("bsn", cells.bsn)
        if FULL_NAME in raw:
            full = cells.text(raw.get(FULL_NAME))
            if not full:
                self.problem(row, "voornaam", _("De naam is verplicht."))
            else:
                first, last = _split_name(full)
                if not last:
                    self.problem(
                        row,
                        "achternaam",
                        _("Er staat maar één woord in de naam: vul ook de achternaam in."),
                    )
                values["voornaam"], values["achternaam"] = first, last
        else:
            for name in ("voornaam", "achternaam"):
                if required(name):
                    values[name] = cells.text(raw.get(name))
        for name in ("geboortedatum", "startdatum"):
            if required(name):
                read(name, cells.day)
        for name in ("toestemming_op", "einddatum", "trede_vanaf"):
            if given(name):
                read(name, cells.day)
        if given("woongemeente"):
            place = cells.text(raw.get("woongemeente"))
            found = by_name.get(place.casefold()) or by_code.get(_cbs(place))
            if found is None:
                self.problem(
                    row,
                    "woongemeente",
                    _(
                        "Onbekende gemeente. Vul de CBS-code (GM0505) of de naam van de "
                        "gemeente in."
                    ),
                )
            else:
                values["woongemeente"] = found
        if given("uitkering"):
            read("uitkering", lambda v: cells.coded(v, BENEFIT_CODES, BENEFIT_SYNONYMS))
        if given("soort_plek"):
            read("soort_plek", lambda v: cells.coded(v, KIND_CODES, KIND_SYNONYMS))
        if given("uitstroomreden"):
            read("uitstroomreden", lambda v: cells.coded(v, _outflow_codes(), OUTFLOW_SYNONYMS))
        for name in ("toestemming_door", "trede", "werkgever_orientatie"):
            if given(name):
                values[name] = cells.text(raw.get(name))
        if len(values.get("werkgever_orientatie", "")) > 200:
            self.problem(row, "werkgever_orientatie", _("Hoogstens 200 tekens."))
        if given("opmerking"):
            values["opmerking"] = cells.text(raw.get("opmerking"), collapse=False)
        if required("uren_per_week"):
            read("uren_per_week", cells.hours)
        if required("leerwerkbedrijf"):
            company = cells.text(raw.get("leerwerkbedrijf"))
            kvk = normalise_kvk(company)
            if kvk.isdigit() and len(kvk) < 8:
                kvk = kvk.zfill(8)  # stored as a number, its leading zero lost
            enrolment = by_kvk.get(kvk) or by_company.get(company.casefold())
            if enrolment is None:
                self.problem(
                    row,
                    "leerwerkbedrijf",
                    _(
                        "Onbekend leerwerkbedrijf: dit is geen KvK-nummer of naam van een "
                        "leerwerkbedrijf dat in %(municipality)s is toegelaten."
                    )
                    % {"municipality": self.municipality.name},
                )
            else:
                row.enrolment = enrolment
        benefit = values.get("uitkering", Benefit.NONE)
        if benefit != Benefit.NONE:
            for name in ("toestemming_door", "toestemming_op"):
                if not given(name):
                    self.problem(
                        row,
                        name,
                        _(
                            "Bij een uitkering is toestemming van de klantmanager nodig: vul naam "
                            "en datum in."
                        ),
                    )
        start, end = values.get("startdatum"), values.get("einddatum")
        if start and end and end < start:
            self.problem(row, "einddatum", _("De einddatum ligt vóór de startdatum."))

    # -- one person, one set of data ------------------------------------------------------------

    def people(self) -> dict[str, list[_Row]]:
        by_bsn: dict[str, list[_Row]] = {}
        for row in self.rows:
            if "bsn" in row.values:
                by_bsn.setdefault(row.values["bsn"], []).append(row)
        for rows in by_bsn.values():
            first = rows[0]
            for row in rows[1:]:
                for name in PERSON_FIELDS:
                    mine, theirs = row.values.get(name), first.values.get(name)
                    if mine in (None, "") or theirs in (None, "") or _same(mine, theirs):
                        continue
                    self.problem(
                        row,
                        name,
                        _(
                            "Dit BSN staat ook op regel %(row)s, met een andere %(field)s. Eén "
                            "BSN is één persoon: maak de gegevens gelijk of verbeter het BSN."
                        )
                        % {"row": first.number, "field": str(BY_NAME[name].label).lower()},
                    )
        return by_bsn

    def person_data(self, rows: list[_Row]) -> dict[str, Any]:
        data: dict[str, Any] = {"bsn": rows[0].values["bsn"]}
        for row in rows:
            for name, model_field in PERSON_MODEL_FIELDS.items():
                value = row.values.get(name)
                if value not in (None, "") and model_field not in data:
                    data[model_field] = value
        return data

    # -- the whole run --------------------------------------------------------------------------

    def execute(self, commit: bool) -> Outcome:
        self.read()
        by_bsn = self.people()
        self.progress(0.35, _("Deelnemers controleren"))
        people = self.check_people(by_bsn)
        self.progress(0.5, _("Plaatsingen controleren"))
        plan = self.check_placements(by_bsn, people)
        self.outcome.problems.sort(key=_problem_order)
        if commit and not self.outcome.errors:
            self.progress(0.7, _("Gegevens opslaan"))
            self.write(by_bsn, people, plan)
        self.progress(1.0, _("Klaar"))
        return self.outcome

    def check_people(self, by_bsn: dict[str, list[_Row]]) -> dict[str, PersonOutcome]:
        givens = []
        for bsn, rows in by_bsn.items():
            if any(row.failed and _person_failed(row, self) for row in rows):
                continue
            givens.append(PersonGiven(bsn, self.person_data(rows), None))
        known = self._known_notes([g.key for g in givens])
        for person in givens:
            notes = [r.values["opmerking"] for r in by_bsn[person.key] if r.values.get("opmerking")]
            person.intake_notes = _merged_notes(known.get(person.key), notes)
        try:
            outcomes = participants_upsert_batch(
                municipality_id=self.municipality.id,
                people=givens,
                actor=None,
                reason="",
                today=self.today,
                write=False,
            )
        except PeopleRefused as refused:
            for bsn, errors in refused.problems.items():
                self.service_errors(by_bsn[bsn][0], errors)
            ok = [g for g in givens if g.key not in refused.problems]
            outcomes = participants_upsert_batch(
                municipality_id=self.municipality.id,
                people=ok,
                actor=None,
                reason="",
                today=self.today,
                write=False,
            )
        result = {o.key: o for o in outcomes}
        for bsn, outcome in result.items():
            if outcome.created:
                self.outcome.participants_created += 1
                continue
            names = [FIELD_COLUMNS[f] for f in outcome.corrections if f in FIELD_COLUMNS]
            if names:
                self.outcome.participants_updated += 1
                shown = [n for n in names if n != "opmerking"]
                if shown:
                    self.problem(
                        by_bsn[bsn][0],
                        shown[0],
                        _(
                            "Deze deelnemer is al bekend; bij het importeren wordt "
                            "bijgewerkt: %(fields)s."
                        )
                        % {"fields": ", ".join(str(BY_NAME[n].label).lower() for n in shown)},
                        WARNING,
                    )
        return result

    def _known_notes(self, bsns: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for start in range(0, len(bsns), 1000):
            found.update(
                Participant.objects.filter(
                    municipality=self.municipality, bsn__in=bsns[start : start + 1000]
                ).values_list("bsn", "intake_notes")
            )
        return found

    def check_placements(
        self, by_bsn: dict[str, list[_Row]], people: dict[str, PersonOutcome]
    ) -> _Plan:
        plan = _Plan()
        existing = self._existing_placements(people)
        elsewhere = self._elsewhere(list(people))
        justification = _("Trede overgenomen bij de import van %(file)s op %(date)s.") % {
            "file": self.label,
            "date": date_format(self.today, "j F Y"),
        }
        for bsn, rows in by_bsn.items():
            person = people.get(bsn)
            if person is None:
                continue
            for row in rows:
                if row.failed or row.enrolment is None:
                    continue
                values = row.values
                start = values["startdatum"]
                periods = [p for p in elsewhere.get(bsn, []) if p.active_on(start)]
                for period in periods:
                    self.problem(
                        row,
                        "bsn",
                        _(
                            "Deze persoon heeft op de startdatum ook een plaatsing in %(place)s "
                            "(sinds %(since)s)."
                        )
                        % {
                            "place": period.municipality,
                            "since": period.start_date.strftime("%d-%m-%Y"),
                        },
                        WARNING,
                    )
                found = existing.get((person.participant.pk, row.enrolment.pk, start))
                if found is not None:
                    self._compare(row, found, plan, person)
                    continue
                kind = values.get("soort_plek", PlacementKind.REGULAR)
                given = PlacementGiven(
                    key=row.number,
                    person=bsn,
                    participant=person.participant,
                    enrolment=row.enrolment,
                    start_date=start,
                    end_date=values.get("einddatum"),
                    hours_per_week=values["uren_per_week"],
                    kind=kind,
                    orientation_employer=values.get("werkgever_orientatie", "")
                    if kind == PlacementKind.ORIENTATION
                    else "",
                    outflow_reason=values.get("uitstroomreden", ""),
                    concurrent_elsewhere=len(periods),
                    step_code=values.get("trede", ""),
                    step_from=values.get("trede_vanaf"),
                    step_justification=justification,
                )
                plan.starts.append(given)
                plan.rows[row.number] = row
                if kind == PlacementKind.SECOND:
                    self.problem(
                        row,
                        "soort_plek",
                        _(
                            "Een tweede plek vraagt een ontwikkelplan bij de eerste plaatsing. "
                            "Leg dat na de import vast als het er nog niet is."
                        ),
                        WARNING,
                    )
        problems, _catalogue = placement_start_problems(
            plan.starts, municipality_id=self.municipality.id, require_development_plan=False
        )
        for key, errors in problems.items():
            self.service_errors(plan.rows[int(str(key))], errors)
        ending_problems = placement_end_problems(plan.endings)
        for key, errors in ending_problems.items():
            self.service_errors(plan.rows[int(str(key))], errors)
        plan.starts = [g for g in plan.starts if g.key not in problems]
        plan.endings = [e for e in plan.endings if e.key not in ending_problems]
        self.outcome.placements_created = len(plan.starts)
        self.outcome.placements_updated = len(plan.endings)
        changed_people = {bsn for bsn, p in people.items() if p.changed}
        self.outcome.unchanged = sum(
            1 for number, bsn in plan.unchanged if bsn not in changed_people
        )
        return plan

    def _existing_placements(
        self, people: dict[str, PersonOutcome]
    ) -> dict[tuple[int, int, date], _Existing]:
        ids = sorted({p.participant.pk for p in people.values() if p.participant.pk})
        found: dict[tuple[int, int, date], _Existing] = {}
        by_pk: dict[int, _Existing] = {}
        for start in range(0, len(ids), 1000):
            for placement in Placement.objects.filter(
                municipality=self.municipality, participant_id__in=ids[start : start + 1000]
            ):
                item = _Existing(placement)
                found[(placement.participant_id, placement.enrolment_id, placement.start_date)] = (
                    item
                )
                by_pk[placement.pk] = item
        pks = sorted(by_pk)
        for start in range(0, len(pks), 1000):
            for decision in (
                StepDecision.objects.filter(
                    municipality=self.municipality,
                    placement_id__in=pks[start : start + 1000],
                    status=StepDecisionStatus.APPROVED,
                )
                .select_related("step")
                .order_by("valid_from", "decided_at", "pk")
            ):
                by_pk[decision.placement_id].steps.append((decision.valid_from, decision.step.code))
        return found

    def _elsewhere(self, bsns: list[str]) -> dict[str, list]:
        """Placements of these people in the other municipalities of the region (a warning,
        and they count for "more than two at once"). Opens exactly those municipalities."""
        if self.municipality.region_id is None:
            return {}
        others = list(
            Municipality.objects.filter(region_id=self.municipality.region_id)
            .exclude(pk=self.municipality.pk)
            .values_list("pk", flat=True)
        )
        if not others:
            return {}
        with tenant_context([self.municipality.pk, *others]):
            return placements_of_bsns(bsns=bsns, municipality_ids=others)

    def _compare(self, row: _Row, found: _Existing, plan: _Plan, person: PersonOutcome) -> None:
        placement, values = found.placement, row.values
        differences = []
        kind = values.get("soort_plek")
        if kind and kind != placement.kind:
            differences.append("soort_plek")
        if values["uren_per_week"] != placement.hours_per_week:
            differences.append("uren_per_week")
        employer = values.get("werkgever_orientatie")
        if (
            employer
            and placement.kind == PlacementKind.ORIENTATION
            and employer != placement.orientation_employer
        ):
            differences.append("werkgever_orientatie")
        end = values.get("einddatum")
        ending = False
        if end is not None and end != placement.end_date:
            if placement.end_date is None:
                ending = True
            else:
                differences.append("einddatum")
        reason = values.get("uitstroomreden")
        if reason and placement.end_date is not None and reason != placement.outflow_reason:
            differences.append("uitstroomreden")
        code = values.get("trede")
        if code:
            on = values.get("trede_vanaf") or placement.start_date
            in_force = found.step_on(on)
            if in_force != code:
                differences.append("trede")
        if differences:
            self.problem(
                row,
                differences[0],
                _(
                    "Deze plaatsing bestaat al (zelfde deelnemer, leerwerkbedrijf en startdatum) "
                    "met een andere %(fields)s. Een import wijzigt een bestaande plaatsing niet, "
                    "behalve een nieuwe einddatum; pas het aan op de pagina van de plaatsing."
                )
                % {"fields": ", ".join(str(BY_NAME[d].label).lower() for d in differences)},
            )
            return
        if ending:
            plan.endings.append(
                PlacementEnding(row.number, placement, end, values.get("uitstroomreden", ""))
            )
            plan.rows[row.number] = row
            return
        plan.unchanged.append((row.number, person.key))

    # -- writing --------------------------------------------------------------------------------

    def write(
        self, by_bsn: dict[str, list[_Row]], people: dict[str, PersonOutcome], plan: _Plan
    ) -> None:
        assert self.actor is not None, "a commit needs the user who imports"
        reason = _history_reason(self.label)
        givens = [
            PersonGiven(bsn, self.person_data(by_bsn[bsn]), people[bsn].participant.intake_notes)
            for bsn, outcome in people.items()
            if outcome.changed
        ]
        written = {
            o.key: o
            for o in participants_upsert_batch(
                municipality_id=self.municipality.id,
                people=givens,
                actor=self.actor,
                reason=reason,
                today=self.today,
            )
        }
        for bsn, outcome in written.items():
            kind = (
                ChangeKind.PARTICIPANT_CREATED
                if outcome.created
                else ChangeKind.PARTICIPANT_UPDATED
            )
            self.outcome.changes.append(
                {
                    "kind": kind,
                    "participant": outcome.participant,
                    "previous": _plain(outcome.previous),
                    "applied": _plain(outcome.corrections),
                }
            )
            people[bsn] = outcome
        for given in plan.starts:
            given.participant = people[str(given.person)].participant
        self.progress(0.8, _("Plaatsingen opslaan"))
        try:
            made = placements_start_batch(
                givens=plan.starts,
                municipality_id=self.municipality.id,
                actor=self.actor,
                change_reason=reason,
                require_development_plan=False,
            )
            placements_end_batch(endings=plan.endings, actor=self.actor, change_reason=reason)
        except PlacementsRefused as refused:
            # Changed since the check (another user took the last place meanwhile).
            for key, errors in refused.problems.items():
                self.service_errors(plan.rows[int(str(key))], errors)
            self.outcome.problems.sort(key=_problem_order)
            raise _Rollback from None
        for placement in made.values():
            self.outcome.changes.append(
                {"kind": ChangeKind.PLACEMENT_CREATED, "placement": placement, "participant": None}
            )
        for ending in plan.endings:
            self.outcome.changes.append(
                {
                    "kind": ChangeKind.PLACEMENT_ENDED,
                    "placement": ending.placement,
                    "participant": None,
                    "previous": {"end_date": None, "outflow_reason": "", "outflow_note": ""},
                    "applied": _plain(
                        {"end_date": ending.end_date, "outflow_reason": ending.reason}
                    ),
                }
            )
        self.outcome.committed = True


class _Rollback(Exception):
    """The writes met a rule that the check had passed; the caller rolls back."""


@dataclass
class _Existing:
    placement: Placement
    steps: list[tuple[date, str]] = field(default_factory=list)

    def step_on(self, day: date) -> str | None:
        code = None
        for valid_from, step_code in self.steps:
            if valid_from <= day:
                code = step_code
        return code


@dataclass
class _Plan:
    starts: list[PlacementGiven] = field(default_factory=list)
    endings: list[PlacementEnding] = field(default_factory=list)
    unchanged: list[tuple[int, Hashable]] = field(default_factory=list)
    rows: dict[int, _Row] = field(default_factory=dict)


def _person_failed(row: _Row, run: _Run) -> bool:
    """A row whose person cannot be judged (no readable BSN, name or birth date)."""
    return not all(
        row.values.get(name) for name in ("bsn", "voornaam", "achternaam", "geboortedatum")
    )


def _outflow_codes() -> dict[str, str]:
    return {**OUTFLOW_CODES, **{v: v for v in OutflowReason.values}}


def _split_name(full: str) -> tuple[str, str]:
    """ "Jan de Vries" -> ("Jan", "de Vries"); "Vries, Jan de" -> ("Jan", "de Vries")."""
    if "," in full:
        last, _comma, first = full.partition(",")
        words = first.split()
        # "Vries, Jan de": the tussenvoegsel after the first name goes before the last name.
        prefix = [w for w in words[1:] if w.islower()]
        first_words = [w for w in words if w not in prefix]
        return " ".join(first_words), " ".join([*prefix, last.strip()]).strip()
    first, _space, last = full.partition(" ")
    return first, last.strip()


def _cbs(text: str) -> str:
    digits = "".join(ch for ch in text if ch.isdigit())
    if not digits or len(digits) > 4:
        return ""
    return f"GM{digits.zfill(4)}"


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return a.casefold() == b.casefold()
    return bool(a == b)


def _merged_notes(known: str | None, notes: list[str]) -> str | None:
    """The intake notes after adding the file's remarks: a remark already in the notes is not
    added again (so importing a file twice changes nothing). None: nothing to add."""
    result = known or ""
    for note in dict.fromkeys(notes):
        if note not in result:
            result = f"{result}\n\n{note}" if result else note
    return result if result != (known or "") else None


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """Values as JSON keeps them: dates as ISO, a municipality by id, decimals as text."""
    plain: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, Municipality):
            plain[f"{name}_id"] = value.pk
        elif isinstance(value, date):
            plain[name] = value.isoformat()
        elif isinstance(value, Decimal):
            plain[name] = str(value)
        else:
            plain[name] = value
    return plain


def _history_reason(label: str) -> str:
    return f"Import {label}"[:100]


def _problem_order(problem: Problem) -> tuple[int, int, str]:
    order = NAMES.index(problem.field) if problem.field in NAMES else -1
    return (problem.row or 0, order, problem.message)


def run(
    *,
    sheet: Sheet,
    mapping: dict[str, int],
    municipality: Municipality,
    commit: bool,
    label: str,
    actor: User | None = None,
    today: date | None = None,
    progress: Progress | None = None,
) -> Outcome:
    """Check ``sheet`` (and write it when ``commit`` and nothing is wrong) in ``municipality``.
    Runs inside the caller's transaction and tenant context; when the writes meet a rule the
    check had passed, the outcome has those errors, ``committed`` is False and the caller must
    roll back (the writes happened in a savepoint that is rolled back here)."""
    from django.db import transaction

    work = _Run(
        sheet=sheet,
        mapping=mapping,
        municipality=municipality,
        actor=actor,
        label=label,
        today=today or timezone.localdate(),
        progress=progress,
    )
    try:
        with transaction.atomic():
            return work.execute(commit)
    except _Rollback:
        work.outcome.committed = False
        work.outcome.changes = []
        return work.outcome
