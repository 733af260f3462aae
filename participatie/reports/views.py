"""Report pages of a municipality (``/<municipality>/rapportages/``) and of a region
(``/regio/<region>/rapportages/``): the runs, the request form of each kind, the run page whose
progress bar htmx polls, and the downloads.

One set of pages serves both scopes, each page with a municipal and a regional view: the tenancy
middleware has resolved the municipality or the region of the URL (and refused a region the user
has no regional view of); municipal pages need ``reports.request``, regional ones
``region.view``. Runs of another tenant are a 404, like unknown references.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import wraps
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from participatie.kernel.jobs import JobQueueUnavailable
from participatie.models import Municipality, Region, RegionalReportRun, ReportRun
from participatie.privacy.files import file_download
from participatie.reports import registry, selectors, services
from participatie.reports.models import REPORT_FORMATS, ReportStatus
from participatie.reports.registry import ReportKind
from participatie.reports.render import CONTENT_TYPES
from participatie.tenancy.http import TenantRequest, permission_required
from participatie.tenancy.permissions import Perm

Run = ReportRun | RegionalReportRun

RUNS_PER_PAGE = 25
FORMAT_LABELS = {
    "pdf": gettext_lazy("PDF"),
    "xlsx": gettext_lazy("Excel (XLSX)"),
    "csv": gettext_lazy("CSV"),
}


@dataclass(frozen=True)
class Scope:
    """The municipality or the region a page is about, and how to link within it."""

    kind_scope: str  # registry.MUNICIPALITY or registry.REGION
    namespace: str
    slug: str
    municipality: Municipality | None = None
    region: Region | None = None

    @classmethod
    def of_municipality(cls, municipality: Municipality) -> Scope:
        return cls(
            registry.MUNICIPALITY,
            "participatie:reports",
            municipality.slug,
            municipality=municipality,
        )

    @classmethod
    def of_region(cls, region: Region) -> Scope:
        return cls(registry.REGION, "regio:reports", region.slug, region=region)

    def url(self, name: str, *args: Any) -> str:
        return reverse(f"{self.namespace}:{name}", args=[self.slug, *args])

    @property
    def list_url(self) -> str:
        return self.url("run-list")

    @property
    def owner(self) -> dict[str, Any]:
        return {"municipality": self.municipality, "region": self.region}


def roles_of(request: TenantRequest) -> set[str]:
    """The user's roles here: each kind names the roles that may request it."""
    return set(request.access.roles)


def municipality_scope(request: TenantRequest) -> Scope:
    return Scope.of_municipality(request.municipality)


def region_scope(request: TenantRequest) -> Scope:
    if request.region is None:  # only under /regio/<slug>/, where the middleware sets it
        raise Http404(_("Deze regio bestaat niet."))
    return Scope.of_region(request.region)


# -- how a run is shown ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Download:
    fmt: str
    label: str
    url: str


@dataclass(frozen=True)
class RunRow:
    run: Run
    title: str
    parameters: str  # in words: "Jaar 2024, Kwartaal 1"
    url: str
    downloads: list[Download]

    @property
    def name(self) -> str:
        """Title and parameters in one line: the hidden context of the download links."""
        return f"{self.title}, {self.parameters}" if self.parameters else self.title

    @property
    def requester(self) -> str:
        if self.run.scheduled:
            return _("Volgens planning (elk kwartaal)")
        user = self.run.requested_by
        return (user.get_full_name() or user.email) if user is not None else "—"


class ParameterWords:
    """Turns a run's stored parameters into words, with the labels of the kind's form. A choice
    from the database (a company, say) is looked up once per field for the whole page, so a
    list of runs costs no query per run."""

    def __init__(self) -> None:
        self._choices: dict[tuple[str, str], dict[str, str]] = {}

    def __call__(self, kind: ReportKind | None, parameters: dict[str, Any]) -> str:
        if kind is None:
            return ", ".join(f"{name} {value}" for name, value in parameters.items())
        parts = []
        for name, field in kind.form.base_fields.items():
            value = parameters.get(name)
            if value in (None, ""):
                continue
            parts.append(f"{field.label} {self._value(kind, name, field, value)}")
        return ", ".join(parts)

    def _value(self, kind: ReportKind, name: str, field: forms.Field, value: Any) -> str:
        if isinstance(field, forms.DateField):
            try:
                return date_format(date.fromisoformat(str(value)), "j F Y")
            except ValueError:
                return str(value)
        if isinstance(field, forms.BooleanField):
            return _("ja") if value in (True, "True", "true", "on", "1") else _("nee")
        if isinstance(field, forms.ChoiceField):
            key = (kind.slug, name)
            if key not in self._choices:
                self._choices[key] = {
                    str(choice): str(label) for choice, label in field.choices if choice != ""
                }
            return self._choices[key].get(str(value), str(value))
        return str(value)


