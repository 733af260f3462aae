"""Regional pages: aggregates over the region's municipalities, never personal data."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from participatie.choices import EnrolmentStatus
from participatie.models import Enrolment


def region_home(request: HttpRequest, region_slug: str) -> HttpResponse:
    per_municipality = (
        Enrolment.objects.values("municipality__name")
        .annotate(
            active=Count("id", filter=Q(status=EnrolmentStatus.ACTIVE)),
        )
        .order_by("municipality__name")
    )
    return render(request, "participatie/region_home.html", {"per_municipality": per_municipality})
