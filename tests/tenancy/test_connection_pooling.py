"""The app role and the tenant setting in every request transaction: on direct connections, on a
persistent connection (``CONN_MAX_AGE``) and through PgBouncer in transaction pooling mode
(``scripts/pgbouncer_ci.sh``, where consecutive transactions land on different server
connections).

A probe runs before every statement the application sends, on the same database connection and,
inside a transaction, in the same transaction: who the server says we are
(``current_user``), the tenant setting, and how many participants RLS lets it see. Every request
transaction must run as the app role and see nothing but its own municipality; a transaction
must start with no setting at all (a value left by another transaction on the same server
connection would show there); and between transactions nothing tenant-visible is left.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookies import SimpleCookie
from io import BytesIO
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import Client

from participatie.models import Municipality, Participant
from participatie.tenancy.db import owner_role
from tests.conftest import Side, in_tenant, login
from tests.factories import ParticipantFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

POOLED = os.environ.get("PGBOUNCER_TRANSACTION_POOLING") == "1"
behind_pgbouncer = pytest.mark.skipif(
    not POOLED,
    reason="runs through PgBouncer only: scripts/pgbouncer_ci.sh (make test-pgbouncer)",
)

PROBE = (
    "SELECT current_user, current_setting('app.municipality_ids', true), pg_backend_pid(), "
    f"(SELECT count(*) FROM {Participant._meta.db_table})"
)
ROUNDS = 6


@dataclass(frozen=True)
class Seen:
    in_transaction: bool
    first_in_transaction: bool
    user: str
    setting: str
    backend: int
    participants: int


@contextmanager
def probing() -> Iterator[list[Seen]]:
    """Record a probe before every statement this thread's connection runs."""
    seen: list[Seen] = []

    def probe(execute: Any, sql: str, params: Any, many: bool, context: dict) -> Any:
        raw = context["connection"].connection
        in_transaction = not raw.autocommit
        first = in_transaction and raw.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
        with raw.cursor() as cursor:
            cursor.execute(PROBE)
            user, setting, backend, participants = cursor.fetchone()
        seen.append(Seen(in_transaction, first, user, setting or "", backend, participants))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(probe):
        yield seen


def tenant_paths(side: Side) -> list[str]:
    slug = side.municipality.slug
    return [f"/api/v1/{slug}/participants", f"/api/v1/{slug}/enrolments", f"/{slug}/"]


def _ids(setting: str) -> frozenset[int]:
    return frozenset(int(i) for i in setting.split(",") if i)


def check_request(side: Side, seen: list[Seen], own_participants: int) -> None:
    """Everything one request's statements saw: the app role, no one else's tenant. Besides its
    own municipality a page may open every one on purpose (``all_tenants``: the municipality
    switcher); never another request's municipality alone."""
    own = str(side.municipality.id)
    every = frozenset(Municipality.objects.values_list("id", flat=True))
    assert seen, "the request ran no statement"
    assert {s.user for s in seen} == {settings.DATABASE_APP_ROLE}
    starts = [s for s in seen if s.first_in_transaction]
    assert starts and all(s.setting == "" for s in starts), "a transaction began with a setting"
    opened = {_ids(s.setting) for s in seen if s.in_transaction}
    assert opened <= {frozenset(), frozenset({side.municipality.id}), every}, opened
    outside = [s for s in seen if not s.in_transaction]
    assert all(s.setting == "" and s.participants == 0 for s in outside)
    tenant = [s for s in seen if s.setting == own]
    assert tenant, "no statement ran inside the municipality: the check would prove nothing"
    assert {s.participants for s in tenant} == {own_participants}


def nothing_visible_between_transactions() -> None:
    with connection.cursor() as cursor:
        cursor.execute(PROBE)
        user, setting, _backend, participants = cursor.fetchone()
    assert (user, setting or "", participants) == (settings.DATABASE_APP_ROLE, "", 0)


@pytest.fixture
def two_tenants(dordrecht: Side, zwijndrecht: Side) -> list[tuple[Side, int]]:
    """Dordrecht with 3 participants, Zwijndrecht with 2: a count tells them apart."""
    for side, count in ((dordrecht, 3), (zwijndrecht, 2)):
        with in_tenant(side.municipality):
            ParticipantFactory.create_batch(count, municipality=side.municipality)
    return [(dordrecht, 3), (zwijndrecht, 2)]


def test_interleaved_requests_of_two_municipalities_each_see_only_their_own(two_tenants):
    clients = [(login(Client(), side.account_holder), side, n) for side, n in two_tenants]
    backends: set[int] = set()
    for _ in range(ROUNDS):
        for client, side, own in clients:
            for path in tenant_paths(side):
                with probing() as seen:
                    response = client.get(path)
                assert response.status_code == 200, (path, response.status_code)
                check_request(side, seen, own)
                backends |= {s.backend for s in seen}
                nothing_visible_between_transactions()
    if POOLED:
        assert len(backends) > 1, "the transactions never changed server connection"
    else:
        assert len(backends) == 1  # one client connection is one server process


def test_concurrent_requests_on_their_own_connections_never_mix_tenants(two_tenants):
    """One thread (so one database connection) per municipality, both at the same time."""
    failures: list[BaseException] = []
    start = threading.Barrier(len(two_tenants))

    def requests(side: Side, own: int) -> None:
        try:
            client = login(Client(), side.account_holder)
            start.wait()
            for _ in range(ROUNDS):
                for path in tenant_paths(side):
                    with probing() as seen:
                        assert client.get(path).status_code == 200, path
                    check_request(side, seen, own)
                    nothing_visible_between_transactions()
        except BaseException as error:  # re-raised in the test's thread
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=requests, args=pair) for pair in two_tenants]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


