"""Test-only routes inside a municipality, in front of the real URL scheme: a view that logs and
a view that changes an enrolment, so tests can watch logs and history through a real request."""

from __future__ import annotations

import logging

import structlog
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as real_urlpatterns
from participatie.enrolments.choices import EnrolmentStatus
from participatie.models import Enrolment

log = structlog.get_logger("tests.audit.probe")
stdlib_log = logging.getLogger("tests.audit.probe.stdlib")


def log_probe(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    log.info("probe.structlog", full_path=request.get_full_path())
    stdlib_log.warning("probe stdlib %s", request.get_full_path())
    return HttpResponse("ok")


def end_enrolment(request: HttpRequest, municipality_slug: str, pk: int) -> HttpResponse:
    enrolment = Enrolment.objects.get(municipality=request.municipality, pk=pk)
    enrolment.status = EnrolmentStatus.ENDED
    enrolment.max_places = 0
    enrolment.save()
    return HttpResponse("ok")


urlpatterns = [
    path("<slug:municipality_slug>/audit-probe/log", log_probe, name="audit-log-probe"),
    path(
        "<slug:municipality_slug>/audit-probe/enrolments/<int:pk>/end",
        end_enrolment,
        name="audit-end-enrolment",
    ),
    *real_urlpatterns,
]

handler403 = "participatie.views.permission_denied"
handler404 = "participatie.views.page_not_found"
handler500 = "participatie.views.server_error"
