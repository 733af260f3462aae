"""The matching unit's pages: work queues, registering a referral, the referral with its intake
and outcome, the matching search and placing, the live occupancy panel and the participant list.

Every page runs inside the tenancy middleware's transaction and scope and declares the
permission it needs: ``Perm.MATCHING_VIEW`` to read (the matching unit and the municipality's
officers), ``Perm.MATCHING_WORK`` to act (the matching unit). Pages that reach across the
municipalities a matching unit serves ask the selectors and services that take the actor's
``Access``; they open exactly those municipalities, so no view holds tenancy logic.
The BSN travels only in POST bodies and page content, never in a URL or a log line.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from matching import selectors, services
from matching.choices import IntakeOutcome, ReferralStatus
from matching.forms import (
    OTHER_PERSON,
    SAME_PERSON,
    IntakeForm,
    MatchingSearchForm,
    OutcomeForm,
    ParticipantSearchForm,
    PlaceForm,
    ReferralRegisterForm,
)
from matching.models import Intake, Referral
from matching.partners import selectors as partner_selectors
from matching.services import ExistingParticipant
from participatie.capacity import selectors as capacity
from participatie.kernel.web import add_service_errors
from participatie.models import Enrolment, Municipality, User
from participatie.privacy import audit
from participatie.privacy.audit import record_read
from participatie.tenancy.http import TenantRequest, permission_required
from participatie.tenancy.permissions import Perm

PARTICIPANTS_PER_PAGE = 50
SEARCH_RESULTS_SHOWN = 50


def _is_consultant(request: TenantRequest) -> bool:
    return request.access.has(Perm.MATCHING_WORK)


def _actor(request: TenantRequest) -> User:
    """The signed-in user (the middleware admits no one else to a tenant page)."""
    user = request.access.user
    assert user is not None
    return user


def _referral(request: TenantRequest, pk: int) -> Referral:
    return get_object_or_404(selectors.referrals_visible_to(request.access), pk=pk)


def _current_intake(referral: Referral) -> Intake | None:
    """The referral's latest intake (an intake that led nowhere may be followed by another)."""
    return (
        Intake.objects.filter(municipality_id=referral.municipality_id, referral=referral)
        .select_related("placed_in", "consultant")
        .order_by("-created_at", "-id")
        .first()
    )


def _open_intake(referral: Referral) -> Intake:
    intake = _current_intake(referral)
    if intake is None or intake.outcome not in ("", IntakeOutcome.WAITING):
        raise Http404(_("Deze aanmelding heeft geen lopende intake."))
    return intake


def _to_detail(request: TenantRequest, referral: Referral, anchor: str = "") -> HttpResponse:
    response = redirect(
        "matching:referral-detail", municipality_slug=request.municipality.slug, pk=referral.pk
    )
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


# -- work queues --------------------------------------------------------------------------------


