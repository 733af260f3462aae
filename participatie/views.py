"""The site shell: pages without a tenant (home, errors, health) and the tenant's home page.

Tenant pages run inside the tenancy middleware's transaction and scope: ``request.municipality``
and ``request.access`` are set before the view runs.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from participatie.accounts.selectors import user_is_platform_admin
from participatie.enrolments.home import home_sections
from participatie.home import home_sections_for
from participatie.kernel.paths import is_api_path
from participatie.kernel.problems import bad_request_problem, problem_response
from participatie.region_pages import regions_for_user
from participatie.tenancy.access import accessible_municipalities
from participatie.tenancy.http import TenantRequest, permission_required
from participatie.tenancy.permissions import Perm
from participatie.waiting import waiting_for


def _database_up() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def _redis_up() -> bool | None:
    """Whether the cache's Redis answers; ``None`` when the site runs without Redis."""
    backend = caches["default"]
    is_available = getattr(backend, "is_available", None)
    return is_available() if is_available is not None else None


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Liveness for the load balancer and the container's health check.

    * every part up: 200 ``{"status": "ok"}``;
    * Redis away: 200 ``{"status": "degraded", "unavailable": ["redis"]}``: pages still work
      (the cache misses, sessions come from the database), only background jobs cannot be
      started, and restarting this process would not bring Redis back;
    * the database away: 503 ``{"status": "unavailable", ...}``: no page can work.
    """
    checks = {"database": _database_up(), "redis": _redis_up()}
    down = sorted(name for name, up in checks.items() if up is False)
    if "database" in down:
        return JsonResponse({"status": "unavailable", "unavailable": down}, status=503)
    if down:
        return JsonResponse({"status": "degraded", "unavailable": down})
    return JsonResponse({"status": "ok"})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where the user works: with exactly one place (a municipality, or the region of a user
    whose only membership is regional), straight to its home page; otherwise a choice."""
    municipalities = accessible_municipalities(request.user)
    # A platform administrator sees every municipality; their start page also leads to /beheer/.
    platform_admin = user_is_platform_admin(request.user)
    # Regional staff work on their region's pages (the budget key, the effort obligations).
    regions = regions_for_user(request.user)
    if not platform_admin and len(municipalities) + len(regions) == 1:
        if municipalities:
            return redirect("participatie:tenant-home", municipality_slug=municipalities[0].slug)
        return redirect("regio:home", region_slug=regions[0].slug)
    return render(
        request,
        "participatie/home.html",
        {"municipalities": municipalities, "regions": regions, "platform_admin": platform_admin},
    )


@permission_required(Perm.TENANT_ENTER)
def tenant_home(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    """What waits for me: the things that wait for the user, each with a count and a link
    (``participatie.waiting``), then a section per kind of role the user holds here."""
    sections = home_sections(request.access)
    return render(
        request,
        "participatie/tenant_home.html",
        {
            "waiting": waiting_for(request.access),
            "sections": sections,
            "extra_sections": home_sections_for(request),
        },
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = (
        str(exception)
        if exception and str(exception)
        else _("U heeft geen toegang tot deze pagina.")
    )
    if is_api_path(request.path_info):
        return problem_response(403, message, request=request)
    return render(request, "403.html", {"message": message}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_path(request.path_info):
        return problem_response(404, _("Niet gevonden."), request=request)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api_path(request.path_info):
        return problem_response(
            500, _("Er ging iets mis. Probeer het later opnieuw."), request=request
        )
    # No context processors and no database: whatever broke must not break the error page too.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render({}), status=500)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's 400 for a ``SuspiciousOperation`` (bad Host header, too many fields)."""
    if is_api_path(request.path_info):
        return bad_request_problem(request, exception)
    from django.views.defaults import bad_request as django_bad_request

    return django_bad_request(request, exception)  # type: ignore[arg-type]
