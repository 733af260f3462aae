"""Everything the municipality holds about one person: the registry of where personal data lives,
and the export a data subject receives (JSON and PDF).

Every model that refers to a participant (directly, through a placement or referral, or by the
participant's pseudonymous reference) is a :class:`SubjectSection` here. The registry serves two
duties from one description, so they cannot drift apart:

* the subject export (right of access): the fields listed in ``fields`` and the model's change
  history;
* anonymisation (retention and erasure, ``participatie.privacy.retention``): the values in
  ``anonymise`` replace the person's identity and free texts, in the model and its history.

Each app registers its own sections from ``AppConfig.ready()`` (``register_subject_section``):
``participatie`` does not import ``matching`` or ``subsidies``. A test enumerates every model
with a participant reference and fails when one is not registered here.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from participatie.models import Membership, Participant, ReadEvent
from participatie.privacy.choices import ReadKind


@dataclass(frozen=True)
class SubjectSection:
    """Where one model holds data about a participant.

    ``path``: the ORM lookup from the model to its participant (``"placement__participant"``;
    ``""`` for the participant itself), or None when the model refers to the person only by
    ``reference_field`` (a UUID holding ``Participant.reference``, as a pseudonymised claim does).
    ``activity``: date fields whose latest value counts as the person's last activity for
    retention; ``open_when_null``: a date field (an end date) whose empty value means the
    person's data is still in use, so it never expires.
    """

    key: str
    label: str | Promise
    model: str
    fields: tuple[str, ...]
    path: str | None = "participant"
    reference_field: str | None = None
    anonymise: Mapping[str, Any] = field(default_factory=dict)
    activity: tuple[str, ...] = ()
    open_when_null: str | None = None
    select_related: tuple[str, ...] = ()
    order: int = 100

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def rows_for(self, participants: QuerySet[Participant]) -> QuerySet[Any]:
        """The model's rows of these participants (a queryset usable as a subquery)."""
        manager = self.model_class._default_manager
        if self.path == "":
            return manager.filter(pk__in=participants.values("pk"))
        if self.path is not None:
            return manager.filter(**{f"{self.path}__in": participants.values("pk")})
        return manager.filter(**{f"{self.reference_field}__in": participants.values("reference")})


_sections: dict[str, SubjectSection] = {}


def register_subject_section(section: SubjectSection) -> None:
    if section.path is None and section.reference_field is None:
        raise ValueError(f"section {section.key!r} needs a path or a reference field")
    _sections[section.key] = section


def subject_sections() -> list[SubjectSection]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.key))


def history_model(model: type[models.Model]) -> type[models.Model] | None:
    """The django-simple-history model of ``model``, if it keeps one."""
    records = getattr(model, "history", None)
    return getattr(records, "model", None) if records is not None else None


# -- the core's own sections --------------------------------------------------------------------

# What anonymisation writes where a text is required (a check constraint or a form wants one).
ANONYMISED = "[geanonimiseerd]"

PARTICIPANT_SECTION = SubjectSection(
    key="participant",
    label=_("Persoonsgegevens"),
    model="participatie.Participant",
    path="",
    fields=(
        "reference",
        "first_name",
        "last_name",
        "bsn",
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
        "intake_notes",
        "legal_hold",
        "created_at",
    ),
    # birth_date goes to the first of January of its year: see retention.anonymise.
    anonymise={
        "first_name": ANONYMISED,
        "last_name": "",
        "bsn": "",
        "address": "",
        "postcode": "",
        "city": "",
        "phone": "",
        "email": "",
        "consent_by": ANONYMISED,
        "intake_notes": "",
    },
    activity=("created_at",),
    order=0,
)


