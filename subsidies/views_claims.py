"""The page "Verrekeningen tussen gemeenten": a municipality's cross-municipal claims, outgoing
and incoming, with totals per quarter and per municipality, and the home municipality's
answer to one claim (accept or dispute).

Reading needs ``SUBSIDIES_VIEW_ALL`` (the municipality's officers), answering
``CLAIMS_RESPOND`` (its account holders). Which claims a user sees is
``subsidies.selectors_claims``: another municipality's claim is 404. The participant appears
only by pseudonym. A fixed number of queries whatever the number of claims.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from participatie.kernel.web import add_service_errors
from participatie.tenancy.http import TenantRequest, permission_required
from participatie.tenancy.permissions import Perm
from subsidies.choices import ClaimDirection, ClaimResponse
from subsidies.forms_claims import ClaimResponseForm
from subsidies.selectors_claims import (
    claim_can_respond,
    claim_totals,
    claim_years,
    claims_mark_final,
    claims_visible_to,
)
from subsidies.services import claims as services


def _year(request: TenantRequest, years: list[int]) -> int:
    raw = request.GET.get("jaar", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return years[0] if years else timezone.localdate().year


@require_GET
@permission_required(Perm.SUBSIDIES_VIEW_ALL)
def claim_list(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    access = request.access
    years = claim_years(access)
    year = _year(request, years)
    claims = list(claims_visible_to(access).filter(year=year))
    claims_mark_final(claims)
    for claim in claims:
        claim.can_respond = claim_can_respond(claim, access)  # type: ignore[attr-defined]
    return render(
        request,
        "subsidies/claims/list.html",
        {
            "year": year,
            "years": sorted({*years, year}, reverse=True),
            "outgoing": [c for c in claims if c.direction == ClaimDirection.OUTGOING],
            "incoming": [c for c in claims if c.direction == ClaimDirection.INCOMING],
            "totals": claim_totals(access, year),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(Perm.SUBSIDIES_VIEW_ALL)
def claim_detail(request: TenantRequest, municipality_slug: str, pk: int) -> HttpResponse:
    access = request.access
    claim = get_object_or_404(claims_visible_to(access), pk=pk)
    claims_mark_final([claim])
    can_respond = claim_can_respond(claim, access)
    form = None
    if can_respond:
        disputed = claim.response == ClaimResponse.DISPUTED
        form = ClaimResponseForm(
            request.POST if request.method == "POST" else None, disputed=disputed
        )
    if request.method == "POST":
        if form is None:
            if not access.has(Perm.CLAIMS_RESPOND):
                raise PermissionDenied(_("Alleen een accounthouder reageert op een vordering."))
            messages.error(request, _("U kunt op deze vordering niet (meer) reageren."))
            return redirect("subsidies:claim-detail", municipality_slug=municipality_slug, pk=pk)
        if form.is_valid():
            respond = (
                services.claim_accept
                if form.cleaned_data["response"] == ClaimResponse.ACCEPTED
                else services.claim_dispute
            )
            try:
                respond(claim=claim, actor=request.user, note=form.cleaned_data["note"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Uw reactie is opgeslagen. %(other)s ziet haar ook.")
                    % {"other": claim.counterpart.name},
                )
                return redirect(
                    "subsidies:claim-detail", municipality_slug=municipality_slug, pk=pk
                )
    return render(
        request,
        "subsidies/claims/detail.html",
        {"claim": claim, "form": form, "incoming": claim.direction == ClaimDirection.INCOMING},
        status=400 if form is not None and form.errors else 200,
    )
