"""The first wall: every tenant-owned model refuses to query outside a tenant scope."""

from __future__ import annotations

import pytest
from django.core import checks
from django_scopes.exceptions import ScopeError

from participatie.tenancy.base import tenant_models
from tests.conftest import in_tenant

TENANT_MODELS = tenant_models()


def test_tenant_models_are_found():
    labels = {m._meta.label for m in TENANT_MODELS}
    assert {
        "participatie.Enrolment",
        "participatie.ServiceArea",
        "participatie.ReadEvent",
    } <= labels
    assert "participatie.HistoricalEnrolment" in labels


@pytest.mark.parametrize("model", TENANT_MODELS, ids=lambda m: m._meta.label)
def test_query_outside_a_scope_raises(db, model):
    with pytest.raises(ScopeError):
        list(model.objects.all())
    with pytest.raises(ScopeError):
        model.objects.filter(pk=1).exists()


@pytest.mark.parametrize("model", TENANT_MODELS, ids=lambda m: m._meta.label)
def test_query_in_a_scope_sees_only_that_tenant(world, model):
    dordrecht = world["dordrecht"].municipality
    with in_tenant(dordrecht):
        seen = set(model.objects.values_list("municipality_id", flat=True))
    assert seen <= {dordrecht.id}


def test_enrolments_of_other_tenants_are_invisible_in_scope(world):
    with in_tenant(world["dordrecht"].municipality):
        from participatie.models import Enrolment

        assert Enrolment.objects.count() == 2


def test_every_tenant_model_passes_the_tenancy_system_checks():
    errors = [e for e in checks.run_checks() if e.id and e.id.startswith("tenancy.")]
    assert errors == []
