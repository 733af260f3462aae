"""Pages of the matching unit's partners under ``/<municipality_slug>/verwijzingen/`` (refer a
candidate, follow one's own referrals; the client manager also records consent and sees the
outflow to paid work), the matching unit's page for a referral that came in, and the public
form under ``/aanmelden/`` (no account)."""

from __future__ import annotations

from uuid import UUID

import structlog
from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from matching.partners import selectors, services
from matching.partners.forms import (
    ConsentForm,
    DeclineForm,
    PartnerReferralForm,
    PublicInterestForm,
    TakeInForm,
)
from matching.partners.models import PartnerReferral
from matching.reports import MU_QUARTERLY
from matching.selectors import matching_unit_of
from matching.services import ExistingParticipant
from participatie.kernel.web import add_service_errors
from participatie.models import ReportRun
from participatie.privacy.files import file_download
from participatie.reports.models import REPORT_FORMATS, ReportStatus
from participatie.reports.render import CONTENT_TYPES
from participatie.reports.selectors import report_file
from participatie.reports.views import download_filename
from participatie.tenancy.http import TenantRequest, permission_required
from participatie.tenancy.permissions import Perm

log = structlog.get_logger(__name__)
PER_PAGE = 50


def _visible_or_404(request: TenantRequest, pk: int) -> PartnerReferral:
    found = selectors.partner_referrals_visible_to(request.access).filter(pk=pk).first()
    if found is None:
        raise Http404(_("Deze verwijzing is niet gevonden."))
    return found


def _list_url(request: TenantRequest) -> str:
    return reverse("matching:partner-referral-list", args=[request.municipality.slug])


