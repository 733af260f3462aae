"""Who may open the platform administration: the one guard every ``/beheer/`` page uses."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext as _

from participatie.accounts.selectors import user_is_platform_admin

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def platform_admin_required(view: View) -> View:
    """Anonymous: to the login page. Signed in without the platform administrator's role: 403.

    MFA is enforced before this by ``MfaRequiredMiddleware`` (``/beheer/`` is no exempt path).
    The mark ``view.platform_admin_only`` lets a test check that every page carries the guard.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if not user_is_platform_admin(request.user):
            raise PermissionDenied(_("Alleen een platformbeheerder kan deze pagina openen."))
        return view(request, *args, **kwargs)

    wrapped.platform_admin_only = True  # type: ignore[attr-defined]
    return wrapped  # type: ignore[return-value]
