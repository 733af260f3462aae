"""Writes for participant records and the checks every path that takes a person's data shares
(web, API and import): dates that make no sense, and a BSN that is already known here with other
data, which is never silently dropped nor silently overwritten."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from participatie.kernel.statistics import analyze_filled
from participatie.models import Participant, User
from participatie.participants.models import validate_birth_date, validate_consent_date

# The fields a registration can give that may differ from a known person (the BSN is the key).
COMPARED_FIELDS = (
    "first_name",
    "last_name",
    "birth_date",
    "address",
    "postcode",
    "city",
    "phone",
    "email",
    "home_municipality",
    "benefit",
    "consent_by",
    "consent_on",
)

# Kept in the change history (not translated: it is stored, not shown in one language).
CORRECTION_REASON = "Gecorrigeerd bij een aanmelding"


@dataclass(frozen=True)
class Difference:
    """One field where what was given differs from the known person."""

    field: str
    stored: Any
    given: Any


class ExistingParticipant(ValidationError):
    """The BSN belongs to a participant of this municipality whose data differ from what was
    given. Nothing is saved: the caller asks whether this is the same person (then the
    differences may be applied as corrections) or a mistyped BSN. A caller that does not handle
    it still refuses the input, with a message on each differing field."""

    def __init__(self, participant: Participant, differences: Mapping[str, Difference]) -> None:
        self.participant = participant
        self.differences = dict(differences)
        message = _("Wijkt af van de gegevens van de deelnemer die al bekend is met dit BSN.")
        super().__init__({name: [message] for name in self.differences})


def participant_date_errors(data: Mapping[str, Any], *, today: date) -> dict[str, list[str]]:
    """The person's dates that make no sense, as field errors (empty when all is well)."""
    errors: dict[str, list[str]] = {}
    checks = (("birth_date", validate_birth_date), ("consent_on", validate_consent_date))
    for name, check in checks:
        value = data.get(name)
        if not isinstance(value, date):
            continue
        try:
            check(value, today=today)
        except ValidationError as error:
            errors[name] = error.messages
    return errors


def _comparable(name: str, value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, str):
        value = value.strip()
        if name == "postcode":
            return value.replace(" ", "").upper()
        if name == "email":
            return value.lower()
    return value


def participant_differences(
    participant: Participant, data: Mapping[str, Any]
) -> dict[str, Difference]:
    """The fields of ``data`` that differ from ``participant``. A field left empty is no
    difference: leaving a field empty never erases what is known."""
    found: dict[str, Difference] = {}
    for name in COMPARED_FIELDS:
        given = data.get(name)
        if given in (None, ""):
            continue
        stored = getattr(participant, name)
        if _comparable(name, stored) != _comparable(name, given):
            found[name] = Difference(field=name, stored=stored, given=given)
    return found


@transaction.atomic
def participant_correct(
    *, participant: Participant, corrections: Mapping[str, Any], actor: User
) -> Participant:
    """Apply corrections to a participant's data; the change history records them with the
    user. The result must still be a valid record (a benefit needs consent)."""
    unknown = set(corrections) - set(COMPARED_FIELDS)
    if unknown:
        raise TypeError(f"not correctable: {sorted(unknown)}")
    if not corrections:
        return participant
    for name, value in corrections.items():
        setattr(participant, name, value.strip() if isinstance(value, str) else value)
    participant.full_clean(exclude=["municipality"])
    participant._history_user = actor  # type: ignore[attr-defined]
    participant._change_reason = CORRECTION_REASON  # type: ignore[attr-defined]
    participant.save()
    return participant


def corrections_chosen(
    differences: Mapping[str, Difference], chosen: Iterable[str] | None
) -> dict[str, Any]:
    """The given values of the differences chosen as corrections (all when ``chosen`` is None;
    a chosen field that does not differ is ignored)."""
    names = differences.keys() if chosen is None else set(chosen) & differences.keys()
    return {name: differences[name].given for name in COMPARED_FIELDS if name in names}


# -- many people at once (the caseload import) --------------------------------------------------


@dataclass
class PersonGiven:
    """One person for :func:`participants_upsert_batch`: the data as a registration gives it
    (``home_municipality`` a Municipality), and the intake notes to keep (None: leave them)."""

    key: Any
    data: dict[str, Any]
    intake_notes: str | None = None


@dataclass
class PersonOutcome:
    """What :func:`participants_upsert_batch` does (or, when checking, would do) to a person."""

    key: Any
    participant: Participant
    created: bool
    corrections: dict[str, Any]  # field -> the value written (existing people)
    previous: dict[str, Any]  # field -> the value before (existing people)

    @property
    def changed(self) -> bool:
        return self.created or bool(self.corrections)