def register() -> None:
    """The sections of ``participatie`` (called from ``ParticipatieConfig.ready``)."""
    for section in (
        PARTICIPANT_SECTION,
        SubjectSection(
            key="placements",
            label=_("Plaatsingen"),
            model="participatie.Placement",
            select_related=("enrolment__organisation",),
            fields=(
                "reference",
                "enrolment",
                "kind",
                "orientation_employer",
                "start_date",
                "end_date",
                "hours_per_week",
                "outflow_reason",
                "outflow_note",
                "created_at",
            ),
            anonymise={"outflow_note": ""},
            activity=("end_date",),
            open_when_null="end_date",
            order=10,
        ),
        SubjectSection(
            key="steps",
            label=_("Treden (inschalingen)"),
            model="participatie.StepDecision",
            path="placement__participant",
            fields=(
                "placement",
                "step",
                "valid_from",
                "status",
                "justification",
                "rejection_reason",
                "decided_at",
            ),
            anonymise={"justification": ANONYMISED, "rejection_reason": ""},
            order=20,
        ),
        SubjectSection(
            key="objections",
            label=_("Bezwaren tegen een trede"),
            model="participatie.Objection",
            path="decision__placement__participant",
            select_related=("decision__step",),
            fields=("decision", "raised_at", "reason", "status", "handled_at", "response"),
            anonymise={"reason": ANONYMISED, "response": ""},
            order=25,
        ),
        SubjectSection(
            key="attendance",
            label=_("Aanwezigheid"),
            model="participatie.Attendance",
            path="placement__participant",
            # The days stay (pseudonymous once the person is anonymised): reports count them.
            fields=("placement", "day", "status", "hours"),
            order=30,
        ),
        SubjectSection(
            key="attendance_corrections",
            label=_("Correcties van de aanwezigheid"),
            model="participatie.AttendanceCorrection",
            path="attendance__placement__participant",
            fields=(
                "attendance",
                "previous_status",
                "previous_hours",
                "new_status",
                "new_hours",
                "reason",
                "corrected_at",
            ),
            anonymise={"reason": ANONYMISED},
            order=31,
        ),
        SubjectSection(
            key="absence_signals",
            label=_("Verzuimsignalen"),
            model="participatie.AbsenceSignal",
            path="placement__participant",
            fields=(
                "placement",
                "streak_start",
                "raised_on",
                "status",
                "follow_up_note",
                "closed_on",
            ),
            anonymise={"follow_up_note": ""},
            order=35,
        ),
        SubjectSection(
            key="development_plans",
            label=_("Ontwikkelplannen"),
            model="participatie.DevelopmentPlan",
            path="placement__participant",
            fields=("placement", "goals", "actions", "is_developing", "created_at", "updated_at"),
            anonymise={"goals": ANONYMISED, "actions": ""},
            order=40,
        ),
        SubjectSection(
            key="development_talks",
            label=_("Ontwikkelgesprekken"),
            model="participatie.DevelopmentTalk",
            path="plan__placement__participant",
            fields=("plan", "held_on", "summary"),
            anonymise={"summary": ANONYMISED},
            order=41,
        ),
        SubjectSection(
            key="subject_requests",
            label=_("Verzoeken van de betrokkene"),
            model="participatie.SubjectRequest",
            fields=("kind", "received_on", "description", "status", "decided_at", "decision_note"),
            anonymise={"description": ANONYMISED, "decision_note": ""},
            order=90,
        ),
    ):
        register_subject_section(section)


# -- the export ----------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A value as JSON holds it."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return str(value)


