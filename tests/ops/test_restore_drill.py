"""Restore drill (runs in CI on PostgreSQL): the test database, with rows of two municipalities
committed, is dumped with ``pg_dump -Fc`` and restored with ``pg_restore`` into a fresh database
owned by the owner role. The restored database passes ``manage.py check_rls``, every tenant
table's policy is enabled and FORCEd, the app role's grants came along (as the app role it reads
nothing without the tenant setting and exactly its own rows with it), and every table holds as
many rows as the original.

The dump is made by the backup role (``scripts/pg_roles.sh``: BYPASSRLS, ``pg_read_all_data``,
nothing else): the owner cannot dump, because FORCEd RLS hides the rows from it too and pg_dump
refuses ("query would be affected by row-level security policy"). Everything else (host, port,
owner) comes from ``DATABASE_URL``, as the README's backup section does it."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from participatie.models import Attendance, Placement
from participatie.tenancy.base import tenant_models
from tests.conftest import in_tenant
from tests.factories import AttendanceFactory, PlacementFactory
from tests.ops.helpers import ROOT

BACKUP_ROLE = os.environ.get("DATABASE_BACKUP_ROLE", "participatie_backup")


def _params(dbname: str, user: str) -> dict[str, str]:
    database = connection.settings_dict
    found = {
        "host": database.get("HOST") or "127.0.0.1",
        "port": str(database.get("PORT") or 5432),
        "dbname": dbname,
        "user": user,
    }
    if database.get("PASSWORD"):
        found["password"] = database["PASSWORD"]
    return found


def _cli(params: dict[str, str]) -> list[str]:
    return ["-h", params["host"], "-p", params["port"], "-U", params["user"]]


def _env(params: dict[str, str]) -> dict[str, str]:
    env = {**os.environ}
    if "password" in params:
        env["PGPASSWORD"] = params["password"]
    return env


def _row_counts(dbname: str) -> dict[str, int]:
    with psycopg.connect(**_params(dbname, BACKUP_ROLE)) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {
            table: conn.execute(f'SELECT count(*) FROM public."{table}"').fetchone()[0]
            for table in tables
        }


def _seen_as_app(dbname: str, municipality_id: int | None) -> int:
    owner = connection.settings_dict["USER"]
    with psycopg.connect(**_params(dbname, owner)) as conn:
        conn.execute(f'SET ROLE "{settings.DATABASE_APP_ROLE}"')
        if municipality_id is not None:
            conn.execute(
                "SELECT set_config('app.municipality_ids', %s, true)", [str(municipality_id)]
            )
        return conn.execute(f"SELECT count(*) FROM {Placement._meta.db_table}").fetchone()[0]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_dump_restores_into_a_fresh_database_with_rls_forced_and_every_row(
    dordrecht, zwijndrecht, tmp_path
):
    for side, count in ((dordrecht, 3), (zwijndrecht, 2)):
        with in_tenant(side.municipality):
            for n in range(count):
                placement = PlacementFactory(
                    municipality=side.municipality, start_date=datetime.date(2022, 1, 3 + n)
                )
                AttendanceFactory(municipality=side.municipality, placement=placement)
    with in_tenant(dordrecht.municipality):
        assert Attendance.objects.count() == 3

    source = connection.settings_dict["NAME"]
    owner = connection.settings_dict["USER"]
    restored = f"{source}_restore_{uuid.uuid4().hex[:8]}"
    dump = tmp_path / "participatie.dump"
    backup = _params(source, BACKUP_ROLE)
    subprocess.run(
        ["pg_dump", "-Fc", *_cli(backup), "-d", source, "-f", str(dump)],
        env=_env(backup),
        check=True,
        capture_output=True,
    )
    target = _params("postgres", owner)
    subprocess.run(
        ["createdb", *_cli(target), "-O", owner, restored],
        env=_env(target),
        check=True,
        capture_output=True,
    )
    try:
        restore = _params(restored, owner)
        result = subprocess.run(
            ["pg_restore", "--exit-on-error", *_cli(restore), "-d", restored, str(dump)],
            env=_env(restore),
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr

        host, port = restore["host"], restore["port"]
        check = subprocess.run(
            [sys.executable, "manage.py", "check_rls"],
            cwd=ROOT,
            env={**_env(restore), "DATABASE_URL": f"postgres://{owner}@{host}:{port}/{restored}"},
            capture_output=True,
            text=True,
        )
        assert check.returncode == 0, check.stderr
        assert "tenant-owned tables are protected" in check.stdout

        with psycopg.connect(**restore) as conn:
            flags = dict(
                conn.execute(
                    "SELECT relname, relrowsecurity AND relforcerowsecurity FROM pg_class "
                    "WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'"
                ).fetchall()
            )
            owners = {
                name
                for (name,) in conn.execute(
                    "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'"
                )
            }
        tenant_tables = {model._meta.db_table for model in tenant_models()}
        assert tenant_tables <= set(flags)
        assert all(flags[table] for table in tenant_tables), [
            table for table in tenant_tables if not flags[table]
        ]
        assert owners == {owner}

        # The app role's grants came along, and the wall holds: nothing without the setting,
        # exactly the municipality's own rows with it.
        assert _seen_as_app(restored, None) == 0
        assert _seen_as_app(restored, dordrecht.municipality.id) == 3
        assert _seen_as_app(restored, zwijndrecht.municipality.id) == 2

        original, copy = _row_counts(source), _row_counts(restored)
        assert copy == original
        assert original[Attendance._meta.db_table] == 5
    finally:
        subprocess.run(
            ["dropdb", "--if-exists", *_cli(target), restored],
            env=_env(target),
            check=True,
            capture_output=True,
        )