def download_filename(run: Run, kind: ReportKind | None, fmt: str) -> str:
    """``bezetting-2024-k1.pdf``: the kind's Dutch title and the period, readable in a folder."""
    parts = [slugify(str(kind.title)) if kind is not None else run.kind]
    fields = kind.form.base_fields if kind is not None else {}
    for name, value in run.parameters.items():
        if value in (None, "") or isinstance(fields.get(name), forms.BooleanField):
            continue
        parts.append(f"k{value}" if name == "quarter" else slugify(str(value)))
    return f"{'-'.join(part for part in parts if part)}.{fmt}"


def downloads(scope: Scope, run: Run) -> list[Download]:
    if run.status != ReportStatus.DONE:
        return []
    return [
        Download(
            fmt=fmt,
            label=str(FORMAT_LABELS[fmt]),
            url=scope.url("run-download", run.reference, fmt),
        )
        for fmt in REPORT_FORMATS
        if getattr(run, fmt)
    ]


def run_rows(scope: Scope, runs: Iterable[Run]) -> list[RunRow]:
    words = ParameterWords()
    rows = []
    for run in runs:
        kind = registry.report_kind(run.kind)
        rows.append(
            RunRow(
                run=run,
                title=str(kind.title) if kind is not None else run.kind,
                parameters=words(kind, run.parameters),
                url=scope.url("run-detail", run.reference),
                downloads=downloads(scope, run),
            )
        )
    return rows


# -- pages --------------------------------------------------------------------------------------


def list_page(request: TenantRequest, scope: Scope) -> HttpResponse:
    runs = selectors.report_runs(roles=roles_of(request), **scope.owner)
    page = Paginator(runs, RUNS_PER_PAGE).get_page(request.GET.get("pagina"))
    kinds = registry.report_kinds(scope=scope.kind_scope, roles=roles_of(request))
    return render(
        request,
        "reports/list.html",
        {
            "scope": scope,
            "page": page,
            "rows": run_rows(scope, page.object_list),
            "kinds": [(kind, scope.url("run-request", kind.slug)) for kind in kinds],
        },
    )


class RequestOptions(forms.Form):
    force = forms.BooleanField(
        label=gettext_lazy("Opnieuw maken"),
        required=False,
        help_text=gettext_lazy(
            "Maak de rapportage opnieuw, ook als er al een is voor dezelfde gegevens."
        ),
    )


def dressed(form: forms.BaseForm) -> forms.BaseForm:
    """NL Design System classes on the widgets, and aria-invalid plus the error's id on fields
    with errors, so a screen reader reads the error with the field. The kinds' forms are plain
    Django forms (they also validate stored parameters in the worker), so the page dresses them.
    """
    css: dict[type[forms.Widget], str] = {
        forms.Select: "utrecht-select utrecht-select--html-select",
        forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    }
    for bound in form:
        attrs = bound.field.widget.attrs
        attrs.setdefault(
            "class",
            css.get(type(bound.field.widget), "utrecht-textbox utrecht-textbox--html-input"),
        )
        described = [f"{bound.auto_id}_helptext"] if bound.help_text else []
        if bound.errors:
            attrs["aria-invalid"] = "true"
            described.insert(0, f"id_{bound.name}_error")
        if described:
            attrs["aria-describedby"] = " ".join(described)
    return form


def requestable_kind(request: TenantRequest, scope: Scope, slug: str) -> ReportKind:
    kind = registry.report_kind(slug)
    if kind is None or scope.kind_scope not in kind.scopes:
        raise Http404(_("Deze soort rapportage bestaat niet."))
    if kind not in registry.report_kinds(scope=scope.kind_scope, roles=roles_of(request)):
        raise PermissionDenied(_("Uw rol kan deze rapportage niet aanvragen."))
    return kind


def _request(
    request: TenantRequest, scope: Scope, kind: ReportKind, data: Any, *, force: bool
) -> services.RunRequest:
    return services.report_request(
        kind_slug=kind.slug,
        data=data,
        user=request.user,
        roles=roles_of(request),
        force=force,
        **scope.owner,
    )


def request_page(request: TenantRequest, scope: Scope, kind: str) -> HttpResponse:
    report_kind = requestable_kind(request, scope, kind)
    options = RequestOptions(request.POST if request.method == "POST" else None)
    status_code = 400 if request.method == "POST" else 200
    if options.is_valid():
        try:
            requested = _request(
                request, scope, report_kind, request.POST, force=options.cleaned_data["force"]
            )
        except services.ReportParametersInvalid as invalid:
            form = invalid.form
        except JobQueueUnavailable as unavailable:
            form = report_kind.form(data=request.POST)
            form.is_valid()
            form.add_error(None, str(unavailable))
            status_code = 503
        else:
            if requested.reused:
                messages.info(request, _("Deze rapportage bestond al voor deze gegevens."))
            return redirect(scope.url("run-detail", requested.run.reference))
    else:
        form = report_kind.form()
    return render(
        request,
        "reports/request.html",
        {"scope": scope, "kind": report_kind, "form": dressed(form), "options": dressed(options)},
        status=status_code,
    )


