"""A committed caseload import refreshes the planner statistics of the tables it filled, inside
its transaction: the queries after it (settlement above all) are planned for the rows that are
there now, not for the empty tables PostgreSQL last analysed. On SQLite the helper does nothing."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from matching.imports.choices import ImportStatus
from matching.models import CaseloadImportChange
from participatie.kernel.statistics import BULK_ROWS, analyze_filled
from participatie.models import Participant, Placement
from tests.caseload_import.conftest import kvks
from tests.caseload_import.helpers import messy_rows, xlsx
from tests.caseload_import.test_commit_and_undo import commit, upload_and_check


def _estimate(table: str) -> float:
    """The planner's row estimate of ``table`` (``pg_class.reltuples``; ``-1``: never analysed).
    ANALYZE writes it in place, so the test sees it inside its own (never committed)
    transaction; the cumulative counters of ``pg_stat_user_tables`` only move at commit."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE relname = %s AND relkind = 'r'", [table]
        )
        return cursor.fetchone()[0]


@pytest.mark.postgres
def test_a_committed_import_analyses_the_tables_it_filled(place):
    placements = Placement._meta.db_table
    history = Placement.history.model._meta.db_table
    people = Participant._meta.db_table
    changes = CaseloadImportChange._meta.db_table
    run = upload_and_check(place, xlsx(messy_rows(60, kvks(place))))
    # The check wrote nothing and analysed nothing: no estimate counts the 60 rows yet.
    assert _estimate(placements) != 60
    assert _estimate(history) != 60
    run = commit(place, run)
    assert run.status == ImportStatus.COMMITTED
    # ANALYZE ran before the commit and counted the transaction's own new rows.
    assert _estimate(placements) == 60
    assert _estimate(history) == 60
    assert _estimate(people) == run.participants_created > 0
    assert _estimate(changes) >= 60


@pytest.mark.postgres
def test_only_a_bulk_write_analyses(db):
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        analyze_filled(Placement, rows=BULK_ROWS - 1)
        small = len(queries)
        analyze_filled(Placement, rows=BULK_ROWS)
    assert small == 0
    assert len(queries) == 1
    assert "participatie_analyze" in queries.captured_queries[0]["sql"]
    assert _estimate(Placement._meta.db_table) >= 0  # analysed: no longer "never" (-1)


def test_on_sqlite_the_helper_does_nothing(db):
    if connection.vendor == "postgresql":
        pytest.skip("the SQLite branch")
    with transaction.atomic():
        analyze_filled(Placement, Participant)  # no ANALYZE function there, and no error
