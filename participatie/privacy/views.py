"""The privacy officer's pages (issue 15): find a person by BSN (sent by POST, never in a URL),
export everything about them (PDF for the person, JSON), record and decide rectification and
erasure requests (four eyes), legal holds, the read log and the change log (searchable and
exportable), and the retention periods.

Everything is of the active municipality only; a person or request of another municipality is
a 404 (the lookups filter by ``request.municipality``), and the permission check comes first.
"""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from participatie.kernel import formatting
from participatie.kernel.paging import query_without_page
from participatie.kernel.spreadsheets import csv_bytes
from participatie.kernel.web import add_service_errors
from participatie.models import Participant
from participatie.privacy import audit, retention, selectors, services
from participatie.privacy.choices import ReadKind
from participatie.privacy.files import file_bytes_download
from participatie.privacy.forms import (
    LegalHoldForm,
    LogFilterForm,
    PersonLookupForm,
    RetentionPolicyForm,
    SubjectRequestDecisionForm,
    SubjectRequestForm,
)
from participatie.privacy.models import SubjectRequest
from participatie.privacy.subject import subject_export, subject_export_pdf
from participatie.tenancy.http import TenantRequest, permission_required
from participatie.tenancy.permissions import Perm

PAGE_SIZE = 50
CHANGE_KIND_LABELS = {name: audit.KIND_LABELS[symbol] for symbol, name in audit.KIND_NAMES.items()}
# A log export holds at most this many lines (narrow the filter for more).
EXPORT_LIMIT = 10_000


def _person(request: TenantRequest, reference: UUID) -> Participant:
    participant = selectors.participant_by_reference(request.municipality, reference)
    if participant is None:
        raise Http404(_("Deze persoon bestaat niet (meer) in deze gemeente."))
    return participant


def _to_person(request: TenantRequest, participant: Participant) -> HttpResponse:
    return redirect(
        "participatie:privacy:person",
        municipality_slug=request.municipality.slug,
        reference=participant.reference,
    )


