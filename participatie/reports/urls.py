"""Report pages, included twice: under ``/<municipality_slug>/`` (namespace
``participatie:reports``, ``urlpatterns``) and under ``/regio/<region_slug>/`` (``regio:reports``,
``region_urlpatterns``). The two scopes share the pages, each behind its own permission
(``reports.request`` and ``region.view``: ``views.ReportPages``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from participatie.reports import views

app_name = "reports"


def _patterns(pages: views.ReportPages) -> list[URLPattern]:
    return [
        path("rapportages/", pages.view(views.list_page, ["GET"]), name="run-list"),
        path(
            "rapportages/nieuw/<slug:kind>/",
            pages.view(views.request_page, ["GET", "POST"]),
            name="run-request",
        ),
        path(
            "rapportages/<uuid:reference>/",
            pages.view(views.detail_page, ["GET", "POST"]),
            name="run-detail",
        ),
        path(
            "rapportages/<uuid:reference>/voortgang/",
            pages.view(views.progress_page, ["GET"]),
            name="run-progress",
        ),
        path(
            "rapportages/<uuid:reference>/<slug:fmt>",
            pages.view(views.download, ["GET"]),
            name="run-download",
        ),
    ]


urlpatterns = _patterns(views.MUNICIPALITY_PAGES)
region_urlpatterns = _patterns(views.REGION_PAGES)
