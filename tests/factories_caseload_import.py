"""Factories of the caseload import's records (issue 14), registered in
tests.factories.TENANT_FACTORIES."""

from __future__ import annotations

import factory

from matching.imports.choices import ChangeKind, ImportStatus, TransferDirection
from matching.models import CaseloadImport, CaseloadImportChange, CaseloadTransfer
from tests.factories import MunicipalityFactory, UserFactory


class CaseloadTransferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseloadTransfer

    municipality = factory.SubFactory(MunicipalityFactory)
    direction = TransferDirection.OUTGOING
    counterpart = factory.SubFactory(MunicipalityFactory)
    persons = 1
    placements = 1
    sent_by = factory.SubFactory(UserFactory, mfa=False)


class CaseloadImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseloadImport

    municipality = factory.SubFactory(MunicipalityFactory)
    status = ImportStatus.CHECKED
    file_name = "caseload.xlsx"
    sha256 = "0" * 64


class CaseloadImportChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseloadImportChange

    municipality = factory.SubFactory(MunicipalityFactory)
    run = factory.SubFactory(
        CaseloadImportFactory, municipality=factory.SelfAttribute("..municipality")
    )
    kind = ChangeKind.PARTICIPANT_CREATED


CASELOAD_IMPORT_FACTORIES: dict[type, type[factory.django.DjangoModelFactory]] = {
    CaseloadTransfer: CaseloadTransferFactory,
    CaseloadImport: CaseloadImportFactory,
    CaseloadImportChange: CaseloadImportChangeFactory,
}
