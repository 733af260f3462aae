"""Issue 3: the matching search over 500 enrolments and 5,000 active placements (< 100 ms)."""

from __future__ import annotations

from matching.selectors import matching_search
from tests.benchmarks import data
from tests.benchmarks.timing import measure
from tests.conftest import in_tenant, make_steps


def test_bench_matching_search(dordrecht, zwijndrecht):
    make_steps(dordrecht.municipality)
    make_steps(zwijndrecht.municipality)
    enrolments = {
        side.municipality.slug: data.companies(side.municipality, 250)
        for side in (dordrecht, zwijndrecht)
    }
    for n, side in enumerate((dordrecht, zwijndrecht)):
        people = data.participants(side.municipality, 2500, offset=100_000 * (n + 1))
        data.placements(
            side.municipality, people, enrolments[side.municipality.slug], side.consultant
        )
    data.analyze()
    ids = [dordrecht.municipality.id, zwijndrecht.municipality.id]

    def search(limit=None):
        with in_tenant(dordrecht.municipality, zwijndrecht.municipality):
            found = matching_search(
                municipality_ids=ids, home_municipality_id=dordrecht.municipality.id
            )
            return list(found[:limit] if limit else found)

    assert len(search()) > 400
    size = "2 municipalities, 504 active enrolments, 5,000 active placements"
    measure("matching search, all 504 results as objects", search, data=size, runs=100)
    measure("matching search, first page of 25", lambda: search(25), data=size, runs=100)
