"""The import pages under ``/<municipality>/import/`` and the transfers under
``/<municipality>/overdrachten/``.

Upload -> the columns mapped (suggested, the user may change them) -> the dry run with every
problem by row and column, and the file back with the problems marked -> commit -> perhaps undo.
Large files are checked and committed by a job; the run page shows its progress (htmx polls).
Files are served only here, after the permission check and through the visibility selectors:
another municipality's run or transfer is a 404. The BSN is never in a URL.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from matching.imports import files, parsing, selectors, services
from matching.imports.choices import ImportStatus, TransferDirection
from matching.imports.columns import BY_NAME
from matching.imports.forms import MappingForm, TransferForm, UploadForm
from matching.imports.models import CaseloadImport
from participatie.kernel.paging import page_of
from participatie.kernel.web import add_service_errors
from participatie.models import User
from participatie.privacy.files import file_download
from participatie.tenancy.http import TenantRequest, permission_required
from participatie.tenancy.permissions import Perm

RUNS_PER_PAGE = 25
PROBLEMS_PER_PAGE = 100


def _actor(request: TenantRequest) -> User:
    user = request.access.user
    assert user is not None  # the tenancy middleware admits only signed-in members
    return user


def _to_run(request: TenantRequest, run: CaseloadImport) -> HttpResponse:
    return redirect("matching:import-detail", request.municipality.slug, run.reference)


@require_http_methods(["GET", "POST"])
@permission_required(Perm.CASELOAD_IMPORT)
def import_home(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    """The upload form, the template and the recent runs."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            run = services.import_upload(
                municipality=request.municipality,
                content=upload.read(),
                file_name=upload.name,
                actor=_actor(request),
                organisation=selectors.mapping_owner(request.access),
            )
        except parsing.FileRefused as refused:
            form.add_error("file", str(refused))
        else:
            return _to_run(request, run)
    runs = selectors.imports_visible_to(request.access)
    page = Paginator(runs, RUNS_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "matching/imports/home.html",
        {
            "form": form,
            "page": page,
            "can_transfer": request.access.has(Perm.CASELOAD_TRANSFER),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@permission_required(Perm.CASELOAD_IMPORT)
def template_download(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    content = files.template_bytes(step_codes=selectors.step_codes(request.municipality))
    response = HttpResponse(content, content_type=files.CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="import-sjabloon.xlsx"'
    return response


def _problem_rows(run: CaseloadImport) -> list[dict]:
    rows = []
    for problem in run.problems:
        column = BY_NAME.get(problem.get("field") or "")
        rows.append({**problem, "label": str(column.label) if column else ""})
    return rows


def _detail_context(request: TenantRequest, run: CaseloadImport) -> dict:
    problems = Paginator(_problem_rows(run), PROBLEMS_PER_PAGE).get_page(request.GET.get("pagina"))
    refusal = services.undo_refusal(run) if run.status == ImportStatus.COMMITTED else None
    return {
        "run": run,
        "problems": problems,
        "hidden_problems": max(0, run.error_count + run.warning_count - len(run.problems)),
        "progress": selectors.import_progress(run),
        "poll_url": reverse(
            "matching:import-progress", args=[request.municipality.slug, run.reference]
        ),
        "can_commit": run.status == ImportStatus.CHECKED and not run.error_count,
        "can_undo": run.status == ImportStatus.COMMITTED and refusal is None,
        "undo_until": services.undo_deadline(run),
        "can_map": run.status in (ImportStatus.MAPPING, ImportStatus.CHECKED),
    }


@require_http_methods(["GET", "POST"])
@permission_required(Perm.CASELOAD_IMPORT)
def import_detail(request: TenantRequest, municipality_slug: str, reference: UUID) -> HttpResponse:
    """The run: its mapping (POST: map and check), the problems, commit and undo."""
    run = selectors.import_get(request.access, reference)
    form = MappingForm(request.POST or None, run=run)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            owner = selectors.mapping_owner(request.access)
            try:
                run = services.import_map(
                    run=run,
                    columns=form.mapping(),
                    actor=_actor(request),
                    save_for=owner if form.cleaned_data["save_mapping"] else None,
                )
                run = services.import_check(run=run, actor=_actor(request))
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    form.add_mapping_errors(error.message_dict)
                else:
                    form.add_error(None, error)
            else:
                if run.status == ImportStatus.CHECKING:
                    messages.info(
                        request, _("Het bestand wordt gecontroleerd. Dat kan even duren.")
                    )
                return _to_run(request, run)
        status = 400
    context = _detail_context(request, run)
    context["form"] = form
    return render(request, "matching/imports/detail.html", context, status=status)


@require_GET
@permission_required(Perm.CASELOAD_IMPORT)
def import_progress(
    request: TenantRequest, municipality_slug: str, reference: UUID
) -> HttpResponse:
    run = selectors.import_get(request.access, reference)
    response = render(request, "matching/imports/_progress.html", _detail_context(request, run))
    if not run.is_busy and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"  # done: show the whole page with the outcome
    return response


@require_POST
@permission_required(Perm.CASELOAD_IMPORT)
def import_commit(request: TenantRequest, municipality_slug: str, reference: UUID) -> HttpResponse:
    run = selectors.import_get(request.access, reference)
    try:
        run = services.import_commit(run=run, actor=_actor(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _to_run(request, run)
    if run.status == ImportStatus.COMMITTED:
        messages.success(
            request,
            _(
                "De import is uitgevoerd: %(created)s nieuwe en %(updated)s bijgewerkte "
                "deelnemers, %(placements)s nieuwe plaatsingen."
            )
            % {
                "created": run.participants_created,
                "updated": run.participants_updated,
                "placements": run.placements_created,
            },
        )
    elif run.status == ImportStatus.COMMITTING:
        messages.info(request, _("De import wordt uitgevoerd. Dat kan even duren."))
    else:
        messages.error(
            request,
            _("Bij het importeren bleek iets veranderd. Er is niets opgeslagen; zie de fouten."),
        )
    return _to_run(request, run)


@require_POST
@permission_required(Perm.CASELOAD_IMPORT)
def import_undo(request: TenantRequest, municipality_slug: str, reference: UUID) -> HttpResponse:
    run = selectors.import_get(request.access, reference)
    try:
        services.import_undo(run=run, actor=_actor(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De import is ongedaan gemaakt."))
    return _to_run(request, run)


@require_GET
@permission_required(Perm.CASELOAD_IMPORT)
def import_error_file(
    request: TenantRequest, municipality_slug: str, reference: UUID
) -> FileResponse:
    run = selectors.import_get(request.access, reference)
    stem = slugify(run.file_name.rsplit(".", 1)[0])[:60] or "import"
    return file_download(
        request,
        run.error_file,
        obj=run,
        filename=f"{stem}-meldingen.xlsx",
        content_type=files.CONTENT_TYPE,
    )


# -- transfers ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required(Perm.CASELOAD_TRANSFER)
def transfers(request: TenantRequest, municipality_slug: str) -> HttpResponse:
    """Sent and received transfers, and the form that sends one."""
    form = TransferForm(request.POST or None, municipality=request.municipality)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            transfer = services.transfer_send(
                municipality=request.municipality,
                to=data["to"],
                selection=selectors.Selection(
                    current_only=data["current_only"],
                    enrolment_id=data["enrolment"].pk if data["enrolment"] else None,
                    home_municipality_id=data["home_municipality"].pk
                    if data["home_municipality"]
                    else None,
                ),
                actor=_actor(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(persons)s personen (%(placements)s plaatsingen) zijn overgedragen aan %(to)s.")
                % {
                    "persons": transfer.persons,
                    "placements": transfer.placements,
                    "to": transfer.counterpart.name,
                },
            )
            return redirect("matching:transfers", request.municipality.slug)
    transfers = selectors.transfers_visible_to(request.access)
    return render(
        request,
        "matching/imports/transfers.html",
        {
            "form": form,
            # Each direction pages on its own: a busy sender must not push what it received away.
            "incoming": page_of(
                request,
                transfers.filter(direction=TransferDirection.INCOMING),
                parameter="ontvangen",
            ),
            "outgoing": page_of(
                request,
                transfers.filter(direction=TransferDirection.OUTGOING),
                parameter="verzonden",
            ),
            "today": timezone.localdate(),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@permission_required(Perm.CASELOAD_TRANSFER)
def transfer_download(
    request: TenantRequest, municipality_slug: str, reference: UUID
) -> FileResponse:
    transfer = selectors.incoming_transfer_get(request.access, reference)
    return file_download(
        request,
        transfer.file,
        obj=transfer,
        filename=services.transfer_file_name(transfer),
        content_type=files.CONTENT_TYPE,
    )


@require_POST
@permission_required(Perm.CASELOAD_TRANSFER)
def transfer_import(
    request: TenantRequest, municipality_slug: str, reference: UUID
) -> HttpResponse:
    transfer = selectors.incoming_transfer_get(request.access, reference)
    try:
        run = services.transfer_import(transfer=transfer, actor=_actor(request))
    except (ValidationError, parsing.FileRefused) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("matching:transfers", request.municipality.slug)
    return _to_run(request, run)