@require_http_methods(["GET"])
@permission_required(Perm.PARTNER_REFER)
def referral_list(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    page = Paginator(selectors.partner_referrals_visible_to(request.access), PER_PAGE).get_page(
        request.GET.get("pagina")
    )
    return render(
        request,
        "matching/partners/list.html",
        {
            "page": page,
            "rows": selectors.partner_rows(list(page.object_list)),
            "is_client_manager": request.access.has(Perm.CLIENTS_VIEW),
            "can_consent": request.access.has(Perm.CLIENTS_CONSENT),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(Perm.PARTNER_REFER)
def referral_submit(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    organisations = selectors.referring_organisations(request.access)
    initial = {"consent_on": timezone.localdate()} if request.access.has(Perm.CLIENTS_VIEW) else {}
    form = PartnerReferralForm(request.POST or None, organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_referral_submit(
                municipality=request.municipality,
                organisation=form.cleaned_data["organisation"],
                data=form.candidate(),
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("De verwijzing is verstuurd naar de matchingsunit van %(name)s.")
                % {"name": request.municipality.name},
            )
            return redirect(_list_url(request))
    return render(
        request,
        "matching/partners/submit.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required(Perm.CLIENTS_CONSENT)
def client_consent(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    partner = _visible_or_404(request, pk)
    initial = {"benefit": partner.benefit, "consent_on": timezone.localdate()}
    form = ConsentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        assert partner.organisation is not None  # a client manager's own referral
        try:
            services.client_consent_record(
                partner_referral=partner,
                benefit=form.cleaned_data["benefit"],
                consent_on=form.cleaned_data["consent_on"],
                actor=request.user,
                organisation=partner.organisation,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Uw toestemming is vastgelegd."))
            return redirect(_list_url(request))
    return render(
        request,
        "matching/partners/consent.html",
        {"form": form, "partner": partner},
        status=400 if form.errors else 200,
    )


@permission_required(Perm.CLIENTS_VIEW)
@require_POST
def paid_work_seen(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    services.paid_work_seen(partner_referral=_visible_or_404(request, pk), actor=request.user)
    return redirect(_list_url(request))


# -- the matching unit ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required(Perm.MATCHING_WORK)
def inbound_detail(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    partner = _visible_or_404(request, pk)
    take_in = TakeInForm(request.POST if request.POST.get("action") == "take_in" else None)
    decline = DeclineForm(request.POST if request.POST.get("action") == "decline" else None)
    existing = None
    if request.method == "POST" and partner.is_open:
        if take_in.is_bound and take_in.is_valid():
            extra = {"bsn": take_in.cleaned_data["bsn"]}
            if take_in.cleaned_data["birth_date"]:
                extra["birth_date"] = take_in.cleaned_data["birth_date"]
            try:
                referral = services.partner_referral_take_in(
                    partner_referral=partner,
                    matching_unit=matching_unit_of(request.access),
                    participant_data=extra,
                    actor=request.user,
                    same_person=take_in.cleaned_data["same_person"],
                )
            except ExistingParticipant as known:
                existing = known
                take_in.add_error(
                    "same_person",
                    _(
                        "Dit BSN hoort bij iemand die al in het dossier staat, met andere "
                        "gegevens. Controleer het en vink aan dat het dezelfde persoon is."
                    ),
                )
            except ValidationError as error:
                add_service_errors(take_in, error)
            else:
                messages.success(request, _("De verwijzing is geregistreerd als aanmelding."))
                return redirect("matching:referral-detail", request.municipality.slug, referral.pk)
        elif decline.is_bound and decline.is_valid():
            try:
                services.partner_referral_decline(
                    partner_referral=partner,
                    reason=decline.cleaned_data["reason"],
                    actor=request.user,
                )
            except ValidationError as error:
                add_service_errors(decline, error)
            else:
                messages.success(request, _("De verwijzing is afgesloten als niet passend."))
                return redirect("matching:work-queues", request.municipality.slug)
    (row,) = selectors.partner_rows([partner])
    invalid = take_in.errors or decline.errors
    return render(
        request,
        "matching/partners/inbound.html",
        {
            "partner": partner,
            "row": row,
            "take_in": take_in,
            "decline": decline,
            "existing": existing,
        },
        status=400 if invalid else 200,
    )


# -- the public form ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def public_interest(request: HttpRequest) -> HttpResponse:
    """A resident registers interest without an account. A filled honeypot is dropped without
    a word; the 6th registration from one address within an hour is refused."""
    municipalities = selectors.public_municipalities()
    form = PublicInterestForm(request.POST or None, municipalities=municipalities)
    limited = False
    if request.method == "POST":
        if request.POST.get("website"):
            log.info("partners.public_honeypot")
            return redirect("public:interest-done")
        try:
            services.public_rate_check(get_client_ip_address(request) or "unknown")
        except services.RateLimited:
            limited = True
            log.info("partners.public_rate_limited")
        else:
            if form.is_valid():
                try:
                    services.public_interest_submit(
                        municipality_id=form.cleaned_data["municipality"], data=form.candidate()
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    return redirect("public:interest-done")
    status = 429 if limited else (400 if form.errors else 200)
    return render(
        request,
        "matching/partners/public.html",
        {"form": form, "limited": limited},
        status=status,
    )


@require_http_methods(["GET"])
def public_interest_done(request: HttpRequest) -> HttpResponse:
    return render(request, "matching/partners/public_done.html")


# -- the matching unit's quarterly report, shared with the social service -----------------------


def _quarterly_runs(request: TenantRequest) -> QuerySet[ReportRun]:
    return ReportRun.objects.filter(
        municipality=request.municipality, kind=MU_QUARTERLY.slug, status=ReportStatus.DONE
    ).order_by("-finished_at", "-id")


@require_http_methods(["GET"])
@permission_required(Perm.MU_QUARTERLY_READ)
def quarterly_reports(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    """The matching unit's finished quarterly reports of this municipality (seed 001 ch. 9:
    "deze rapportage wordt met de SDD gedeeld"), for the social service's client managers."""
    runs = list(_quarterly_runs(request)[:40])
    return render(
        request,
        "matching/partners/quarterly.html",
        {
            "runs": [
                (
                    run,
                    [fmt for fmt in REPORT_FORMATS if getattr(run, fmt)],
                )
                for run in runs
            ]
        },
    )


@require_http_methods(["GET"])
@permission_required(Perm.MU_QUARTERLY_READ)
def quarterly_report_download(
    request: TenantRequest, municipality_slug: str, reference: UUID, fmt: str
) -> FileResponse:
    run = _quarterly_runs(request).filter(reference=reference).first()
    if run is None or fmt not in REPORT_FORMATS:
        raise Http404(_("Deze rapportage is niet gevonden."))
    return file_download(
        request,
        report_file(run, fmt),
        obj=run,
        filename=download_filename(run, MU_QUARTERLY, fmt),
        content_type=CONTENT_TYPES[fmt],
    )
