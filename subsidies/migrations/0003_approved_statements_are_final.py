"""An approved quarter statement is final, in the database itself.

The services already refuse to change an approved statement; these triggers also stop every
other path: ``QuerySet.update()``, ``bulk_update()``, deletes (with their cascades) and raw SQL.

* Statement: an UPDATE or DELETE of a row whose stored status is ``approved`` is refused. No
  service changes a statement after approval (approving is the update of a *confirmed* row;
  a change afterwards is a new, correcting statement), so nothing is allowed from there.
  Inserting a row that is already approved stays possible (imports, test data).
* Line: an INSERT, UPDATE or DELETE of a line whose statement is approved is refused (for an
  UPDATE both the old and the new statement count).

PostgreSQL: the statement trigger is per row, with a ``WHEN`` clause so that other rows cost
no function call (the settlement's bulk UPDATE of draft totals); the line triggers are per
statement over the transition tables: one join however many lines a settlement writes or
deletes. They run as the caller, under row-level security; a line is only visible together
with its statement (same municipality), so the check sees what it must. The error is an
``integrity_constraint_violation``, Django's ``IntegrityError``, as SQLite's ``RAISE(ABORT)``.

SQLite has only row triggers with one event each, hence five. Django rebuilds an SQLite table
for many ``ALTER TABLE`` changes and the rebuild drops the table's triggers: a later migration
that alters either table must create them again (the tests in
``tests/subsidies_statements/test_approved_is_final.py`` fail when they are missing).
"""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

# The same message on both databases (a migration keeps its own copy, not the app's).
REFUSED = "'Een goedgekeurde declaratie kan niet worden gewijzigd; stel een correctie op.'"

POSTGRESQL = [
    f"""
    CREATE OR REPLACE FUNCTION subsidies_statement_refuse_approved() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION USING
            MESSAGE = {REFUSED},
            ERRCODE = 'integrity_constraint_violation',
            DETAIL = format('%s of approved quarter statement %s', TG_OP, OLD.id);
    END
    $$
    """,
    """
    CREATE TRIGGER subsidies_statement_approved_final
    BEFORE UPDATE OR DELETE ON subsidies_quarterstatement
    FOR EACH ROW WHEN (OLD.status = 'approved')
    EXECUTE FUNCTION subsidies_statement_refuse_approved()
    """,
    f"""
    CREATE OR REPLACE FUNCTION subsidies_statementline_refuse_approved() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        approved_id bigint;
    BEGIN
        -- Each branch reads only the transition tables its trigger declares.
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            SELECT s.id INTO approved_id
            FROM old_lines l
            JOIN subsidies_quarterstatement s
              ON s.municipality_id = l.municipality_id AND s.id = l.statement_id
            WHERE s.status = 'approved'
            LIMIT 1;
        END IF;
        IF approved_id IS NULL AND TG_OP IN ('INSERT', 'UPDATE') THEN
            SELECT s.id INTO approved_id
            FROM new_lines l
            JOIN subsidies_quarterstatement s
              ON s.municipality_id = l.municipality_id AND s.id = l.statement_id
            WHERE s.status = 'approved'
            LIMIT 1;
        END IF;
        IF approved_id IS NOT NULL THEN
            RAISE EXCEPTION USING
                MESSAGE = {REFUSED},
                ERRCODE = 'integrity_constraint_violation',
                DETAIL = format('%s of a line of approved quarter statement %s',
                                TG_OP, approved_id);
        END IF;
        RETURN NULL;
    END
    $$
    """,  # noqa: S608 (constant text)
    """
    CREATE TRIGGER subsidies_statementline_approved_final_insert
    AFTER INSERT ON subsidies_statementline REFERENCING NEW TABLE AS new_lines
    FOR EACH STATEMENT EXECUTE FUNCTION subsidies_statementline_refuse_approved()
    """,
    """
    CREATE TRIGGER subsidies_statementline_approved_final_update
    AFTER UPDATE ON subsidies_statementline
    REFERENCING OLD TABLE AS old_lines NEW TABLE AS new_lines
    FOR EACH STATEMENT EXECUTE FUNCTION subsidies_statementline_refuse_approved()
    """,
    """
    CREATE TRIGGER subsidies_statementline_approved_final_delete
    AFTER DELETE ON subsidies_statementline REFERENCING OLD TABLE AS old_lines
    FOR EACH STATEMENT EXECUTE FUNCTION subsidies_statementline_refuse_approved()
    """,
]

POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS subsidies_statementline_approved_final_delete"
    " ON subsidies_statementline",
    "DROP TRIGGER IF EXISTS subsidies_statementline_approved_final_update"
    " ON subsidies_statementline",
    "DROP TRIGGER IF EXISTS subsidies_statementline_approved_final_insert"
    " ON subsidies_statementline",
    "DROP FUNCTION IF EXISTS subsidies_statementline_refuse_approved()",
    "DROP TRIGGER IF EXISTS subsidies_statement_approved_final ON subsidies_quarterstatement",
    "DROP FUNCTION IF EXISTS subsidies_statement_refuse_approved()",
]

SQLITE = [
    f"""
    CREATE TRIGGER subsidies_statement_approved_no_update
    BEFORE UPDATE ON subsidies_quarterstatement FOR EACH ROW
    WHEN OLD.status = 'approved'
    BEGIN
        SELECT RAISE(ABORT, {REFUSED});
    END
    """,
    f"""
    CREATE TRIGGER subsidies_statement_approved_no_delete
    BEFORE DELETE ON subsidies_quarterstatement FOR EACH ROW
    WHEN OLD.status = 'approved'
    BEGIN
        SELECT RAISE(ABORT, {REFUSED});
    END
    """,
    f"""
    CREATE TRIGGER subsidies_statementline_approved_no_insert
    BEFORE INSERT ON subsidies_statementline FOR EACH ROW
    WHEN EXISTS (
        SELECT 1 FROM subsidies_quarterstatement s
        WHERE s.id = NEW.statement_id AND s.status = 'approved'
    )
    BEGIN
        SELECT RAISE(ABORT, {REFUSED});
    END
    """,  # noqa: S608 (constant text)
    f"""
    CREATE TRIGGER subsidies_statementline_approved_no_update
    BEFORE UPDATE ON subsidies_statementline FOR EACH ROW
    WHEN EXISTS (
        SELECT 1 FROM subsidies_quarterstatement s
        WHERE s.id IN (OLD.statement_id, NEW.statement_id) AND s.status = 'approved'
    )
    BEGIN
        SELECT RAISE(ABORT, {REFUSED});
    END
    """,  # noqa: S608 (constant text)
    f"""
    CREATE TRIGGER subsidies_statementline_approved_no_delete
    BEFORE DELETE ON subsidies_statementline FOR EACH ROW
    WHEN EXISTS (
        SELECT 1 FROM subsidies_quarterstatement s
        WHERE s.id = OLD.statement_id AND s.status = 'approved'
    )
    BEGIN
        SELECT RAISE(ABORT, {REFUSED});
    END
    """,  # noqa: S608 (constant text)
]

SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS subsidies_statementline_approved_no_delete",
    "DROP TRIGGER IF EXISTS subsidies_statementline_approved_no_update",
    "DROP TRIGGER IF EXISTS subsidies_statementline_approved_no_insert",
    "DROP TRIGGER IF EXISTS subsidies_statement_approved_no_delete",
    "DROP TRIGGER IF EXISTS subsidies_statement_approved_no_update",
]


def _run(schema_editor: BaseDatabaseSchemaEditor, by_vendor: dict[str, list[str]]) -> None:
    # params=None: the SQL holds % signs (format()) that are not placeholders.
    for sql in by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql, params=None)


def create_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, {"postgresql": POSTGRESQL, "sqlite": SQLITE})


def drop_triggers(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, {"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE})


class Migration(migrations.Migration):
    dependencies = [
        ("subsidies", "0002_statement_sums_in_cents"),
    ]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers),
    ]
