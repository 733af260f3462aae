"""Fixtures of the caseload import tests: Dordrecht and Zwijndrecht with step catalogues for
2015-2030 and eight companies each (the same organisations, enrolled in both)."""

from __future__ import annotations

import pytest

from matching.imports import engine, parsing
from participatie.tenancy.context import tenant_context
from tests.caseload_import.helpers import companies, steps_for
from tests.conftest import in_tenant


@pytest.fixture
def place(dordrecht, zwijndrecht):
    """Dordrecht with steps and eight companies; the same companies enrolled in Zwijndrecht."""
    steps_for(dordrecht.municipality)
    steps_for(zwijndrecht.municipality)
    made = companies(dordrecht.municipality, 8)
    from tests.factories import EnrolmentFactory

    with in_tenant(zwijndrecht.municipality):
        for organisation in made:
            EnrolmentFactory(
                municipality=zwijndrecht.municipality, organisation=organisation, max_places=400
            )
    dordrecht.extra["companies"] = made
    return dordrecht


def kvks(side) -> list[str]:
    return [o.kvk_number for o in side.extra["companies"]]


def check(side, content: bytes, *, mapping=None, commit=False, actor=None, file_name="x.xlsx"):
    """Run the engine on ``content`` in ``side``'s municipality (inside its tenant)."""
    from django.db import transaction

    from matching.imports.mapping import suggest

    sheet = parsing.read_sheet(content, file_name)
    with transaction.atomic(), tenant_context(side.municipality.id):
        return engine.run(
            sheet=sheet,
            mapping=mapping if mapping is not None else suggest(sheet.headers),
            municipality=side.municipality,
            commit=commit,
            label=file_name,
            actor=actor or side.consultant,
        )
