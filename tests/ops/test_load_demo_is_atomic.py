from __future__ import annotations

from contextlib import contextmanager

import pytest

from participatie import demo
from participatie.models import Municipality, Organisation, Region, User
from tests.ops.helpers import load_demo

pytestmark = pytest.mark.django_db


def test_a_failure_halfway_leaves_nothing_written(monkeypatch, settings):
    settings.DEBUG = True

    @contextmanager
    def broken_tenant_context(*args, **kwargs):
        raise RuntimeError("database went away")
        yield

    # Regions, municipalities and organisations are written before the first tenant row.
    monkeypatch.setattr(demo, "tenant_context", broken_tenant_context)
    with pytest.raises(RuntimeError):
        load_demo()

    assert Region.objects.count() == 0
    assert Municipality.objects.count() == 0
    assert Organisation.objects.count() == 0
    assert User.objects.count() == 0
