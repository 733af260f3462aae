"""Invitations and personal API tokens. Thin: forms check input, services decide.

MFA for these pages is enforced by MfaRequiredMiddleware (only MFA set-up opens without it)."""

from __future__ import annotations

from contextlib import suppress

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language

from participatie.accounts import selectors, services, tokens
from participatie.accounts.forms import (
    ApiTokenForm,
    EmailSettingsForm,
    InvitationAcceptForm,
    InvitationForm,
)
from participatie.accounts.language import user_language_set
from participatie.mail.services import digest_preference_set
from participatie.models import User


def _apply_errors(form: object, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)  # type: ignore[attr-defined]
    else:
        form.add_error(None, exc.messages)  # type: ignore[attr-defined]


@login_required
def invitation_list(request: HttpRequest) -> HttpResponse:
    organisations = selectors.invitable_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied(_("U mag geen uitnodigingen versturen."))
    form = InvitationForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                inviter=request.user,
                base_url=request.build_absolute_uri("/"),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request, _("Uitnodiging verstuurd naar %(email)s.") % {"email": invitation.email}
            )
            return redirect("accounts:invitation-list")
    return render(
        request,
        "account/invitation_list.html",
        {"form": form, "invitations": selectors.open_invitations_by(request.user)},
    )


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_for_token(token)
    except ValidationError as exc:
        return render(
            request, "account/invitation_invalid.html", {"reason": exc.messages[0]}, status=410
        )
    existing = User.objects.filter(email__iexact=invitation.email).exists()
    form = None if existing else InvitationAcceptForm(request.POST or None)
    if request.method == "POST" and (form is None or form.is_valid()):
        data = form.cleaned_data if form is not None else {}
        try:
            services.invitation_accept(
                raw_token=token,
                password=data.get("password1"),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
        except ValidationError as exc:
            if form is None or not hasattr(exc, "error_dict"):
                return render(
                    request,
                    "account/invitation_invalid.html",
                    {"reason": exc.messages[0]},
                    status=410,
                )
            _apply_errors(form, exc)
        else:
            # Whoever was logged in on this browser is not necessarily the invited person.
            logout(request)
            messages.success(
                request,
                _("Welkom! Log in met %(email)s. Daarna stelt u tweestapsverificatie in.")
                % {"email": invitation.email},
            )
            return redirect("account_login")
    return render(
        request,
        "account/invitation_accept.html",
        {"invitation": invitation, "form": form, "existing": existing},
    )


@login_required
def api_token_list(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    raw_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, raw_token = tokens.api_token_issue(
                user=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            # Shown once in this response, never stored: no redirect that would lose it.
            form = ApiTokenForm()
    return render(
        request,
        "account/api_token_list.html",
        {"form": form, "raw_token": raw_token, "tokens": selectors.api_tokens_of(request.user)},
    )


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(selectors.api_tokens_of(request.user), pk=pk)
    tokens.api_token_revoke(token=token)
    messages.success(request, _("API-token „%(name)s” is ingetrokken.") % {"name": token.name})
    return redirect("accounts:api-token-list")


@require_POST
def language_choose(request: HttpRequest) -> HttpResponse:
    """The language switch: Django's ``set_language`` sets the cookie and redirects; a logged-in
    user's choice is also stored, so it follows them to other browsers and beats the browser's
    own language (``UserLanguageMiddleware``)."""
    if request.user.is_authenticated:
        # set_language ignores an unknown language the same way: nothing changes.
        with suppress(ValidationError):
            user_language_set(
                user=request.user,
                language=request.POST.get("language", ""),
                actor=request.user,
            )
    return set_language(request)


@login_required
@require_http_methods(["GET", "POST"])
def email_settings(request: HttpRequest) -> HttpResponse:
    """The user's own choice of the daily e-mail of what waits for them."""
    user = request.user
    # An unticked box sends nothing: an empty POST is still a POST.
    form = EmailSettingsForm(
        request.POST if request.method == "POST" else None,
        initial={"digest": not user.digest_opt_out},
    )
    if request.method == "POST" and form.is_valid():
        digest_preference_set(user=user, opt_out=not form.cleaned_data["digest"], actor=user)
        messages.success(request, _("Uw e-mailinstellingen zijn opgeslagen."))
        return redirect("accounts:email-settings")
    return render(request, "account/email_settings.html", {"form": form})