@require_http_methods(["GET", "POST"])
@permission_required(Perm.PRIVACY_REQUESTS)
def home(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    """Find a person by BSN, and what waits: open requests, persons under a legal hold."""
    form = PersonLookupForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            participant = services.participant_by_bsn(
                municipality=request.municipality, bsn=form.cleaned_data["bsn"]
            )
            if participant is not None:
                return _to_person(request, participant)
            # An unknown BSN is asked for too: the attempt is logged (masked), then said.
            services.subject_export_log_request(
                request, participant=None, bsn=form.cleaned_data["bsn"], fmt="zoeken"
            )
            form.add_error(
                "bsn",
                _(
                    "Er is geen deelnemer met dit BSN in %(municipality)s. Deze gemeente heeft "
                    "dus geen gegevens van deze persoon in dit systeem; de zoekvraag is vastgelegd."
                )
                % {"municipality": request.municipality.name},
            )
        status = 400
    return render(
        request,
        "privacy/home.html",
        {
            "form": form,
            "open_requests": list(selectors.subject_requests(request.municipality, open_only=True)),
            "on_hold": list(selectors.persons_on_hold(request.municipality)[:PAGE_SIZE]),
            "can_audit": request.access.has(Perm.PRIVACY_AUDIT),
            "can_retention": request.access.has(Perm.RETENTION_MANAGE),
        },
        status=status,
    )


@require_GET
@permission_required(Perm.PRIVACY_REQUESTS)
def person(request: TenantRequest, municipality_slug: str, reference: UUID) -> HttpResponse:
    participant = _person(request, reference)
    audit.record_read(request, participant)
    return render(
        request,
        "privacy/person.html",
        {
            "participant": participant,
            "requests": list(
                selectors.subject_requests(request.municipality, participant=participant)
            ),
            "hold_form": LegalHoldForm(
                initial={"on": participant.legal_hold, "reason": participant.legal_hold_reason}
            ),
            "can_audit": request.access.has(Perm.PRIVACY_AUDIT),
        },
    )


EXPORT_FORMATS = {"json": "application/json", "pdf": "application/pdf"}


@require_GET
@permission_required(Perm.PRIVACY_REQUESTS)
def person_export(
    request: TenantRequest, municipality_slug: str, reference: UUID, fmt: str
) -> FileResponse:
    """Everything about the person, for the person: PDF or JSON; logged as an export."""
    if fmt not in EXPORT_FORMATS:
        raise Http404(_("Dit bestandsformaat bestaat niet."))
    participant = _person(request, reference)
    data = subject_export(participant)
    content = (
        subject_export_pdf(participant, data)
        if fmt == "pdf"
        else json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    )
    day = timezone.localdate().isoformat()
    return file_bytes_download(
        request,
        content,
        obj=participant,
        filename=f"inzage-persoonsgegevens-{day}.{fmt}",
        content_type=EXPORT_FORMATS[fmt],
        kind=ReadKind.EXPORT,
    )


@require_http_methods(["GET", "POST"])
@permission_required(Perm.PRIVACY_REQUESTS)
def legal_hold(request: TenantRequest, municipality_slug: str, reference: UUID) -> HttpResponse:
    participant = _person(request, reference)
    form = LegalHoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.legal_hold_set(
                participant=participant,
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("De bewaarplicht staat aan.")
                if participant.legal_hold
                else _("De bewaarplicht staat uit."),
            )
            return _to_person(request, participant)
    return render(
        request,
        "privacy/legal_hold.html",
        {"participant": participant, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required(Perm.PRIVACY_REQUESTS)
def request_record(request: TenantRequest, municipality_slug: str, reference: UUID) -> HttpResponse:
    participant = _person(request, reference)
    form = SubjectRequestForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.subject_request_record(
                participant=participant, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Het verzoek is vastgelegd. Een andere privacyfunctionaris beoordeelt het."),
            )
            return _to_person(request, participant)
    return render(
        request,
        "privacy/request_form.html",
        {"participant": participant, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required(Perm.PRIVACY_REQUESTS)
def request_decide(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    subject_request = get_object_or_404(
        SubjectRequest.objects.filter(municipality=request.municipality).select_related(
            "participant", "recorded_by", "decided_by"
        ),
        pk=pk,
    )
    form = SubjectRequestDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decided = services.subject_request_decide(
                request=subject_request,
                approve=form.cleaned_data["approve"] == SubjectRequestDecisionForm.APPROVE,
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Het besluit is vastgelegd: %(status)s.")
                % {"status": decided.get_status_display().lower()},
            )
            return redirect("participatie:privacy:home", municipality_slug=municipality_slug)
    refusal = (
        retention.erasure_refusal(subject_request.participant)
        if subject_request.kind == "erasure" and subject_request.status == "open"
        else None
    )
    return render(
        request,
        "privacy/request_decide.html",
        {
            "subject_request": subject_request,
            "form": form,
            "own": subject_request.recorded_by_id == request.user.pk,
            "refusal": refusal,
        },
        status=400 if request.method == "POST" else 200,
    )


def _log_filter(request: TenantRequest, users: Any) -> tuple[LogFilterForm, selectors.LogFilter]:
    form = LogFilterForm(request.GET or None, users=users)
    participant = None
    reference = request.GET.get("persoon", "")
    if reference:
        try:
            participant = selectors.participant_by_reference(request.municipality, UUID(reference))
        except ValueError:
            participant = None
        if participant is None:
            raise Http404(_("Deze persoon bestaat niet (meer) in deze gemeente."))
    data = form.cleaned_data if form.is_valid() else {}
    return form, selectors.LogFilter(
        participant=participant,
        user=data.get("gebruiker"),
        date_from=data.get("van"),
        date_to=data.get("tot"),
        route=data.get("route", ""),
    )


@require_GET
@permission_required(Perm.PRIVACY_AUDIT)
def read_log(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    form, chosen = _log_filter(request, selectors.read_log_users(request.municipality))
    events = selectors.read_log(request.municipality, chosen)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "privacy/read_log.html",
        {
            "form": form,
            "chosen": chosen,
            "page": page,
            "query": query_without_page(request),
        },
    )


def _user_text(user: Any) -> str:
    if user is None:
        return _("systeem")
    return user.get_full_name() or user.email


@require_GET
@permission_required(Perm.PRIVACY_AUDIT)
def read_log_export(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    _form, chosen = _log_filter(request, selectors.read_log_users(request.municipality))
    rows: list[list[Any]] = [
        [_("Tijdstip"), _("Gebruiker"), _("Soort"), _("Gegeven"), _("Route"), _("Aantal")]
    ]
    for event in selectors.read_log(request.municipality, chosen)[:EXPORT_LIMIT]:
        rows.append(
            [
                formatting.short_datetime(event.at),
                _user_text(event.user),
                event.get_kind_display(),
                event.object_type,
                event.route,
                event.count,
            ]
        )
    return _csv_download(request, rows, "inzagelog")


def _csv_download(request: TenantRequest, rows: list[list[Any]], name: str) -> HttpResponse:
    response = HttpResponse(csv_bytes(rows), content_type="text/csv; charset=utf-8")
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name}-{day}.csv"'
    return response


@require_GET
@permission_required(Perm.PRIVACY_AUDIT)
def change_log(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    form, chosen = _log_filter(request, selectors.read_log_users(request.municipality))
    number = _page_number(request)
    rows = selectors.change_log(request.municipality, chosen, limit=number * PAGE_SIZE + 1)
    shown = rows[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    return render(
        request,
        "privacy/change_log.html",
        {
            "form": form,
            "chosen": chosen,
            "rows": shown,
            "number": number,
            "has_next": len(rows) > number * PAGE_SIZE,
            "query": query_without_page(request),
        },
    )


def _page_number(request: TenantRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("pagina", "1")), 1000))
    except ValueError:
        return 1


@require_GET
@permission_required(Perm.PRIVACY_AUDIT)
def change_log_export(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    _form, chosen = _log_filter(request, selectors.read_log_users(request.municipality))
    rows: list[list[Any]] = [
        [_("Tijdstip"), _("Gebruiker"), _("Wat"), _("Soort wijziging"), _("Reden")]
    ]
    for row in selectors.change_log(request.municipality, chosen, limit=EXPORT_LIMIT):
        rows.append(
            [
                formatting.short_datetime(row.when),
                _user_text(row.who),
                row.what,
                str(CHANGE_KIND_LABELS[row.kind]),
                row.reason,
            ]
        )
    return _csv_download(request, rows, "wijzigingslog")


@require_http_methods(["GET", "POST"])
@permission_required(Perm.RETENTION_MANAGE)
def retention_settings(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    policy = retention.retention_policy_of(request.municipality.pk)
    initial = {name: getattr(policy, name) for name in services.PERIOD_FIELDS}
    form = RetentionPolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.retention_policy_update(
                municipality=request.municipality,
                actor=request.user,
                reason=data.pop("reason"),
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De bewaartermijnen zijn opgeslagen."))
            return redirect("participatie:privacy:retention", municipality_slug=municipality_slug)
    preview = retention.apply_retention(
        request.municipality.pk, today=timezone.localdate(), dry_run=True
    )
    history = []
    if policy.pk:
        history = list(policy.history.select_related("history_user").order_by("-history_date")[:20])
    return render(
        request,
        "privacy/retention.html",
        {"form": form, "policy": policy, "preview": preview, "history": history},
        status=400 if request.method == "POST" else 200,
    )
