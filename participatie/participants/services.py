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