class PeopleRefused(ValidationError):
    """:func:`participants_upsert_batch` refused some people: ``problems`` maps each person's
    key to its field errors. Nothing was written."""

    def __init__(self, problems: Mapping[Any, Mapping[str, list[str]]]) -> None:
        self.problems = {key: dict(errors) for key, errors in problems.items()}
        super().__init__(_("Niet alle deelnemers zijn in orde; er is niets opgeslagen."))


BATCH_SIZE = 500


def _clean_errors(participant: Participant) -> dict[str, list[str]]:
    # The uniqueness of the BSN is settled by the lookup that found or did not find the person,
    # the consent constraint is the model's clean(), and the home municipality is a row the
    # caller holds: validating them again would ask the database once per person.
    try:
        participant.full_clean(
            exclude=["municipality", "home_municipality"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        return dict(error.message_dict)
    if participant.home_municipality_id is None:
        return {"home_municipality": [_("Kies de woongemeente.")]}
    return {}


def participants_upsert_batch(
    *,
    municipality_id: int,
    people: Iterable[PersonGiven],
    actor: User | None,
    reason: str,
    today: date,
    write: bool = True,
) -> list[PersonOutcome]:
    """Many people at once, by the rules of :func:`referral_register` (a BSN known here is that
    person; dates that make no sense are refused) and of :func:`participant_correct` (what
    differs becomes a correction, kept in the change history with ``actor`` and ``reason``;
    an empty field never erases what is known).

    One query finds the known people and the writes go in batches, so the statements grow with
    the batches, not with the people. With ``write=False`` nothing is written: the outcome says
    what would happen (the dry run). Any person with errors: :class:`PeopleRefused`, nothing
    written. Each person's key appears once; their BSN is ``data["bsn"]``."""
    given = list(people)
    bsns = [person.data.get("bsn") for person in given]
    known: dict[str, Participant] = {}
    for start in range(0, len(bsns), 1000):
        chunk = [bsn for bsn in bsns[start : start + 1000] if bsn]
        for participant in Participant.objects.filter(
            municipality_id=municipality_id, bsn__in=chunk
        ):
            known[participant.bsn] = participant
    problems: dict[Any, dict[str, list[str]]] = {}
    outcomes: list[PersonOutcome] = []
    for person in given:
        data = {
            key: person.data.get(key) for key in ("bsn", *COMPARED_FIELDS) if key in person.data
        }
        errors = participant_date_errors(data, today=today)
        existing = known.get(data.get("bsn") or "")
        if existing is None:
            fields = {key: value for key, value in data.items() if value is not None}
            if "home_municipality" not in fields:
                fields["home_municipality_id"] = municipality_id
            participant = Participant(municipality_id=municipality_id, **fields)
            if person.intake_notes:
                participant.intake_notes = person.intake_notes
            outcome = PersonOutcome(person.key, participant, True, {}, {})
        else:
            differences = participant_differences(existing, data)
            corrections = corrections_chosen(differences, None)
            previous = {name: getattr(existing, name) for name in corrections}
            participant = existing
            if corrections or (
                person.intake_notes is not None and person.intake_notes != existing.intake_notes
            ):
                # A copy: checking must not change the known person's object.
                participant = Participant(
                    **{f.attname: getattr(existing, f.attname) for f in Participant._meta.fields}
                )
                participant._state.adding = False
                for name, value in corrections.items():
                    setattr(participant, name, value.strip() if isinstance(value, str) else value)
                if person.intake_notes is not None and person.intake_notes != existing.intake_notes:
                    previous["intake_notes"] = existing.intake_notes
                    corrections["intake_notes"] = person.intake_notes
                    participant.intake_notes = person.intake_notes
            outcome = PersonOutcome(person.key, participant, False, corrections, previous)
        if outcome.changed:
            for name, messages in _clean_errors(participant).items():
                found = errors.setdefault(name, [])
                found.extend(message for message in messages if message not in found)
        if errors:
            problems[person.key] = errors
        outcomes.append(outcome)
    if problems:
        raise PeopleRefused(problems)
    if write:
        _write_people(outcomes, actor=actor, reason=reason)
    return outcomes


@transaction.atomic
def _write_people(outcomes: list[PersonOutcome], *, actor: User | None, reason: str) -> None:
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    new = [o.participant for o in outcomes if o.created]
    if new:
        made = bulk_create_with_history(
            new,
            Participant,
            batch_size=BATCH_SIZE,
            default_user=actor,
            default_change_reason=reason,
        )
        for outcome, participant in zip((o for o in outcomes if o.created), made, strict=True):
            outcome.participant = participant
        analyze_filled(Participant, Participant.history.model, rows=len(made))
    updated = [o for o in outcomes if not o.created and o.corrections]
    if updated:
        fields = sorted({name for o in updated for name in o.corrections})
        bulk_update_with_history(
            [o.participant for o in updated],
            Participant,
            fields,
            batch_size=BATCH_SIZE,
            default_user=actor,
            default_change_reason=reason,
        )
