"""The tenancy middleware costs at most two queries, whatever the number of memberships."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from participatie.choices import Role
from participatie.tenancy.middleware import TenancyMiddleware
from tests.conftest import in_tenant
from tests.factories import EnrolmentFactory, MembershipFactory, OrganisationFactory


def _run(user, slug):
    seen = {}

    def view(request):
        seen["municipality"] = request.municipality
        seen["roles"] = request.roles
        return HttpResponse("ok")

    request = RequestFactory().get(f"/{slug}/")
    request.user = user
    response = TenancyMiddleware(view)(request)
    return response, seen


def _give_memberships(side, count):
    user = side.lwb_a_supervisor
    for n in range(count):
        company = OrganisationFactory(slug=f"extra-{n}")
        with in_tenant(side.municipality):
            EnrolmentFactory(municipality=side.municipality, organisation=company)
        MembershipFactory(user=user, organisation=company, role=Role.LWB_SUPERVISOR)
    return user


@pytest.mark.parametrize("memberships", [0, 49])
def test_middleware_costs_two_queries(dordrecht, memberships):
    user = _give_memberships(dordrecht, memberships)
    with CaptureQueriesContext(connection) as captured:
        response, seen = _run(user, "dordrecht")
    # In production the middleware's atomic() is a BEGIN/COMMIT; inside the test's own
    # transaction it becomes a savepoint, which is no query of the middleware's.
    queries = [q["sql"] for q in captured if "SAVEPOINT" not in q["sql"]]
    assert len(queries) == 2, queries
    assert response.status_code == 200
    assert seen["municipality"] == dordrecht.municipality
    assert seen["roles"] == {Role.LWB_SUPERVISOR}


def test_unknown_slug_is_404(dordrecht):
    with pytest.raises(Http404):
        _run(dordrecht.account_holder, "atlantis")


def test_member_of_another_municipality_is_refused(dordrecht, zwijndrecht):
    with pytest.raises(PermissionDenied):
        _run(zwijndrecht.account_holder, "dordrecht")


def test_ended_enrolment_gives_no_access(dordrecht):
    from participatie.enrolments.choices import EnrolmentStatus
    from participatie.models import Enrolment

    with in_tenant(dordrecht.municipality):
        Enrolment.objects.filter(organisation=dordrecht.lwb_a).update(status=EnrolmentStatus.ENDED)
    with pytest.raises(PermissionDenied):
        _run(dordrecht.lwb_a_admin, "dordrecht")


def test_consultant_enters_only_where_the_matching_unit_serves(dordrecht, zwijndrecht):
    assert _run(dordrecht.consultant, "dordrecht")[0].status_code == 200
    with pytest.raises(PermissionDenied):
        _run(dordrecht.consultant, "zwijndrecht")
