"""The language a logged-in user chose wins over the browser's Accept-Language.

Place directly after ``AuthenticationMiddleware`` (it needs ``request.user``); Django's
``LocaleMiddleware`` has by then made its guess from the cookie and the browser, and this
middleware replaces that guess for a user who chose a language on the account page or in the
footer. A user without a choice keeps the guess.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from participatie.accounts.models import User


class UserLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        chosen = getattr(user, "language", "") if user is not None else ""
        if user is not None and user.is_authenticated and chosen in self.available:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        return self.get_response(request)


def user_language_set(*, user: User, language: str, actor: User) -> None:
    """Store ``user``'s language choice; an empty string goes back to following the browser."""
    if actor.pk != user.pk:
        raise PermissionDenied(_("U kunt alleen uw eigen taal kiezen."))
    if language and language not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationError({"language": [_("Kies een taal uit de lijst.")]})
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
