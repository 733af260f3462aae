from __future__ import annotations

import pytest
from django_scopes.exceptions import ScopeError

from participatie.models import Enrolment
from tests.conftest import in_tenant, login


def test_unscoped_query_raises(dordrecht):
    with pytest.raises(ScopeError):
        list(Enrolment.objects.all())


def test_scoped_query_sees_own_tenant_only(dordrecht, zwijndrecht):
    with in_tenant(dordrecht.municipality):
        assert {e.municipality_id for e in Enrolment.objects.all()} == {dordrecht.municipality.id}


def test_member_reaches_home_and_other_gets_403(client, dordrecht, zwijndrecht):
    login(client, dordrecht.account_holder)
    assert client.get("/dordrecht/").status_code == 200
    assert client.get("/zwijndrecht/").status_code == 403
    assert client.get("/nergens/").status_code == 404
