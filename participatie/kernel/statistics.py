"""Fresh planner statistics after a bulk write.

PostgreSQL plans a query from the statistics ``ANALYZE`` keeps; straight after a bulk load they
describe the table as it was (empty, or a tenth of its size), and the planner picks nested loops
over what are now hundreds of thousands of rows (a quarter's settlement took 98-126 s instead of
0.5 s). So every job that fills a table analyses it before it commits, inside its transaction:
``ANALYZE`` counts the transaction's own new rows, and the next statement of the same job is
planned with them too.

The application acts as a role that does not own the tables, and ``ANALYZE`` skips a table its
caller does not own (a warning, no error). The migration ``0011_analyze_tables_function`` adds
``participatie_analyze(text[])``: a ``SECURITY DEFINER`` function owned by the owner role that
analyses the named tables of the ``public`` schema and nothing else. On SQLite this is a no-op.
"""

from __future__ import annotations

from django.db import connection, models

# Below this many rows a write does not move the statistics; autovacuum's own analyse is enough
# and the cost of sampling a large table (tens of milliseconds) is not worth it per request.
BULK_ROWS = 1000

ANALYZE_FUNCTION = "participatie_analyze"


def analyze_filled(*filled: type[models.Model], rows: int | None = None) -> None:
    """``ANALYZE`` the tables of ``filled`` in the current transaction (PostgreSQL only).
    ``rows`` is how many rows the caller wrote: fewer than :data:`BULK_ROWS` is not a bulk write
    and does nothing; ``None`` always analyses (an import, whatever its size)."""
    if connection.vendor != "postgresql" or not filled:
        return
    if rows is not None and rows < BULK_ROWS:
        return
    tables = sorted({model._meta.db_table for model in filled})
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {ANALYZE_FUNCTION}(%s::text[])", [tables])
