from __future__ import annotations

import pytest
from django.apps import apps
from django.db import transaction

from participatie.demo import DEMO_USERS
from participatie.tenancy.context import all_tenants
from tests.ops.helpers import load_demo

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, list[str]]:
    """Every row of every table (tenant-owned and audit history included)."""
    with transaction.atomic(), all_tenants(reason="test: compare the whole database"):
        return {
            model._meta.label: sorted(repr(row) for row in model._base_manager.values_list())
            for model in apps.get_models()
        }


def test_second_run_changes_no_row(settings):
    settings.DEBUG = True  # with the demo users
    first_out, _ = load_demo()
    assert "nieuw" in first_out
    before = snapshot()
    assert len(before["participatie.Enrolment"]) >= 12
    assert len(before["participatie.User"]) == len(DEMO_USERS)

    second_out, _ = load_demo()

    assert "niets gewijzigd" in second_out
    assert snapshot() == before


def test_run_restores_a_changed_demo_value_and_only_that(settings):
    from participatie.models import Municipality

    settings.DEBUG = True
    load_demo()
    Municipality.objects.filter(slug="dordrecht").update(cbs_code="GM9999")
    out, _ = load_demo()
    assert "1 gemeenten bijgewerkt" in out
    assert Municipality.objects.get(slug="dordrecht").cbs_code == "GM0505"