def _wsgi_get(path: str, session_cookie: str) -> int:
    """A GET through Django's real WSGI handler: unlike the test client it sends
    request_started/request_finished to close_old_connections, as gunicorn does."""
    status: list[str] = []
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}={session_cookie}",
        "wsgi.input": BytesIO(),
        "wsgi.url_scheme": "http",
        "wsgi.errors": BytesIO(),
    }

    def start_response(line: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        status.append(line)
        return lambda data: None

    body = WSGIHandler()(environ, start_response)
    b"".join(body)
    body.close()  # request_finished: where a too-old connection would be closed
    return int(status[0].split()[0])


def _session(side: Side) -> str:
    cookies: SimpleCookie = login(Client(), side.account_holder).cookies
    return cookies[settings.SESSION_COOKIE_NAME].value


def test_a_persistent_connection_carries_nothing_into_the_next_request(two_tenants, monkeypatch):
    """CONN_MAX_AGE on: the second request (another municipality's user) runs on the very same
    connection, as the app role, and starts with no tenant setting."""
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    connection.close()
    sessions = [(_session(side), side, own) for side, own in two_tenants]
    connections = []
    try:
        for session, side, own in sessions * 2:
            with probing() as seen:
                assert _wsgi_get(f"/api/v1/{side.municipality.slug}/participants", session) == 200
            check_request(side, seen, own)
            connections.append(connection.connection)
            nothing_visible_between_transactions()
    finally:
        connection.close()
    assert connections[0] is not None
    assert all(c is connections[0] for c in connections), "the connection was not kept"


# -- the pooler really pools (else the tests above would prove nothing about it) ------------------


def _pgbouncer(query: str) -> list[dict[str, Any]]:
    """A statement on PgBouncer's admin console (the owner is its admin there)."""
    database = connection.settings_dict
    with psycopg.connect(
        host=database["HOST"],
        port=database["PORT"],
        user=database["USER"],
        dbname="pgbouncer",
        autocommit=True,
        prepare_threshold=None,
    ) as admin:
        with admin.cursor(row_factory=psycopg.rows.dict_row) as cursor:
            cursor.execute(query)
            return cursor.fetchall() if cursor.description else []


def _app_client() -> psycopg.Connection:
    """A client connection of the app role to the test database, through PgBouncer."""
    database = connection.settings_dict
    return psycopg.connect(
        host=database["HOST"],
        port=database["PORT"],
        user=settings.DATABASE_APP_ROLE,
        dbname=database["NAME"],
        autocommit=True,
        prepare_threshold=None,
    )


def _fill_the_pool() -> None:
    """Three transactions open at once: the pool has its three server connections."""
    clients = [_app_client() for _ in range(3)]
    try:
        for client in clients:
            client.autocommit = False
            client.execute("SELECT 1")  # BEGIN: each holds a server connection
        for client in clients:
            client.commit()  # back to the pool clean (a client leaving mid-transaction kills it)
    finally:
        for client in clients:
            client.close()


@behind_pgbouncer
def test_consecutive_transactions_of_one_connection_hop_between_server_connections(db):
    _fill_the_pool()
    with connection.cursor() as cursor:
        backends = set()
        for _ in range(12):
            cursor.execute("SELECT pg_backend_pid()")
            backends.add(cursor.fetchone()[0])
    assert len(backends) > 1


@behind_pgbouncer
def test_more_clients_than_server_connections(db):
    name = connection.settings_dict["NAME"]
    clients = [_app_client() for _ in range(8)]
    try:
        for client in clients:
            client.execute("SELECT 1")
        (pool,) = [
            row
            for row in _pgbouncer("SHOW POOLS")
            if row["database"] == name and row["user"] == settings.DATABASE_APP_ROLE
        ]
        servers = sum(pool[key] for key in ("sv_active", "sv_idle", "sv_used", "sv_tested"))
        assert pool["cl_active"] + pool["cl_waiting"] >= len(clients)
        assert 0 < servers <= 3 < len(clients)
    finally:
        for client in clients:
            client.close()


@behind_pgbouncer
def test_session_state_does_cross_to_other_clients_so_the_role_is_the_login(db):
    """Why a session-level ``SET ROLE`` was wrong here: what one client sets for its session
    stays on the server connection and another client's transaction meets it. (The setting is a
    throwaway name; the server connections are reconnected afterwards.)"""
    _fill_the_pool()
    try:
        with _app_client() as setter, _app_client() as other:
            for _ in range(6):  # reach every server connection of the round robin
                setter.execute("SELECT set_config('app.pool_probe', 'left behind', false)")
            met = {
                other.execute("SELECT current_setting('app.pool_probe', true)").fetchone()[0]
                for _ in range(6)
            }
        assert "left behind" in met
    finally:
        _pgbouncer(f"RECONNECT {connection.settings_dict['NAME']}")


def test_the_app_role_is_the_login_and_only_owner_role_logs_in_as_the_owner(db):
    def who() -> tuple[str, str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT session_user, current_user")
            return cursor.fetchone()

    app = settings.DATABASE_APP_ROLE
    assert who() == (app, app)
    with owner_role():
        owner = connection.settings_dict["USER"]
        assert who() == (owner, owner)
    assert who() == (app, app)
