"""URL scheme: fixed prefixes first, then the tenant in the path.

* ``/accounts/...``, ``/admin/...``, ``/api/v1/openapi.json``: no tenant.
* ``/api/v1/<municipality_slug>/...``: the API of one municipality (no trailing slashes).
* ``/regio/<region_slug>/...``: regional pages.
* ``/beheer/...``: platform administration (no tenant; ``participatie.platform``).
* ``/<municipality_slug>/...``: the web pages of one municipality.

``MEDIA_ROOT`` is never served here, not even with DEBUG on: letters, reports and exports leave
only through views that check tenant and role (``participatie.privacy.files``).
The tenancy middleware recognises tenant URLs by the ``municipality_slug``/``region_slug``
keyword, so every app includes its patterns below with that keyword in front.
"""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from participatie import views as core_views
from participatie.api.schema_view import CachedSpectacularJSONAPIView

handler400 = "participatie.views.bad_request"
handler403 = "participatie.views.permission_denied"
handler404 = "participatie.views.page_not_found"
handler500 = "participatie.views.server_error"

api_tenant_patterns = [
    path("", include("participatie.api.urls")),
    path("", include("matching.api.urls")),
    path("", include("subsidies.api.urls")),
]

tenant_patterns = [
    path("", include("participatie.urls")),
    path("", include("matching.urls")),
    path("", include("subsidies.urls")),
]

urlpatterns = [
    path("health", core_views.health, name="health"),
    path("accounts/", include("participatie.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "api/v1/openapi.json",
        CachedSpectacularJSONAPIView.as_view(authentication_classes=[], permission_classes=[]),
        name="openapi-schema",
    ),
    path("api/v1/<slug:municipality_slug>/", include(api_tenant_patterns)),
    path("regio/<slug:region_slug>/", include("participatie.region_urls")),
    path("beheer/", include("participatie.platform.urls")),
    # A resident's own registration (issue 16): public, no account.
    path("aanmelden/", include("matching.partners.public_urls")),
    path("", core_views.home, name="home"),
    path("<slug:municipality_slug>/", include(tenant_patterns)),
]
