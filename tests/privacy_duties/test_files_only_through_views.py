"""Why 1: with DEBUG every file under /media/ was served to anyone, at guessable paths. Now every
file the product makes is reachable only through a view that checks tenant and role, in DEBUG
and in production settings; stored names are random; downloads are logged and never cached.

The walk: every FileField of every model must have a row in FILES (a new kind of file fails
the first test until its download is covered here), and for each row anonymous, another
municipality, another company and the bare /media/ path get nothing.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models
from django.urls import clear_url_caches, reverse, set_urlconf
from django.utils import timezone

import config.urls
from matching.imports.choices import TransferDirection
from participatie.models import ReadEvent, ReportStatus
from participatie.privacy.choices import ReadKind
from participatie.privacy.files import private_file_name
from subsidies.choices import DecisionStatus
from tests.conftest import Side, in_tenant, login
from tests.factories import ReportRunFactory
from tests.factories_caseload_import import CaseloadImportFactory, CaseloadTransferFactory
from tests.factories_matching_unit import MatchingUnitDecisionFactory
from tests.factories_subsidies import DeterminationFactory, SubsidyDecisionFactory

SECRET = b"%PDF-1.4 vertrouwelijk: Jansen 123456782"


@dataclass(frozen=True)
class FileKind:
    """One kind of stored file: how a test makes one (in Dordrecht, for company A) and the URL
    of its download, and who may download it."""

    model: str
    fields: tuple[str, ...]
    make: Callable[[Side], tuple[models.Model, str]]
    allowed: Callable[[Side], object]


def _report(side: Side) -> tuple[models.Model, str]:
    with in_tenant(side.municipality):
        run = ReportRunFactory(
            municipality=side.municipality, status=ReportStatus.DONE, finished_at=timezone.now()
        )
        run.csv.save("occupancy.csv", ContentFile(SECRET), save=True)
    url = reverse(
        "participatie:reports:run-download", args=[side.municipality.slug, run.reference, "csv"]
    )
    return run, url


def _decision(side: Side) -> tuple[models.Model, str]:
    with in_tenant(side.municipality):
        decision = SubsidyDecisionFactory(
            municipality=side.municipality,
            enrolment=side.municipality_enrolment_a,  # type: ignore[attr-defined]
            status=DecisionStatus.APPROVED,
            approved_at=timezone.now(),
            approved_by=side.second_account_holder,
        )
        decision.letter.save(private_file_name("pdf"), ContentFile(SECRET), save=True)
    return decision, reverse("subsidies:decision-pdf", args=[side.municipality.slug, decision.pk])


def _decision_api(side: Side) -> tuple[models.Model, str]:
    decision, _url = _decision(side)
    return decision, f"/api/v1/{side.municipality.slug}/decisions/{decision.pk}/pdf"


def _determination(side: Side) -> tuple[models.Model, str]:
    with in_tenant(side.municipality):
        determination = DeterminationFactory(
            municipality=side.municipality,
            enrolment=side.municipality_enrolment_a,  # type: ignore[attr-defined]
            approved_at=timezone.now(),
            approved_by=side.second_account_holder,
        )
        determination.letter.save(private_file_name("pdf"), ContentFile(SECRET), save=True)
    url = reverse("subsidies:determination-pdf", args=[side.municipality.slug, determination.pk])
    return determination, url


def _mu_decision(side: Side) -> tuple[models.Model, str]:
    with in_tenant(side.municipality):
        decision = MatchingUnitDecisionFactory(
            municipality=side.municipality,
            application__matching_unit=side.matching_unit,
            status="approved",
            approved_at=timezone.now(),
            approved_by=side.second_account_holder,
        )
        decision.letter.save(private_file_name("pdf"), ContentFile(SECRET), save=True)
    url = reverse("subsidies:mu-decision-pdf", args=[side.municipality.slug, decision.pk])
    return decision, url


def _import_problems(side: Side) -> tuple[models.Model, str]:
    with in_tenant(side.municipality):
        run = CaseloadImportFactory(municipality=side.municipality)
        run.error_file.save("meldingen.xlsx", ContentFile(SECRET), save=True)
    url = reverse("matching:import-errors", args=[side.municipality.slug, run.reference])
    return run, url


def _transfer(side: Side) -> tuple[models.Model, str]:
    with in_tenant(side.municipality):
        transfer = CaseloadTransferFactory(
            municipality=side.municipality, direction=TransferDirection.INCOMING
        )
        transfer.file.save("overdracht.xlsx", ContentFile(SECRET), save=True)
    url = reverse("matching:transfer-download", args=[side.municipality.slug, transfer.reference])
    return transfer, url


# Every stored file of the product. A new FileField fails test_every_file_field_is_walked
# until a row here shows that its download is authorised.
FILES: dict[str, FileKind] = {
    "report": FileKind(
        "participatie.ReportRun", ("pdf", "xlsx", "csv"), _report, lambda s: s.account_holder
    ),
    "decision": FileKind(
        "subsidies.SubsidyDecision", ("letter",), _decision, lambda s: s.lwb_a_admin
    ),
    "decision-api": FileKind(
        "subsidies.SubsidyDecision", ("letter",), _decision_api, lambda s: s.lwb_a_admin
    ),
    "determination": FileKind(
        "subsidies.Determination", ("letter",), _determination, lambda s: s.lwb_a_admin
    ),
    "mu-decision": FileKind(
        "subsidies.MatchingUnitDecision", ("letter",), _mu_decision, lambda s: s.account_holder
    ),
    "import-problems": FileKind(
        "matching.CaseloadImport", ("error_file",), _import_problems, lambda s: s.consultant
    ),
    "transfer": FileKind(
        "matching.CaseloadTransfer", ("file",), _transfer, lambda s: s.account_holder
    ),
}
# Regional report runs hold aggregates of a region only; their download is the same view as a
# municipality's (participatie.reports.views.download) behind region.view.
REGIONAL = {("participatie.RegionalReportRun", name) for name in ("pdf", "xlsx", "csv")}
# The uploaded caseload file is read by the import job only: no view offers it back (the
# problems file is its marked copy). test_the_uploaded_caseload_is_never_served checks it.
NOT_OFFERED = {("matching.CaseloadImport", "file")}


def test_every_file_field_is_walked():
    found = {
        (model._meta.label, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    }
    walked = {(kind.model, name) for kind in FILES.values() for name in kind.fields} | REGIONAL
    walked |= NOT_OFFERED
    assert found - walked == set(), "add the download of these files to FILES"


@pytest.fixture
def company_a(dordrecht: Side) -> Side:
    from participatie.models import Enrolment

    with in_tenant(dordrecht.municipality):
        dordrecht.municipality_enrolment_a = Enrolment.objects.get(  # type: ignore[attr-defined]
            municipality=dordrecht.municipality, organisation=dordrecht.lwb_a
        )
    return dordrecht


@pytest.fixture(params=[False, True], ids=["production", "debug"])
def debug_urls(request, settings) -> Iterator[bool]:
    """The URL scheme as it is built with DEBUG off and on (config.urls reads it at import)."""
    settings.DEBUG = request.param
    importlib.reload(config.urls)
    clear_url_caches()
    set_urlconf(None)
    yield request.param
    settings.DEBUG = False
    importlib.reload(config.urls)
    clear_url_caches()


def _refused(response) -> bool:
    if response.status_code == 302:
        return response["Location"].startswith("/accounts/login/")
    return response.status_code in (401, 403, 404)


@pytest.mark.parametrize("key", sorted(FILES))
def test_nobody_else_gets_the_file(client, company_a, zwijndrecht, debug_urls, key):
    kind = FILES[key]
    obj, url = kind.make(company_a)
    stored = next(getattr(obj, name) for name in kind.fields if getattr(obj, name))

    # The bare storage path, with and without a login: never served.
    for who in (None, company_a.account_holder):
        if who is not None:
            login(client, who)
        response = client.get(f"/media/{stored.name}")
        assert response.status_code != 200 or SECRET not in response.content
        assert _refused(response) or response.status_code == 404
    client.logout()

    # Anonymous: to the login page (pages) or 401 (API).
    assert _refused(client.get(url))
    # Another municipality's user: 403 under this municipality, 404 under their own.
    login(client, zwijndrecht.account_holder)
    assert client.get(url).status_code == 403
    assert client.get(url.replace("/dordrecht/", "/zwijndrecht/")).status_code == 404
    # Another company of the same municipality.
    login(client, company_a.lwb_b_admin)
    assert _refused(client.get(url))

    # The one who may: the file, never cached, and the download is in the read log.
    login(client, kind.allowed(company_a))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SECRET
    assert "no-store" in response["Cache-Control"]
    assert "Permissions-Policy" in response
    disposition = response["Content-Disposition"]
    # The name says what it is and when, never which row: no "-<id>." as the letters had.
    assert not re.search(rf"-{obj.pk}\.(pdf|csv)", disposition), disposition
    with in_tenant(company_a.municipality):
        assert ReadEvent.objects.filter(
            kind=ReadKind.DOWNLOAD, object_id=obj.pk, object_type=obj._meta.label_lower
        ).exists()


def test_the_uploaded_caseload_is_never_served(client, dordrecht, debug_urls):
    with in_tenant(dordrecht.municipality):
        run = CaseloadImportFactory(municipality=dordrecht.municipality)
        run.file.save("caseload.xlsx", ContentFile(SECRET), save=True)
    assert re.fullmatch(rf"imports/m\d+/{run.reference}/[\w-]{{24}}\.xlsx", run.file.name)
    login(client, dordrecht.consultant)
    page = client.get(reverse("matching:import-detail", args=["dordrecht", run.reference]))
    assert page.status_code == 200 and run.file.name.encode() not in page.content
    response = client.get(f"/media/{run.file.name}")
    assert response.status_code == 404 and SECRET not in response.content


def test_stored_names_carry_no_guessable_id(company_a):
    from tests.subsidies_decisions.helpers import approved, setup_money

    setup_money(company_a)
    decision = approved(company_a)
    name = decision.letter.name
    assert re.fullmatch(r"decisions/\d{4}/[0-9a-f]{32}\.pdf", name), name
    run, _url = _report(company_a)
    assert run.csv.name == f"reports/{run.reference}/occupancy.csv"
    assert f"m{company_a.municipality.pk}" not in run.csv.name


def test_pages_and_api_answers_are_not_cached(client, dordrecht):
    login(client, dordrecht.consultant)
    for path in ("/dordrecht/", "/api/v1/dordrecht/participants"):
        response = client.get(path)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        assert "camera=()" in response["Permissions-Policy"]
