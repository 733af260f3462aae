"""The second wall: PostgreSQL Row-Level Security and composite foreign keys.

* The application logs in as ``settings.DATABASE_APP_ROLE`` (neither superuser, nor owner, nor
  BYPASSRLS; the backend in ``participatie.tenancy.postgresql``), so RLS filters every query it
  makes, in every transaction, on a direct connection, a persistent one (``CONN_MAX_AGE``) or one
  shared through a transaction-pooling PgBouncer. There is no ``SET ROLE`` to lose or to leak.
  :func:`owner_role` logs in as the owner (``DATABASE_URL``) for migrations and flushes only.
* Every tenant-owned table gets ``ENABLE`` + ``FORCE ROW LEVEL SECURITY`` and one policy that admits
  a row only when its ``municipality_id`` is in the transaction-local ``app.municipality_ids``
  (see ``context.py``). Added by the :class:`EnableRowLevelSecurity` migration operation.
* References between tenant-owned tables are also ``(municipality_id, parent_id)`` foreign keys
  (:class:`CompositeForeignKey`): foreign-key checks ignore RLS, the composite key does not let a
  row point into another tenant.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, models
from django.db.migrations.operations.base import Operation

from participatie.tenancy.context import RLS_SETTING

POLICY_NAME = "tenant_isolation"
# The ids are a subquery that PostgreSQL evaluates once per statement and probes as a hash for
# each row; parsing the setting into an array for every row (the first form of this policy) cost
# seconds on a national report over 342 municipalities. No setting, or an empty one, is no ids:
# the policy admits no row.
#
# Row estimates (issue 18 item 3, measured on PostgreSQL 15): the planner gives this hashed
# subplan a fixed selectivity of 0.5 and multiplies it with the application's own
# ``municipality_id = X`` filter, so a tenant scan is estimated at half its rows. The form that
# the planner estimates exactly, ``municipality_id = ANY(string_to_array(...)::bigint[])`` (a
# STABLE expression it folds with the current setting while planning), is exact only without
# the application filter (the two still multiply), and whenever it ends up as a per-row filter
# instead of an index condition it rebuilds the array for every row: 1.5-5x slower with one
# id, 60x with 342 (a sequential scan of 400,000 rows: 5.5-6.0 s instead of 0.09 s). An
# ``ANY(ARRAY(SELECT ...))`` init-plan is cheap per row but estimated from the column's
# distinct count (3 % of the rows nationally, a nested-loop trap). A uniform 2x underestimate
# that the plans here tolerate is kept over either; the heavy jobs avoid estimate-dependent
# joins instead (``subsidies.services.settlement.sql_engine``).
POLICY_EXPRESSION = (
    "municipality_id IN (SELECT unnest(string_to_array(nullif(current_setting("
    f"'{RLS_SETTING}', true), ''), ','))::bigint)"
)


class OwnerRoleError(RuntimeError):
    pass


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


@contextmanager
def owner_role() -> Iterator[None]:
    """Run as the owner: migrations, flush, grants. Never in a request.

    The application's connection is logged in as the app role, which cannot become the owner;
    so the connection is closed and the next query logs in again as the owner, and at the end
    closed once more so that the application's next query logs in as the app role. That cannot
    happen in the middle of a transaction: there it is refused (``OwnerRoleError``). Without the
    app-role backend (SQLite, or no ``DATABASE_APP_ROLE``) the login is the owner already.
    """
    if not hasattr(connection, "owner_depth"):
        yield
        return
    outermost = not connection.owner_depth
    if outermost and connection.in_atomic_block:
        raise OwnerRoleError(
            "owner_role() logs in again as the owner and cannot start inside a transaction."
        )
    if outermost:
        connection.close()
    connection.owner_depth += 1
    try:
        yield
    finally:
        connection.owner_depth -= 1
        if outermost:
            connection.close()


def grant_app_role() -> None:
    """Give the app role what it needs on every table (DML only, never DDL or TRUNCATE)."""
    role = settings.DATABASE_APP_ROLE
    if connection.vendor != "postgresql" or not role:
        return
    quoted = _quote(role)
    with connection.cursor() as cursor:
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {quoted}")
        cursor.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}"
        )
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}")


def rls_sql(table: str) -> list[str]:
    quoted = _quote(table)
    return [
        f"ALTER TABLE {quoted} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {quoted} FORCE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS {POLICY_NAME} ON {quoted}",
        f"CREATE POLICY {POLICY_NAME} ON {quoted} "
        f"USING ({POLICY_EXPRESSION}) WITH CHECK ({POLICY_EXPRESSION})",
    ]


class RefreshTenantPolicies(Operation):
    """Re-create the tenant policy of every table that has one with the current
    ``POLICY_EXPRESSION`` (PostgreSQL only): for a change of the expression itself."""

    reduces_to_sql = True
    reversible = True

    def deconstruct(self) -> tuple[str, list, dict]:
        return (self.__class__.__qualname__, [], {})

    def state_forwards(self, app_label: str, state: object) -> None:
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT tablename FROM pg_policies "
                "WHERE schemaname = current_schema() AND policyname = %s ORDER BY tablename",
                [POLICY_NAME],
            )
            tables = [row[0] for row in cursor.fetchall()]
        for table in tables:
            schema_editor.execute(
                f"ALTER POLICY {POLICY_NAME} ON {_quote(table)} "
                f"USING ({POLICY_EXPRESSION}) WITH CHECK ({POLICY_EXPRESSION})"
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        pass  # the older expression admits the same rows; nothing to undo

    def describe(self) -> str:
        return "Re-create every tenant policy with the current expression"


class EnableRowLevelSecurity(Operation):
    """Turn on the tenant policy for a tenant-owned model's table (PostgreSQL only)."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, model_name: str) -> None:
        self.model_name = model_name

    def deconstruct(self) -> tuple[str, list, dict]:
        return (self.__class__.__qualname__, [self.model_name], {})

    def state_forwards(self, app_label: str, state: object) -> None:
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        model = to_state.apps.get_model(app_label, self.model_name)
        for statement in rls_sql(model._meta.db_table):
            schema_editor.execute(statement)

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        table = _quote(from_state.apps.get_model(app_label, self.model_name)._meta.db_table)
        schema_editor.execute(f"DROP POLICY IF EXISTS {POLICY_NAME} ON {table}")
        schema_editor.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        schema_editor.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")

    def describe(self) -> str:
        return f"Enable row-level security on {self.model_name}"


