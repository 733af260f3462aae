"""The second wall, on PostgreSQL: as the app role, a tenant-owned table shows no row without
the transaction-local setting, and only the listed municipalities' rows with it."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.db.utils import ProgrammingError

from participatie.tenancy.base import tenant_models
from participatie.tenancy.context import set_database_tenants
from participatie.tenancy.db import POLICY_NAME, OwnerRoleError, owner_role, rls_sql
from tests.conftest import in_tenant
from tests.factories import TENANT_FACTORIES

pytestmark = pytest.mark.postgres

TABLES = [m._meta.db_table for m in tenant_models()]


@pytest.fixture
def populated(world):
    """Rows in every tenant-owned table, in two municipalities (history rows come along)."""
    for side in (world["dordrecht"], world["zwijndrecht"]):
        with in_tenant(side.municipality):
            for factory in TENANT_FACTORIES.values():
                obj = factory(municipality=side.municipality)
                obj.save()  # a second history row
    return world


def _count(table: str, ids: str | None) -> tuple[int, set[int]]:
    with transaction.atomic(), connection.cursor() as cursor:
        if ids is not None:
            cursor.execute("SELECT set_config('app.municipality_ids', %s, true)", [ids])
        cursor.execute(f'SELECT count(*), array_agg(DISTINCT municipality_id) FROM "{table}"')
        count, municipalities = cursor.fetchone()
    return count, set(municipalities or [])


def test_the_suite_runs_as_the_app_role_without_rls_bypass(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user"
        )
        user, is_super, bypass = cursor.fetchone()
        cursor.execute(
            "SELECT tableowner FROM pg_tables WHERE tablename = 'participatie_enrolment'"
        )
        owner = cursor.fetchone()[0]
    assert (is_super, bypass) == (False, False)
    assert user != owner


def test_raw_select_without_the_setting_returns_no_rows(populated):
    # One population for all tables (building every tenant model's rows is the slow part).
    leaking = {table: _count(table, None)[0] for table in TABLES}
    leaking |= {f"{table} (empty setting)": _count(table, "")[0] for table in TABLES}
    assert {table: n for table, n in leaking.items() if n} == {}


def test_raw_select_with_the_setting_returns_only_that_tenant(populated):
    dordrecht = populated["dordrecht"].municipality.id
    zwijndrecht = populated["zwijndrecht"].municipality.id
    wrong = {}
    for table in TABLES:
        count, seen = _count(table, str(dordrecht))
        if count == 0 or seen != {dordrecht}:
            wrong[table] = (count, seen)
        _count_both, seen_both = _count(table, f"{dordrecht},{zwijndrecht}")
        if seen_both != {dordrecht, zwijndrecht}:
            wrong[f"{table} (both)"] = seen_both
    assert wrong == {}


def test_insert_into_another_tenant_is_refused(world):
    dordrecht = world["dordrecht"]
    zwijndrecht = world["zwijndrecht"]
    with pytest.raises(ProgrammingError, match="row-level security"):
        with transaction.atomic(), connection.cursor() as cursor:
            set_database_tenants((dordrecht.municipality.id,))
            cursor.execute(
                "INSERT INTO participatie_servicearea (municipality_id, organisation_id) "
                "VALUES (%s, %s)",
                [zwijndrecht.municipality.id, dordrecht.lwb_a.id],
            )


def test_setting_does_not_survive_the_transaction(transactional_db):
    with transaction.atomic():
        set_database_tenants((1,))
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('app.municipality_ids', true)")
        assert cursor.fetchone()[0] in (None, "")


def test_unique_violation_does_not_reveal_another_tenants_row(world):
    """The same organisation may be enrolled in two municipalities: uniqueness is per tenant."""
    from tests.factories import EnrolmentFactory

    with in_tenant(world["zwijndrecht"].municipality):
        EnrolmentFactory(
            municipality=world["zwijndrecht"].municipality, organisation=world["dordrecht"].lwb_a
        )
    with pytest.raises(IntegrityError), in_tenant(world["dordrecht"].municipality):
        EnrolmentFactory(
            municipality=world["dordrecht"].municipality, organisation=world["dordrecht"].lwb_a
        )


def test_check_rls_passes(db, capsys):
    call_command("check_rls")
    assert "protected" in capsys.readouterr().out


def _as_owner(*statements: str) -> None:
    """DDL as the owner. owner_role() logs in anew, so it runs outside the test's transaction:
    these tests commit the damage (transactional_db) and repair it themselves."""
    with owner_role(), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def test_check_rls_fails_when_a_policy_is_dropped(transactional_db):
    table = "participatie_enrolment"
    _as_owner(f'DROP POLICY {POLICY_NAME} ON "{table}"')
    try:
        with pytest.raises(CommandError):
            call_command("check_rls")
    finally:
        _as_owner(*rls_sql(table))
    call_command("check_rls")  # repaired


def test_check_rls_fails_when_rls_is_not_forced(transactional_db):
    table = "participatie_servicearea"
    _as_owner(f'ALTER TABLE "{table}" NO FORCE ROW LEVEL SECURITY')
    try:
        with pytest.raises(CommandError):
            call_command("check_rls")
    finally:
        _as_owner(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY')
    call_command("check_rls")  # repaired


def test_owner_role_is_refused_inside_a_transaction(db):
    """The app role's login cannot become the owner, so there is no owner inside its
    transactions; owner_role() says so instead of closing the connection under it."""
    with pytest.raises(OwnerRoleError), transaction.atomic(), owner_role():
        pass
