"""The lump sum on the regional pages (``/regio/<region_slug>/lumpsum/``): the region's
agreements with providers, their counts, the quarter statements and the yearly determination.
Whoever has the regional view reads them; REGION_MANAGE writes, and a second manager approves
(four eyes)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from participatie.kernel.formatting import long_date
from participatie.kernel.web import add_service_errors
from participatie.models import Municipality, Organisation, Region
from participatie.tenancy.http import TenantRequest, permission_required
from participatie.tenancy.permissions import Perm
from subsidies.lump_sum import selectors, services
from subsidies.lump_sum.choices import LumpSumStatus
from subsidies.lump_sum.forms import AgreementForm, CountForm, ReviewForm
from subsidies.models import LumpSumAgreement, LumpSumStatement
from subsidies.models.lump_sum import YEAR
from subsidies.region_selectors import budget_key_start
from subsidies.views_region import _deny_unless_manager, _plain, _shown_year, _years

QUARTERS = (1, 2, 3, 4)


def _region(request: TenantRequest) -> Region:
    region = request.region
    assert region is not None  # the middleware resolved it
    return region


def _agreement_or_404(request: TenantRequest, year: int, provider_slug: str) -> LumpSumAgreement:
    agreement = selectors.agreement_of_region(
        region=_region(request), year=year, provider_slug=provider_slug
    )
    if agreement is None:
        raise Http404(_("Deze lumpsumafspraak bestaat niet."))
    return agreement


def _detail_url(agreement: LumpSumAgreement) -> str:
    return reverse(
        "regio:lump-sum-detail",
        args=[agreement.region.slug, agreement.year, agreement.provider.slug],
    )


def _review_providers(region: Region) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        pk__in=LumpSumAgreement.objects.filter(region=region).values("provider")
    ).order_by("name")


@permission_required(Perm.REGION_VIEW)
def agreement_list(request: TenantRequest, region_slug: str) -> HttpResponse:
    region = _region(request)
    can_manage = request.access.has(Perm.REGION_MANAGE)
    year = _shown_year(request)
    review_form: ReviewForm | None = None
    if request.method == "POST":
        _deny_unless_manager(request)
        review_form = ReviewForm(request.POST, providers=_review_providers(region))
        if review_form.is_valid():
            try:
                services.lump_sum_review_record(
                    region=region,
                    provider=review_form.cleaned_data["provider"],
                    reviewed_on=review_form.cleaned_data["reviewed_on"],
                    note=review_form.cleaned_data["note"],
                    actor=request.user,
                )
            except ValidationError as error:
                add_service_errors(review_form, error)
            else:
                messages.success(request, _("De financiële herziening is vastgelegd."))
                return redirect(f"{request.path}?jaar={year}")
    agreements = selectors.agreements_of_region(region=region, year=year)
    statuses = {
        (s.agreement_id, s.quarter): s
        for s in LumpSumStatement.objects.filter(agreement__in=agreements).only(
            "agreement_id", "quarter", "status", "total"
        )
    }
    rows = [
        (agreement, [statuses.get((agreement.pk, q)) for q in (*QUARTERS, YEAR)])
        for agreement in agreements
    ]
    today = timezone.localdate()
    reviews = selectors.review_states(region=region)
    if review_form is None and can_manage and reviews:
        review_form = ReviewForm(
            initial={"reviewed_on": today}, providers=_review_providers(region)
        )
    return render(
        request,
        "subsidies/lump_sum/region_list.html",
        {
            "region": region,
            "year": year,
            "years": _years(year),
            "can_manage": can_manage,
            "rows": rows,
            "reviews": [(state, state.is_due(today)) for state in reviews],
            "review_form": review_form,
        },
        status=400 if review_form is not None and review_form.errors else 200,
    )


def _agreement_form_page(
    request: TenantRequest, agreement: LumpSumAgreement | None
) -> HttpResponse:
    region = _region(request)
    _deny_unless_manager(request)
    members = selectors.members_of(region)
    providers = selectors.providers_for(region)
    if agreement is not None:
        # The agreement's provider stays choosable, also when it is no longer enrolled.
        providers = Organisation.objects.filter(
            Q(pk__in=providers.values("pk")) | Q(pk=agreement.provider_id)
        ).order_by("name")
    if request.method == "POST":
        form = AgreementForm(request.POST, providers=providers, members=members)
        if form.is_valid():
            try:
                saved = services.lump_sum_agreement_save(
                    region=region,
                    data=form.agreement_input(),
                    actor=request.user,
                    agreement=agreement,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("De lumpsumafspraak met %(provider)s voor %(year)s is opgeslagen.")
                    % {"provider": saved.provider.name, "year": saved.year},
                )
                return redirect(_detail_url(saved))
    else:
        form = AgreementForm(
            initial=_initial(request, agreement, members), providers=providers, members=members
        )
    return render(
        request,
        "subsidies/lump_sum/region_form.html",
        {"region": region, "agreement": agreement, "form": form},
        status=400 if form.errors else 200,
    )


def _initial(
    request: TenantRequest, agreement: LumpSumAgreement | None, members: list[Municipality]
) -> dict[str, object]:
    """An agreement's own values; a new one starts from the budget key in force for the year
    (the contributions are the weights) and the year shown."""
    if agreement is not None:
        initial: dict[str, object] = {
            "provider": agreement.provider_id,
            "year": agreement.year,
            "amount_per_participant": _plain(agreement.amount_per_participant),
            "count_method": agreement.count_method,
            "reference_date": agreement.reference_date,
        }
        weights = {s.municipality_id: s.weight for s in agreement.key_shares.all()}
        plus = {p.municipality_id: p.annual_amount for p in agreement.plus_packages.all()}
    else:
        year = _shown_year(request)
        start = budget_key_start(region=_region(request), year=year, members=members, versions=[])
        initial = {"year": year}
        weights = start.contributions
        plus = {}
    for m in members:
        initial[services.weight_field(m.pk)] = _plain(weights.get(m.pk))
        initial[services.plus_field(m.pk)] = _plain(plus.get(m.pk))
    return initial


@permission_required(Perm.REGION_MANAGE)
def agreement_create(request: TenantRequest, region_slug: str) -> HttpResponse:
    return _agreement_form_page(request, None)


@permission_required(Perm.REGION_MANAGE)
def agreement_edit(
    request: TenantRequest, region_slug: str, year: int, provider_slug: str
) -> HttpResponse:
    return _agreement_form_page(request, _agreement_or_404(request, year, provider_slug))


def _post_action(request: TenantRequest, agreement: LumpSumAgreement) -> tuple[bool, object]:
    """Run the posted action; (done, form with errors or None)."""
    action = request.POST.get("action", "")
    try:
        quarter = int(request.POST.get("quarter", ""))
    except ValueError:
        quarter = -1
    try:
        if action == "count":
            form = CountForm(request.POST)
            if not form.is_valid():
                return False, form
            try:
                services.lump_sum_count_record(
                    agreement=agreement,
                    counted_on=form.cleaned_data["counted_on"],
                    participants=form.cleaned_data["participants"],
                    actor=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
                return False, form
            messages.success(
                request,
                _("De telling op %(day)s is vastgelegd.")
                % {"day": long_date(form.cleaned_data["counted_on"])},
            )
        elif action == "count_registration":
            counts = services.lump_sum_count_from_registration(
                agreement=agreement, days=selectors.all_count_dates(agreement), actor=request.user
            )
            messages.success(
                request,
                _("%(n)s telling(en) uit de registratie vastgelegd.") % {"n": len(counts)}
                if counts
                else _("Er is nog geen teldag voorbij."),
            )
        elif action == "settle" and quarter in QUARTERS:
            services.lump_sum_settle(agreement=agreement, quarter=quarter, actor=request.user)
            messages.success(
                request,
                _("Kwartaal %(q)s is berekend. Een andere beheerder van de regio keurt het goed.")
                % {"q": quarter},
            )
        elif action == "determine":
            services.lump_sum_determine(agreement=agreement, actor=request.user)
            messages.success(
                request,
                _(
                    "De vaststelling is berekend. Een andere beheerder van de regio keurt haar "
                    "goed."
                ),
            )
        elif action == "approve" and quarter in (*QUARTERS, YEAR):
            statement = LumpSumStatement.objects.filter(
                agreement=agreement, quarter=quarter
            ).first()
            if statement is None:
                raise Http404(_("Deze afrekening bestaat niet."))
            services.lump_sum_approve(statement=statement, actor=request.user)
            messages.success(request, _("De afrekening is goedgekeurd."))
        else:
            messages.error(request, _("Deze actie bestaat niet."))
            return False, None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False, None
    return True, None


@permission_required(Perm.REGION_VIEW)
def agreement_detail(
    request: TenantRequest, region_slug: str, year: int, provider_slug: str
) -> HttpResponse:
    agreement = _agreement_or_404(request, year, provider_slug)
    can_manage = request.access.has(Perm.REGION_MANAGE)
    count_form = None
    if request.method == "POST":
        _deny_unless_manager(request)
        done, count_form = _post_action(request, agreement)
        if done:
            return redirect(_detail_url(agreement))
    statements = selectors.statements_of(agreement)
    recorded = selectors.recorded_counts(agreement)
    today = timezone.localdate()
    count_rows = [
        (day, recorded.get(day), day <= today) for day in selectors.all_count_dates(agreement)
    ]
    shares = list(agreement.key_shares.all())
    weight = sum((s.weight for s in shares), start=Decimal(0))
    plus = {p.municipality_id: p.annual_amount for p in agreement.plus_packages.all()}
    key_rows = [
        (s, s.weight / weight if weight else None, plus.get(s.municipality_id)) for s in shares
    ]
    statement_rows = [
        (
            quarter,
            statements.get(quarter),
            services.four_eyes_refusal(statements[quarter], request.user)
            if quarter in statements
            else "",
        )
        for quarter in (*QUARTERS, YEAR)
    ]
    approved_quarters = sum(
        1 for q in QUARTERS if q in statements and statements[q].status == LumpSumStatus.APPROVED
    )
    return render(
        request,
        "subsidies/lump_sum/region_detail.html",
        {
            "region": agreement.region,
            "agreement": agreement,
            "can_manage": can_manage,
            "key_rows": key_rows,
            "count_rows": count_rows,
            "count_form": count_form,
            "statement_rows": statement_rows,
            "can_determine": approved_quarters == 4,
            "editable": not any(s.status == LumpSumStatus.APPROVED for s in statements.values()),
        },
        status=400 if count_form is not None and count_form.errors else 200,
    )


@permission_required(Perm.REGION_VIEW)
def statement_detail(
    request: TenantRequest, region_slug: str, year: int, provider_slug: str, quarter: int
) -> HttpResponse:
    agreement = _agreement_or_404(request, year, provider_slug)
    statement = selectors.statement_of(agreement, quarter)
    if statement is None:
        raise Http404(_("Deze afrekening bestaat niet."))
    if request.method == "POST":
        if not request.access.has(Perm.REGION_MANAGE):
            raise PermissionDenied(_("Alleen een beheerder van de regio keurt goed."))
        try:
            services.lump_sum_approve(statement=statement, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("De afrekening is goedgekeurd."))
        return redirect(request.path)
    return render(
        request,
        "subsidies/lump_sum/region_statement.html",
        {
            "region": agreement.region,
            "agreement": agreement,
            "statement": statement,
            "counts": [(date.fromisoformat(day), number) for day, number in statement.counts],
            "can_manage": request.access.has(Perm.REGION_MANAGE),
            "refusal": services.four_eyes_refusal(statement, request.user),
        },
    )