@require_GET
@permission_required(Perm.MATCHING_VIEW)
def work_queues(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    sections = selectors.work_queue_sections(municipality=request.municipality)
    placed_elsewhere = list(
        selectors.intakes_placed_elsewhere(municipality=request.municipality).order_by(
            "-outcome_on", "-id"
        )[: selectors.QUEUE_PAGE_SIZE]
    )
    titles = {
        "new": _("Nieuwe aanmeldingen"),
        "in_intake": _("Intake loopt"),
        "waiting": _("Wacht op een plek"),
    }
    empty = {
        "new": _("Er zijn geen nieuwe aanmeldingen."),
        "in_intake": _("Er lopen geen intakes."),
        "waiting": _("Niemand wacht op een plek."),
    }
    can_register = _is_consultant(request)
    # Referrals by partners and residents that came in (issue 16): the oldest first.
    inbound, inbound_total = (
        selectors.first_rows(
            partner_selectors.inbound_queue(request.access), selectors.QUEUE_PAGE_SIZE
        )
        if can_register
        else ([], 0)
    )
    return render(
        request,
        "matching/work_queues.html",
        {
            "sections": [
                {"section": s, "title": titles[s.key], "empty": empty[s.key]} for s in sections
            ],
            "placed_elsewhere": placed_elsewhere,
            "can_register": can_register,
            "inbound": inbound,
            "inbound_total": inbound_total,
        },
    )


# -- registering a referral ---------------------------------------------------------------------


def _shown(value: Any) -> str:
    """A participant's value as a person reads it."""
    if value in (None, ""):
        return _("(niet ingevuld)")
    if isinstance(value, date):
        return date_format(value, "j F Y")
    if isinstance(value, Municipality):
        return value.name
    return str(value)


def _comparison(
    form: ReferralRegisterForm, conflict: ExistingParticipant, *, keep_choices: bool
) -> dict[str, Any]:
    """The known person beside what was typed, per differing field, with the corrections
    checked as posted (or all, when the question is new)."""
    posted = set(form.cleaned_data.get("apply_corrections") or ()) if keep_choices else None
    rows = []
    for name, difference in conflict.differences.items():
        field = form.fields[name]
        choices = dict(getattr(field, "choices", ()) or ())
        rows.append(
            {
                "field": name,
                "label": field.label,
                "stored": _shown(choices.get(difference.stored, difference.stored)),
                "given": _shown(choices.get(difference.given, difference.given)),
                "checked": posted is None or name in posted,
            }
        )
    return {"reference": conflict.participant.reference, "rows": rows}


@require_http_methods(["GET", "POST"])
@permission_required(Perm.MATCHING_WORK)
def referral_register(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    """Register a referral. A BSN known here with other data asks, on this page and with
    everything typed kept, whether it is the same person (then the differences chosen become
    corrections) or a mistyped BSN; the answer travels in the POST body."""
    form = ReferralRegisterForm(request.POST or None, initial={"referred_on": timezone.localdate()})
    comparison = None
    status = 200
    if request.method == "POST" and form.is_valid():
        choice = form.cleaned_data["same_person"]
        reference = form.cleaned_data["existing_reference"]
        try:
            referral = services.referral_register(
                municipality=request.municipality,
                matching_unit=selectors.matching_unit_of(request.access),
                participant_data=form.participant_data(),
                source=form.cleaned_data["source"],
                referred_on=form.cleaned_data["referred_on"],
                referrer=form.cleaned_data["referrer"],
                notes=form.cleaned_data["notes"],
                same_person=choice == SAME_PERSON and reference is not None,
                apply_corrections=form.cleaned_data["apply_corrections"],
                expected_reference=reference,
                actor=_actor(request),
            )
        except ExistingParticipant as conflict:
            answered = reference == conflict.participant.reference
            if answered and choice == OTHER_PERSON:
                form.add_error(
                    "bsn",
                    _(
                        "Dit BSN hoort bij iemand anders die al bekend is. Vul het juiste BSN "
                        "in. Er is niets opgeslagen."
                    ),
                )
                bsn_widget = form.fields["bsn"].widget
                bsn_widget.attrs.update(
                    {"autofocus": True, "aria-invalid": "true", "aria-describedby": "id_bsn_error"}
                )
                status = 400
            else:
                if answered:
                    form.add_error("same_person", _("Kies of dit dezelfde persoon is."))
                else:
                    # A question about another person: no answer given to it yet.
                    posted = request.POST.copy()
                    posted.pop("same_person", None)
                    form.data = posted
                comparison = _comparison(form, conflict, keep_choices=answered)
        except ValidationError as error:
            add_service_errors(form, error)
            status = 400
        else:
            messages.success(
                request,
                _("De aanmelding van %(name)s is geregistreerd.")
                % {"name": referral.participant.full_name},
            )
            return _to_detail(request, referral)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "matching/referral_register.html",
        {"form": form, "comparison": comparison},
        status=status,
    )


# -- the referral, its intake and outcome -------------------------------------------------------


def _detail_context(
    request: TenantRequest,
    referral: Referral,
    *,
    intake_form: IntakeForm | None = None,
    outcome_form: OutcomeForm | None = None,
) -> dict[str, Any]:
    participant = referral.participant
    intake = _current_intake(referral)
    consultant = _is_consultant(request)
    is_open = intake is not None and intake.outcome in ("", IntakeOutcome.WAITING)
    can_screen = consultant and referral.status in (ReferralStatus.NEW, ReferralStatus.INTAKE)
    if can_screen and intake_form is None:
        initial: dict[str, Any] = {
            "intake_date": timezone.localdate(),
            "intake_notes": participant.intake_notes,
        }
        if intake is not None and not intake.outcome:
            initial.update(
                {
                    name: getattr(intake, name)
                    for name in (*IntakeForm.SCREENING, *IntakeForm.CONTRA_INDICATIONS, "wishes")
                },
                intake_date=intake.intake_date,
            )
        intake_form = IntakeForm(initial=initial)
    can_conclude = consultant and is_open
    if can_conclude and outcome_form is None:
        outcome_form = OutcomeForm()
    problems = (
        selectors.eligibility_problems(
            intake=intake, participant=participant, on=timezone.localdate()
        )
        if is_open and intake is not None
        else []
    )
    return {
        "referral": referral,
        "participant": participant,
        "intake": intake,
        "is_consultant": consultant,
        "intake_form": intake_form if can_screen else None,
        "outcome_form": outcome_form if can_conclude else None,
        "can_search": consultant and is_open,
        "problems": problems,
    }


@require_GET
@permission_required(Perm.MATCHING_VIEW)
def referral_detail(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    referral = _referral(request, pk)
    record_read(request, referral.participant)
    return render(request, "matching/referral_detail.html", _detail_context(request, referral))


@require_http_methods(["GET", "POST"])
@permission_required(Perm.MATCHING_WORK)
def intake_record(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    """POST the intake form; a GET (a reload, a bookmark) goes to the referral's page."""
    referral = _referral(request, pk)
    if request.method == "GET":
        return _to_detail(request, referral, "h-intake-form")
    if referral.status not in (ReferralStatus.NEW, ReferralStatus.INTAKE):
        raise Http404(_("Deze aanmelding heeft geen intake meer te screenen."))
    form = IntakeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.intake_record(
                referral=referral,
                intake_date=data["intake_date"],
                consultant=_actor(request),
                intake_notes=data["intake_notes"],
                wishes=data["wishes"].strip(),
                **{name: data[name] for name in (*form.SCREENING, *form.CONTRA_INDICATIONS)},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De intake is opgeslagen."))
            return _to_detail(request, referral)
    return render(
        request,
        "matching/referral_detail.html",
        _detail_context(request, referral, intake_form=form),
        status=400,
    )


@require_http_methods(["GET", "POST"])
@permission_required(Perm.MATCHING_WORK)
def intake_conclude(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    """POST the outcome form; a GET goes to the referral's page."""
    referral = _referral(request, pk)
    if request.method == "GET":
        return _to_detail(request, referral, "h-outcome-form")
    intake = _open_intake(referral)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            intake = services.intake_conclude(
                intake=intake,
                outcome=data["outcome"],
                actor=_actor(request),
                handover_to=data["handover_to"],
                handover_note=data["handover_note"],
                not_eligible_reason=data["not_eligible_reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("De uitkomst van de intake is vastgelegd: %(outcome)s.")
                % {"outcome": intake.get_outcome_display()},
            )
            return _to_detail(request, referral)
    referral.refresh_from_db(fields=["status"])
    return render(
        request,
        "matching/referral_detail.html",
        _detail_context(request, referral, outcome_form=form),
        status=400,
    )


# -- matching search and placing ----------------------------------------------------------------


@require_GET
@permission_required(Perm.MATCHING_WORK)
def matching_search(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    referral = _referral(request, pk)
    intake = _open_intake(referral)
    participant = referral.participant
    form = MatchingSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    search = selectors.matching_search_for(
        access=request.access,
        participant=participant,
        sector=filters.get("sector", "").strip(),
        work_environment=filters.get("work_environment", ""),
        guidance_kind=filters.get("guidance_kind", ""),
    )
    return render(
        request,
        "matching/matching_search.html",
        {
            "referral": referral,
            "participant": participant,
            "intake": intake,
            "form": form,
            # The best matches; hundreds of rows help nobody choose (the filters narrow down).
            "results": search.results[:SEARCH_RESULTS_SHOWN],
            "results_total": len(search.results),
            "elsewhere": search.elsewhere,
            "served": search.served,
        },
    )


def _place_enrolment(request: TenantRequest, enrolment_pk: int) -> Enrolment:
    enrolment = selectors.placing_enrolment(access=request.access, enrolment_pk=enrolment_pk)
    if enrolment is None:
        raise Http404(_("Dit leerwerkbedrijf is niet gevonden."))
    return enrolment


@require_http_methods(["GET", "POST"])
@permission_required(Perm.MATCHING_WORK)
def intake_place(
    request: TenantRequest, municipality_slug: str, pk: int, enrolment_pk: int
) -> HttpResponse:
    referral = _referral(request, pk)
    intake = _open_intake(referral)
    enrolment = _place_enrolment(request, enrolment_pk)
    form = PlaceForm(request.POST or None, initial={"start_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.placement_place(
                access=request.access,
                intake=intake,
                enrolment_id=enrolment.pk,
                place_municipality_id=enrolment.municipality_id,
                start_date=data["start_date"],
                hours_per_week=data["hours_per_week"],
                kind=data["kind"],
                orientation_employer=data["orientation_employer"].strip(),
                end_date=data["end_date"],
                actor=_actor(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is geplaatst bij %(company)s in %(municipality)s.")
                % {
                    "name": referral.participant.full_name,
                    "company": enrolment.organisation.name,
                    "municipality": enrolment.municipality.name,
                },
            )
            ceiling = capacity.ceiling_for_placing(
                enrolment.municipality.region, timezone.localdate()
            )
            if ceiling is not None and ceiling.occupied > ceiling.places:
                messages.warning(
                    request,
                    _(
                        "De regio zit nu boven haar plafond: %(occupied)s van %(places)s plekken "
                        "bezet."
                    )
                    % {"occupied": ceiling.occupied, "places": ceiling.places},
                )
            return _to_detail(request, referral)
        # The refused attempt may have been about capacity: show the numbers as they are now.
        enrolment = _place_enrolment(request, enrolment_pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "matching/place.html",
        {
            "referral": referral,
            "participant": referral.participant,
            "intake": intake,
            "enrolment": enrolment,
            "form": form,
            # Placing beyond the region's ceiling is allowed, with a warning (issue 16).
            "ceiling": capacity.ceiling_for_placing(
                enrolment.municipality.region, timezone.localdate()
            ),
        },
        status=status,
    )


# -- occupancy ------------------------------------------------------------------------------------


@require_GET
@permission_required(Perm.MATCHING_VIEW)
def occupancy_panel(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    """Consultants: every municipality their unit serves. Municipal officers: their own."""
    groups = selectors.occupancy_visible_to(request.access)
    totals = {
        "capacity": sum(g.capacity for g in groups),
        "occupied": sum(g.occupied for g in groups),
    }
    totals["free"] = totals["capacity"] - totals["occupied"]
    today = timezone.localdate()
    # The target band of each municipality and the region's ceiling (issue 16).
    targets = capacity.targets_of([g.municipality.pk for g in groups], today.year)
    bands = {}
    for group in groups:
        target = targets.get(group.municipality.pk)
        bands[group.municipality.pk] = (target, capacity.band(group.occupied, target))
    return render(
        request,
        "matching/occupancy.html",
        {
            "groups": [(g, *bands[g.municipality.pk]) for g in groups],
            "totals": totals,
            "today": today,
            "ceiling": capacity.ceiling_for_placing(request.municipality.region, today),
            "region": request.municipality.region,
        },
    )


# -- participants ---------------------------------------------------------------------------------


@require_GET
@permission_required(Perm.MATCHING_VIEW)
def participant_list(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    form = ParticipantSearchForm(request.GET or None)
    query = form.cleaned_data.get("q", "") if form.is_valid() else ""
    queryset = selectors.participants_search(municipality=request.municipality, query=query)
    page = Paginator(queryset, PARTICIPANTS_PER_PAGE).get_page(request.GET.get("pagina"))
    rows = list(page.object_list)
    audit.record_list_read(request, object_type="participatie.participant", count=len(rows))
    placements = selectors.active_placements_by_participant(
        municipality=request.municipality, participant_ids=[p.pk for p in rows]
    )
    return render(
        request,
        "matching/participant_list.html",
        {
            "form": form,
            "query": query,
            "page": page,
            "rows": [(p, placements.get(p.pk, [])) for p in rows],
        },
    )