def composite_fk_name(table: str, column: str) -> str:
    return f"{table}_{column}_tenant_fk"[:63]


class CompositeForeignKey(Operation):
    """``FOREIGN KEY (municipality_id, <field>_id) REFERENCES parent (municipality_id, id)``."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, model_name: str, field_name: str) -> None:
        self.model_name = model_name
        self.field_name = field_name

    def deconstruct(self) -> tuple[str, list, dict]:
        return (self.__class__.__qualname__, [self.model_name, self.field_name], {})

    def state_forwards(self, app_label: str, state: object) -> None:
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        model = to_state.apps.get_model(app_label, self.model_name)
        field = model._meta.get_field(self.field_name)
        target = field.related_model._meta.db_table
        table = model._meta.db_table
        schema_editor.execute(
            f"ALTER TABLE {_quote(table)} ADD CONSTRAINT "
            f"{_quote(composite_fk_name(table, field.column))} "
            f"FOREIGN KEY (municipality_id, {_quote(field.column)}) "
            f"REFERENCES {_quote(target)} (municipality_id, id) DEFERRABLE INITIALLY DEFERRED"
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        model = from_state.apps.get_model(app_label, self.model_name)
        table = model._meta.db_table
        column = model._meta.get_field(self.field_name).column
        schema_editor.execute(
            f"ALTER TABLE {_quote(table)} DROP CONSTRAINT IF EXISTS "
            f"{_quote(composite_fk_name(table, column))}"
        )

    def describe(self) -> str:
        return f"Composite tenant foreign key {self.model_name}.{self.field_name}"


def rls_problems() -> list[str]:
    """What is missing from the second wall; empty when every tenant table is protected."""
    from participatie.tenancy.base import tenant_models

    problems: list[str] = []
    with connection.cursor() as cursor:
        for model in tenant_models():
            table = model._meta.db_table
            cursor.execute(
                "SELECT c.relrowsecurity, c.relforcerowsecurity FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relname = %s AND n.nspname = current_schema()",
                [table],
            )
            row = cursor.fetchone()
            if row is None:
                problems.append(f"{table}: table does not exist")
                continue
            if not row[0]:
                problems.append(f"{table}: row-level security is not enabled")
            if not row[1]:
                problems.append(f"{table}: row-level security is not forced")
            cursor.execute(
                "SELECT qual, with_check FROM pg_policies "
                "WHERE schemaname = current_schema() AND tablename = %s AND policyname = %s",
                [table, POLICY_NAME],
            )
            policy = cursor.fetchone()
            if policy is None:
                problems.append(f"{table}: policy {POLICY_NAME} is missing")
            elif not all(RLS_SETTING in (part or "") for part in policy):
                problems.append(f"{table}: policy {POLICY_NAME} does not check {RLS_SETTING}")
            for field in model._meta.concrete_fields:
                if not getattr(field, "tenant_composite", False):
                    continue
                cursor.execute(
                    "SELECT 1 FROM pg_constraint WHERE contype = 'f' AND conname = %s",
                    [composite_fk_name(table, str(field.column))],
                )
                if cursor.fetchone() is None:
                    problems.append(f"{table}.{field.column}: composite tenant foreign key missing")
    return problems


class PostgresOnlySQL(Operation):
    """Raw SQL that only PostgreSQL runs (exclusion constraints, extensions); SQLite, the
    embedded development default, relies on the service-level validation alone."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, sql: str, reverse_sql: str) -> None:
        self.sql = sql
        self.reverse_sql = reverse_sql

    def deconstruct(self) -> tuple[str, list, dict]:
        return (self.__class__.__qualname__, [self.sql, self.reverse_sql], {})

    def state_forwards(self, app_label: str, state: object) -> None:
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(self.sql)

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(self.reverse_sql)

    def describe(self) -> str:
        return "PostgreSQL-only SQL"


