"""Writes of the privacy duties: retention periods, legal holds, data subject requests (four
eyes) and the logging of subject exports. Inside the municipality's tenant context."""

from __future__ import annotations

import datetime
from typing import Any

import structlog
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.nl import bsn as stdnum_bsn

from participatie.kernel.masking import mask_bsn
from participatie.models import Municipality, Participant, ReadEvent, User
from participatie.privacy import retention
from participatie.privacy.choices import ReadKind, SubjectRequestKind, SubjectRequestStatus
from participatie.privacy.models import FINANCIAL_MINIMUM_YEARS, RetentionPolicy, SubjectRequest

log = structlog.get_logger(__name__)

PERIOD_FIELDS = ("personal_data_years", "financial_years", "read_log_years", "report_file_days")


@transaction.atomic
def retention_policy_update(
    *, municipality: Municipality, actor: User, reason: str, **periods: int
) -> RetentionPolicy:
    """Set the municipality's retention periods, with the reason (kept in the history)."""
    errors: dict[str, list[str]] = {}
    if not (reason or "").strip():
        errors["reason"] = [_("Geef de reden van de wijziging (bijvoorbeeld de selectielijst).")]
    for name in PERIOD_FIELDS:
        value = periods.get(name)
        if value is None or value < 1:
            errors[name] = [_("Vul een aantal van minstens 1 in.")]
    financial = periods.get("financial_years")
    if financial is not None and 1 <= financial < FINANCIAL_MINIMUM_YEARS:
        errors["financial_years"] = [
            _(
                "Financiële gegevens moeten wettelijk minstens %(years)s jaar bewaard blijven "
                "(Algemene wet inzake rijksbelastingen, art. 52)."
            )
            % {"years": FINANCIAL_MINIMUM_YEARS}
        ]
    if errors:
        raise ValidationError(errors)
    found = RetentionPolicy.objects.select_for_update().filter(municipality=municipality).first()
    policy: Any = found or RetentionPolicy(municipality=municipality)
    for name in PERIOD_FIELDS:
        setattr(policy, name, periods[name])
    policy.reason = reason.strip()
    policy.changed_by = actor
    policy._change_reason = reason.strip()[:100]
    policy._history_user = actor
    policy.save()
    return policy


@transaction.atomic
def legal_hold_set(*, participant: Participant, on: bool, reason: str, actor: User) -> Participant:
    """Switch the legal hold of a person (it stops anonymisation) with its reason."""
    if on and not (reason or "").strip():
        raise ValidationError(
            {"reason": [_("Geef de reden van de bewaarplicht (bijvoorbeeld een lopende zaak).")]}
        )
    if participant.anonymised_on is not None:
        raise ValidationError(_("De gegevens van deze persoon zijn al geanonimiseerd."))
    participant.legal_hold = on
    participant.legal_hold_reason = reason.strip() if on else ""
    participant._history_user = actor  # type: ignore[attr-defined]
    participant._change_reason = (  # type: ignore[attr-defined]
        _("bewaarplicht aan") if on else _("bewaarplicht uit")
    )
    participant.save(update_fields=["legal_hold", "legal_hold_reason"])
    return participant


def participant_by_bsn(*, municipality: Municipality, bsn: str) -> Participant | None:
    bsn = stdnum_bsn.compact(bsn or "")
    if not bsn:
        return None
    return Participant.objects.filter(municipality=municipality, bsn=bsn).first()


def subject_export_log(
    *,
    municipality: Municipality,
    participant: Participant | None,
    bsn: str = "",
    actor: User | None,
    route: str,
    path: str = "",
    fmt: str = "",
) -> ReadEvent:
    """Record an export for a data subject (or the attempt for an unknown BSN): who, when,
    which person or which BSN, masked to its last four digits."""
    event = ReadEvent.objects.create(
        municipality=municipality,
        user=actor,
        kind=ReadKind.EXPORT,
        object_type=Participant._meta.label_lower,
        object_id=participant.pk if participant is not None else None,
        route=route[:200],
        path=path[:500],
        filters={
            "bsn": mask_bsn(stdnum_bsn.compact(bsn or "")) if bsn else "",
            "format": fmt,
            "found": participant is not None,
        },
        count=1 if participant is not None else 0,
    )
    log.info("privacy.subject_export", found=participant is not None, format=fmt)
    return event


def _route(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return (match.view_name if match is not None else "") or ""


def subject_export_log_request(
    request: HttpRequest, *, participant: Participant | None, bsn: str = "", fmt: str = ""
) -> ReadEvent:
    user: Any = request.user
    return subject_export_log(
        municipality=request.municipality,  # type: ignore[attr-defined]
        participant=participant,
        bsn=bsn,
        actor=user if user.is_authenticated else None,
        route=_route(request),
        path=request.path,
        fmt=fmt,
    )


@transaction.atomic
def subject_request_record(
    *,
    participant: Participant,
    kind: str,
    received_on: datetime.date,
    description: str,
    actor: User,
) -> SubjectRequest:
    errors: dict[str, list[str]] = {}
    if kind not in SubjectRequestKind.values:
        errors["kind"] = [_("Kies het soort verzoek.")]
    if received_on > timezone.localdate():
        errors["received_on"] = [_("De datum van ontvangst ligt in de toekomst.")]
    if not (description or "").strip():
        errors["description"] = [_("Beschrijf wat de betrokkene vraagt.")]
    if participant.anonymised_on is not None:
        errors["kind"] = [_("De gegevens van deze persoon zijn al geanonimiseerd.")]
    if errors:
        raise ValidationError(errors)
    return SubjectRequest.objects.create(
        municipality_id=participant.municipality_id,
        participant=participant,
        kind=kind,
        received_on=received_on,
        description=description.strip(),
        recorded_by=actor,
    )


@transaction.atomic
def subject_request_decide(
    *, request: SubjectRequest, approve: bool, note: str, actor: User
) -> SubjectRequest:
    """Decide a request (four eyes: not the person who recorded it). Approving an erasure
    anonymises the person at once, unless something still needs the data (an unsettled quarter,
    a running placement, a legal hold): then it is refused with the reason and stays open."""
    locked = SubjectRequest.objects.select_for_update().get(
        municipality_id=request.municipality_id, pk=request.pk
    )
    if locked.status != SubjectRequestStatus.OPEN:
        raise ValidationError(_("Over dit verzoek is al besloten."))
    if locked.recorded_by_id == actor.pk:
        raise ValidationError(
            _(
                "U hebt dit verzoek zelf vastgelegd. Een andere privacyfunctionaris beoordeelt "
                "het (vier-ogenprincipe)."
            )
        )
    if not (note or "").strip():
        raise ValidationError({"note": [_("Licht het besluit toe; de betrokkene krijgt dit.")]})
    participant = Participant.objects.select_for_update().get(
        municipality_id=locked.municipality_id, pk=locked.participant_id
    )
    if approve and locked.kind == SubjectRequestKind.ERASURE:
        refusal = retention.erasure_refusal(participant)
        if refusal:
            raise ValidationError({"approve": [refusal]})
    locked.status = SubjectRequestStatus.DONE if approve else SubjectRequestStatus.REFUSED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.decision_note = note.strip()
    locked.save()
    if approve and locked.kind == SubjectRequestKind.ERASURE:
        retention.anonymise(
            Participant.objects.filter(
                municipality_id=participant.municipality_id, pk=participant.pk
            ),
            today=timezone.localdate(),
        )
        locked.refresh_from_db()
    log.info("privacy.subject_request", kind=locked.kind, status=locked.status)
    return locked