def _row(obj: models.Model, names: Iterable[str]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for name in names:
        model_field = obj._meta.get_field(name)
        if model_field.is_relation:
            row[name] = _related_text(getattr(obj, name))
        elif getattr(model_field, "choices", None):
            row[name] = str(getattr(obj, f"get_{name}_display")())
        else:
            row[name] = _plain(getattr(obj, name))
    return row


def _related_text(related: models.Model | None) -> str | None:
    """A referenced row as the export names it: its pseudonymous reference where it has one
    (a placement), else its own description."""
    if related is None:
        return None
    reference = getattr(related, "reference", None)
    if isinstance(reference, uuid.UUID):
        return str(reference)
    if type(related).__str__ is models.Model.__str__:
        return str(related._meta.verbose_name)
    return str(related)


def _label(model: type[models.Model], name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _section_export(section: SubjectSection, participants: QuerySet[Participant]) -> dict[str, Any]:
    model = section.model_class
    names = list(section.fields)
    related = [n for n in names if model._meta.get_field(n).is_relation]
    rows = (
        section.rows_for(participants)
        .select_related(*related, *section.select_related)
        .order_by("pk")
    )
    history: list[dict[str, Any]] = []
    historical = history_model(model)
    if historical is not None:
        tracked = [n for n in names if _has_field(historical, n) and n not in related]
        for record in historical._default_manager.filter(
            id__in=section.rows_for(participants).values("pk")
        ).order_by("history_date", "history_id"):
            history.append(
                {
                    "when": _plain(record.history_date),
                    "what": {"+": "created", "~": "changed", "-": "deleted"}[record.history_type],
                    **_row(record, tracked),
                }
            )
    return {
        "label": str(section.label),
        "columns": {name: _label(model, name) for name in names},
        "rows": [_row(obj, names) for obj in rows],
        "history": history,
    }


def _has_field(model: type[models.Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:
        return False
    return True


def _reads(participant: Participant) -> list[dict[str, Any]]:
    """Who read the person's dossier when: organisation and role (not the colleague's name)."""
    events = list(
        ReadEvent.objects.filter(
            municipality_id=participant.municipality_id,
            object_type=participant._meta.label_lower,
            object_id=participant.pk,
        ).order_by("at", "pk")
    )
    user_ids = {e.user_id for e in events if e.user_id is not None}
    roles: dict[int, list[str]] = {}
    for membership in Membership.objects.filter(user_id__in=user_ids).select_related(
        "organisation"
    ):
        roles.setdefault(membership.user_id, []).append(
            f"{membership.get_role_display()}, {membership.organisation.name}"
        )
    return [
        {
            "at": _plain(event.at),
            "kind": str(event.get_kind_display()),
            "route": event.route,
            "by": "; ".join(roles.get(event.user_id, [])) if event.user_id else str(_("systeem")),
        }
        for event in events
    ]


def _shared(participant: Participant) -> list[dict[str, Any]]:
    """What of the person went to (or came from) another municipality: the placing service
    copies the identity and contact fields to the municipality where the place is."""
    from participatie.placements.services import _PARTICIPANT_COPY_FIELDS

    labels = [_label(Participant, name) for name in _PARTICIPANT_COPY_FIELDS]
    shared: list[dict[str, Any]] = []
    intake_model = apps.get_model("matching", "Intake") if apps.is_installed("matching") else None
    if intake_model is not None:
        for intake in (
            intake_model._default_manager.filter(
                referral__participant=participant, placed_in__isnull=False
            )
            .exclude(placed_in_id=participant.municipality_id)
            .select_related("placed_in")
            .order_by("outcome_on", "pk")
        ):
            shared.append(
                {
                    "direction": "sent",
                    "municipality": intake.placed_in.name,
                    "on": _plain(intake.outcome_on or intake.intake_date),
                    "why": str(_("plaatsing in een andere gemeente")),
                    "data": labels,
                }
            )
    if participant.home_municipality_id != participant.municipality_id:
        shared.append(
            {
                "direction": "received",
                "municipality": participant.home_municipality.name,
                "on": _plain(participant.created_at),
                "why": str(_("plaatsing in deze gemeente; de woongemeente meldde de persoon aan")),
                "data": labels,
            }
        )
    return shared


def subject_export(participant: Participant) -> dict[str, Any]:
    """Everything this municipality holds about ``participant`` (in the active tenant scope)."""
    participants = Participant.objects.filter(
        municipality_id=participant.municipality_id, pk=participant.pk
    )
    return {
        "municipality": participant.municipality.name,
        "made_at": _plain(timezone.now()),
        "reference": str(participant.reference),
        "sections": {
            section.key: _section_export(section, participants) for section in subject_sections()
        },
        "reads": _reads(participant),
        "shared_with_other_municipalities": _shared(participant),
    }


def subject_export_pdf(participant: Participant, data: dict[str, Any]) -> bytes:
    from participatie.kernel.pdf import render_pdf

    sections = []
    for key, section in data["sections"].items():
        columns = list(section["columns"].items())
        sections.append(
            {
                "key": key,
                "label": section["label"],
                "columns": [label for _name, label in columns],
                "rows": [
                    [_cell(row[name]) for name, _label_ in columns] for row in section["rows"]
                ],
                "changes": len(section["history"]),
            }
        )
    return render_pdf(
        "privacy/pdf/subject_export.html",
        {"participant": participant, "data": data, "sections": sections},
    )


def _cell(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return str(_("ja"))
    if value is False:
        return str(_("nee"))
    return str(value)


def unregistered_models() -> list[str]:
    """Models with a reference to a participant that no section describes (for the check
    and its test): a foreign-key path to Participant, or a ``*participant_reference`` UUID."""
    covered = {section.model_class for section in _sections.values()}
    reaches: set[type[models.Model]] = {Participant}
    candidates = [
        m
        for m in apps.get_models()
        if not getattr(m, "tenant_history", False) and m is not ReadEvent
    ]
    changed = True
    while changed:
        changed = False
        for model in candidates:
            if model in reaches:
                continue
            for model_field in model._meta.concrete_fields:
                if (model_field.is_relation and model_field.related_model in reaches) or (
                    isinstance(model_field, models.UUIDField)
                    and model_field.name.endswith("participant_reference")
                ):
                    reaches.add(model)
                    changed = True
                    break
    return sorted(m._meta.label for m in reaches - covered)


__all__ = [
    "ANONYMISED",
    "ReadKind",
    "SubjectSection",
    "register_subject_section",
    "subject_export",
    "subject_export_pdf",
    "subject_sections",
    "unregistered_models",
]
