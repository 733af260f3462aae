"""Test-only routes in front of the real URL scheme: a view that fails with a BSN in its error,
and one that runs a Celery task that logs one, so the log probe reaches every kind of line."""

from __future__ import annotations

from celery import shared_task
from celery.utils.log import get_task_logger
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as real_urlpatterns

PROBE_BSN = "111222333"
task_log = get_task_logger("tests.privacy_duties.probe")


@shared_task(name="tests.privacy_duties.probe")
def probe_task(bsn: str, query: str) -> str:
    # A name on its own cannot be told from any other word: code never logs one bare. It
    # reaches logs inside URLs and query strings, and those are masked.
    task_log.info("probe task for %s", bsn)
    task_log.warning("path /dordrecht/deelnemers/%s/?q=%s", bsn, query)
    return f"done for {bsn}"


def crash(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    raise ValueError(f"no participant with BSN {PROBE_BSN} at {request.get_full_path()}")


def run_task(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    probe_task.delay(PROBE_BSN, request.META.get("QUERY_STRING", ""))
    return HttpResponse("ok")


urlpatterns = [
    path("<slug:municipality_slug>/privacy-probe/crash", crash),
    path("<slug:municipality_slug>/privacy-probe/task", run_task),
    *real_urlpatterns,
]

handler403 = "participatie.views.permission_denied"
handler404 = "participatie.views.page_not_found"
handler500 = "participatie.views.server_error"