def bulk_insert(model: type[models.Model], fields: list[str], rows: list[tuple]) -> None:
    """Insert rows given as tuples of column values (in ``fields`` order, foreign keys as ids)
    without building model instances or reading anything back: on PostgreSQL one
    ``INSERT ... SELECT FROM unnest(arrays)`` per 50,000 rows (RLS applies as to any INSERT;
    COPY is not allowed on a table with row-level security), elsewhere ``bulk_create``."""
    if not rows:
        return
    concrete = [model._meta.get_field(name) for name in fields]
    assert all(isinstance(field, models.Field) for field in concrete), "columns, not relations"
    if connection.vendor != "postgresql":
        names = [field.attname for field in concrete]  # type: ignore[union-attr]
        model._default_manager.bulk_create(
            [model(**dict(zip(names, row, strict=True))) for row in rows], batch_size=5000
        )
        return
    columns = ", ".join(_quote(str(field.column)) for field in concrete)  # type: ignore[union-attr]
    arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in concrete)
    table = _quote(model._meta.db_table)
    sql = f"INSERT INTO {table} ({columns}) SELECT * FROM unnest({arrays})"  # noqa: S608 (names from the model)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 50_000):
            cursor.execute(
                sql, [list(column) for column in zip(*rows[start : start + 50_000], strict=True)]
            )
