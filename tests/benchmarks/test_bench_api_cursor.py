"""A deep page of the participants API through the cursor costs what the first page costs
(issue 18 target: page 1,000 of 50,000 within 1.5x of page 1).

Runs only when asked: ``RUN_BENCHMARKS=1 pytest tests/benchmarks/test_bench_api_cursor.py -s``
(on PostgreSQL). Whole-request time through the test client; the page-number page 1,000
(OFFSET + COUNT) is printed next to it for comparison, and the plan of the deep keyset query.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.benchmarks import data
from tests.benchmarks.timing import measure
from tests.conftest import in_tenant, login

ROWS = 50_000
PAGE_SIZE = 50
DEEP_PAGE = 1_000


def _next(client, path: str, cursor: str, size: int) -> str:
    response = client.get(path, {"cursor": cursor, "pageSize": size})
    assert response.status_code == 200, response.content
    return parse_qs(urlsplit(response.json()["next"]).query)["cursor"][0]


def _deep_cursor(client, path: str) -> str:
    """The cursor of page 1,000 (pageSize 50), reached through the API: a cursor does not
    depend on the page size, so 99 pages of 500 and 9 of 50 get there."""
    cursor = ""
    for _ in range((DEEP_PAGE - 1) * PAGE_SIZE // 500):
        cursor = _next(client, path, cursor, 500)
    for _ in range(((DEEP_PAGE - 1) * PAGE_SIZE % 500) // PAGE_SIZE):
        cursor = _next(client, path, cursor, PAGE_SIZE)
    return cursor


def test_bench_participants_cursor_deep_page(client, dordrecht):
    data.participants(dordrecht.municipality, ROWS, offset=600_000)
    data.analyze()
    login(client, dordrecht.consultant)
    path = f"/api/v1/{dordrecht.municipality.slug}/participants"
    deep = _deep_cursor(client, path)
    size = f"Dordrecht: {ROWS:,} participants, pageSize {PAGE_SIZE}"

    def get(params):
        def run():
            response = client.get(path, {**params, "pageSize": PAGE_SIZE})
            assert response.status_code == 200, params

        return run

    first = measure("API participants cursor page 1", get({"cursor": ""}), data=size, runs=40)
    later = measure(
        f"API participants cursor page {DEEP_PAGE:,}", get({"cursor": deep}), data=size, runs=40
    )
    measure(
        f"API participants page number {DEEP_PAGE:,} (OFFSET + COUNT)",
        get({"page": DEEP_PAGE}),
        data=size,
        runs=15,
    )
    _print_plan(client, dordrecht.municipality, path, deep)
    ratio = later.p50 / first.p50
    print(f"BENCH cursor page {DEEP_PAGE:,} / page 1 (p50): {ratio:.2f}x")
    assert ratio <= 1.5, f"deep cursor page {later.p50:.1f} ms vs page 1 {first.p50:.1f} ms"


def _print_plan(client, municipality, path: str, cursor: str) -> None:
    """EXPLAIN ANALYZE of the deep page's row query: the keyset predicate should be an
    index condition, not a filter after reading the rows before it."""
    with CaptureQueriesContext(connection) as captured:
        client.get(path, {"cursor": cursor, "pageSize": PAGE_SIZE})
    page_query = next(
        q["sql"] for q in captured.captured_queries if "ROW(" in q["sql"] and "LIMIT" in q["sql"]
    )
    with in_tenant(municipality), connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {page_query}")
        print("BENCH plan of the deep keyset page:")
        for (line,) in cursor.fetchall():
            print("   ", line)
