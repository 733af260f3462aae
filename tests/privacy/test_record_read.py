"""record_read: a read event in the object's own tenant, with the route and
the bare path, never a query string or anything that looks like a BSN."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import ResolverMatch

from participatie.models import ReadEvent
from participatie.privacy.audit import record_read
from participatie.tenancy.context import TenantContextError
from tests.conftest import in_tenant
from tests.privacy.conftest import first_enrolment


def _request(path: str, user, view_name: str = "participatie:dossier"):
    request = RequestFactory().get(path)
    request.user = user
    request.resolver_match = ResolverMatch(
        func=lambda r: None,
        args=(),
        kwargs={},
        url_name=view_name.split(":")[-1],
        app_names=["participatie"],
        namespaces=["participatie"],
        route="<slug>/dossier/<int:pk>",
    )
    return request


def test_record_read_outside_the_objects_tenant_refuses(dordrecht, zwijndrecht):
    enrolment = first_enrolment(dordrecht)
    request = _request("/dordrecht/dossier/1", dordrecht.account_holder)
    with pytest.raises(TenantContextError):
        record_read(request, enrolment)
    with in_tenant(zwijndrecht.municipality), pytest.raises(TenantContextError):
        record_read(request, enrolment)


def test_record_read_keeps_route_and_path_but_no_query_string_or_bsn(dordrecht):
    enrolment = first_enrolment(dordrecht)
    request = _request(
        "/dordrecht/dossier/123456789?naam=Jansen&bsn=111222333", dordrecht.consultant
    )
    with in_tenant(dordrecht.municipality):
        event = record_read(request, enrolment, object_type="participant")
        stored = ReadEvent.objects.get(pk=event.pk)

    assert stored.route == "participatie:dossier"
    assert stored.path == "/dordrecht/dossier/[REDACTED]"
    assert stored.object_type == "participant"
    assert stored.user == dordrecht.consultant
    text = " ".join(str(v) for v in vars(stored).values())
    assert "123456789" not in text and "111222333" not in text and "Jansen" not in text


def test_an_anonymous_read_is_recorded_without_a_user(dordrecht):
    from django.contrib.auth.models import AnonymousUser

    enrolment = first_enrolment(dordrecht)
    with in_tenant(dordrecht.municipality):
        event = record_read(_request("/x", AnonymousUser()), enrolment)
    assert event.user is None


def _synchronous_commit() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('synchronous_commit')")
        return cursor.fetchone()[0]


@pytest.mark.postgres
def test_a_read_does_not_wait_for_the_disk_but_a_write_does(dordrecht):
    """A GET's transaction holds only its read event: it commits without a WAL flush. A POST
    (the user's own data in the same transaction) keeps the synchronous commit."""
    enrolment = first_enrolment(dordrecht)
    with in_tenant(dordrecht.municipality):
        assert _synchronous_commit() == "on"
        post = _request("/dordrecht/dossier/1", dordrecht.consultant)
        post.method = "POST"
        record_read(post, enrolment)
        assert _synchronous_commit() == "on"
        record_read(_request("/dordrecht/dossier/1", dordrecht.consultant), enrolment)
        assert _synchronous_commit() == "off"
