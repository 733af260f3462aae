"""The privacy officer's section of the home page: requests that wait for a decision by
another officer than the one who recorded them (four eyes), with the way to the privacy page."""

from __future__ import annotations

from django.urls import reverse

from participatie.home import HomeSection
from participatie.privacy import selectors
from participatie.tenancy.http import TenantRequest
from participatie.tenancy.permissions import Perm


def privacy_section(request: TenantRequest) -> HomeSection | None:
    if not request.access.has(Perm.PRIVACY_REQUESTS):
        return None
    waiting = (
        selectors.subject_requests(request.municipality, open_only=True)
        .exclude(recorded_by=request.user)
        .count()
    )
    return HomeSection(
        template="privacy/home_section.html",
        context={
            "waiting": waiting,
            "url": reverse("participatie:privacy:home", args=[request.municipality.slug]),
        },
        order=20,
    )
