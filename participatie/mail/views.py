"""The mail page of the platform administration (``/beheer/e-mail/``): recent mails with their
result, only the failed ones on request, and "Opnieuw versturen" for a failed one. Each page
carries ``platform_admin_required``; the platform's URLs include them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from participatie.mail import selectors, services
from participatie.mail.models import AnyMail, MunicipalMail, OutgoingMail
from participatie.platform.access import platform_admin_required
from participatie.tenancy.context import all_tenants

FAILED_ONLY = "mislukt"


@platform_admin_required
@require_GET
def mail_list(request: HttpRequest) -> HttpResponse:
    failed_only = request.GET.get("resultaat") == FAILED_ONLY
    return render(
        request,
        "mail/platform_list.html",
        {
            "rows": selectors.recent_mails(failed_only=failed_only),
            "failed_only": failed_only,
            "failed_value": FAILED_ONLY,
            "limit": selectors.RECENT_LIMIT,
        },
    )


def _back(request: HttpRequest) -> HttpResponse:
    url = reverse("platform:mail-list")
    if request.POST.get("resultaat") == FAILED_ONLY:
        url += f"?resultaat={FAILED_ONLY}"
    return redirect(url)


def _resend(request: HttpRequest, mail: AnyMail) -> None:
    try:
        services.mail_resend(mail=mail, actor=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("De e-mail aan %(email)s wordt opnieuw verstuurd.") % {"email": mail.to_email},
        )


@platform_admin_required
@require_POST
def mail_resend(request: HttpRequest, pk: int) -> HttpResponse:
    with transaction.atomic():
        mail = get_object_or_404(OutgoingMail, pk=pk)
        _resend(request, mail)
    return _back(request)


@platform_admin_required
@require_POST
def municipal_mail_resend(request: HttpRequest, pk: int) -> HttpResponse:
    with transaction.atomic(), all_tenants(reason="platform admin: resend a municipality's mail"):
        mail = get_object_or_404(MunicipalMail, pk=pk)
        _resend(request, mail)
    return _back(request)
