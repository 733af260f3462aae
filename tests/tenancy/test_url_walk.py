"""Every tenant URL (web and API), walked generically:

* anonymous -> login redirect (web) or 401 (API);
* a user without a membership in municipality X -> 403 under X;
* an object of municipality Y requested under X's slug -> 404, for GET and for POST.
"""

from __future__ import annotations

import pytest

from participatie.choices import Role
from participatie.tenancy.base import tenant_models
from tests.conftest import in_tenant, login
from tests.factories import TENANT_FACTORIES, MembershipFactory, UserFactory
from tests.tenancy.urlwalk import FOREIGN_ID, tenant_routes

ROUTES = tenant_routes()
OBJECT_ROUTES = [r for r in ROUTES if r.has_object_id]


def test_the_walk_finds_tenant_urls():
    assert any(r.is_api for r in ROUTES) and any(not r.is_api for r in ROUTES)
    assert OBJECT_ROUTES, "no tenant URL with an object id was found"


def test_every_tenant_model_has_a_factory_for_the_walk():
    missing = {
        m._meta.label
        for m in tenant_models()
        if not getattr(m, "tenant_history", False) and m not in TENANT_FACTORIES
    }
    assert not missing, f"add these to tests.factories.TENANT_FACTORIES: {sorted(missing)}"


def _slug(route, side):
    return (
        side.municipality.region.slug if route.tenant_kind == "region" else side.municipality.slug
    )


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_anonymous_is_sent_to_login_or_gets_401(client, dordrecht, route):
    response = client.get(route.url(_slug(route, dordrecht), object_id=1))
    if route.is_api:
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_user_without_membership_gets_403(client, dordrecht, meierijstad, route):
    login(client, meierijstad.account_holder)
    for method in ("get", "post"):
        response = getattr(client, method)(route.url(_slug(route, dordrecht), object_id=1))
        assert response.status_code == 403, (method, response.status_code)


@pytest.fixture
def foreign_objects(dordrecht, zwijndrecht):
    """One row of every tenant-owned model in Zwijndrecht, all with the same id."""
    with in_tenant(zwijndrecht.municipality):
        for model, factory in TENANT_FACTORIES.items():
            factory(id=FOREIGN_ID, municipality=zwijndrecht.municipality)
    return zwijndrecht


@pytest.fixture
def platform_admin(dordrecht):
    user = UserFactory(email="platform@example.nl", is_staff=True, is_superuser=True)
    MembershipFactory(user=user, organisation=dordrecht.office, role=Role.PLATFORM_ADMIN)
    return user


def _dordrecht_users(side):
    return [
        side.account_holder,
        side.policy_officer,
        side.consultant,
        side.lwb_a_admin,
        side.lwb_a_supervisor,
    ]


def test_object_of_other_municipality_is_404(client, dordrecht, foreign_objects):
    """All object routes in one test: building a row of every tenant model is the slow part,
    so it happens once; the failure message lists every route and user that got through."""
    leaks = []
    for user in _dordrecht_users(dordrecht):
        login(client, user)
        for route in OBJECT_ROUTES:
            url = route.url(dordrecht.municipality.slug, object_id=FOREIGN_ID)
            for method in ("get", "post", "put", "patch", "delete"):
                status = getattr(client, method)(url, content_type="application/json").status_code
                if status not in (403, 404, 405) or (status == 405 and method == "get"):
                    leaks.append(f"{method.upper()} {url} as {user.email}: {status}")
    assert leaks == []


def test_the_foreign_objects_exist_under_their_own_municipality(
    client, foreign_objects, platform_admin
):
    """Control: the id used above is a real object, reachable where it belongs."""
    login(client, platform_admin)
    missing = [
        url
        for route in OBJECT_ROUTES
        if client.get(
            url := route.url(foreign_objects.municipality.slug, object_id=FOREIGN_ID)
        ).status_code
        == 404
    ]
    assert missing == []