def _run(request: TenantRequest, scope: Scope, reference: UUID) -> Run:
    return selectors.report_run_get(reference=reference, roles=roles_of(request), **scope.owner)


def progress_context(request: TenantRequest, scope: Scope, run: Run) -> dict[str, Any]:
    """What the progress fragment shows. The status sentence goes to a live region that stays
    on the page; it is sent only when it changed since the page last announced it (``gemeld``),
    so a screen reader hears each stage once, not the same sentence every second."""
    progress = selectors.report_progress(run)
    status = ReportStatus(progress.status)
    if status == ReportStatus.FAILED:
        sentence = _("De rapportage is mislukt.")
    elif status == ReportStatus.EXPIRED:
        sentence = _("De bestanden van deze rapportage zijn verlopen.")
    elif status == ReportStatus.DONE:
        sentence = _("De rapportage is klaar. U kunt de bestanden downloaden.")
    elif progress.label:
        sentence = f"{status.label}: {progress.label} ({progress.percent}%)"
    else:
        sentence = f"{status.label} ({progress.percent}%)"
    return {
        "scope": scope,
        "run": run,
        "progress": progress,
        "status": status,
        "sentence": sentence,
        "announce": request.GET.get("gemeld") != sentence,
        "downloads": downloads(scope, run),
        "poll_url": scope.url("run-progress", run.reference),
        "detail_url": scope.url("run-detail", run.reference),
        # A finished run can be made again with the same parameters (expired files, new data).
        "can_again": progress.finished and registry.report_kind(run.kind) is not None,
    }


def detail_page(request: TenantRequest, scope: Scope, reference: UUID) -> HttpResponse:
    """The run and its progress; POST makes it again ("Opnieuw maken") with its parameters."""
    run = _run(request, scope, reference)
    kind = registry.report_kind(run.kind)
    if request.method == "POST":
        if kind is None:
            raise Http404(_("Deze soort rapportage bestaat niet meer."))
        try:
            requested = _request(request, scope, kind, run.parameters, force=True)
        except services.ReportParametersInvalid as invalid:
            for errors in invalid.form.errors.values():
                messages.error(request, " ".join(map(str, errors)))
            return redirect(scope.url("run-detail", run.reference))
        except JobQueueUnavailable as unavailable:
            messages.error(request, str(unavailable))
            return redirect(scope.url("run-detail", run.reference))
        return redirect(scope.url("run-detail", requested.run.reference))
    context = progress_context(request, scope, run)
    context.update(row=run_rows(scope, [run])[0], announce=False)
    return render(request, "reports/detail.html", context)


def progress_page(request: TenantRequest, scope: Scope, reference: UUID) -> HttpResponse:
    """The fragment htmx polls every second until the run has finished."""
    run = _run(request, scope, reference)
    return render(request, "reports/_progress.html", progress_context(request, scope, run))


def download(request: TenantRequest, scope: Scope, reference: UUID, fmt: str) -> FileResponse:
    if fmt not in REPORT_FORMATS:
        raise Http404(_("Dit bestandsformaat bestaat niet."))
    run = _run(request, scope, reference)
    stored = selectors.report_file(run, fmt)
    return file_download(
        request,
        stored,
        obj=run,
        filename=download_filename(run, registry.report_kind(run.kind), fmt),
        content_type=CONTENT_TYPES[fmt],
    )


# -- the views: a municipality's (``participatie:reports``) and a region's (``regio:reports``) --


@dataclass(frozen=True)
class ReportPages:
    """The report pages of one kind of scope: the same pages, each behind the permission of
    that scope (``reports.request`` in a municipality, ``region.view`` in a region)."""

    permission: Perm
    scope_of: Callable[[TenantRequest], Scope]

    def view(self, page: Callable[..., HttpResponseBase], methods: list[str]) -> Callable:
        @require_http_methods(methods)
        @permission_required(self.permission)
        @wraps(page)
        def view(request: TenantRequest, **kwargs: Any) -> HttpResponseBase:
            kwargs.pop("municipality_slug", None)
            kwargs.pop("region_slug", None)
            return page(request, self.scope_of(request), **kwargs)

        return view


MUNICIPALITY_PAGES = ReportPages(Perm.REPORTS_REQUEST, municipality_scope)
REGION_PAGES = ReportPages(Perm.REGION_VIEW, region_scope)
