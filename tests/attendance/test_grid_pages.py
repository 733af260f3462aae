"""The weekly grid grows with the municipality, so it comes in pages of at most 100 rows,
filtered by company, week and "needs attention"; the totals are those of the whole filtered
set, whatever page is shown; the query count does not grow with the rows; and another
municipality, another company and an anonymous visitor get nothing."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from participatie.attendance.choices import AttendanceStatus
from participatie.attendance.selectors import GRID_PAGE_SIZE
from participatie.models import Attendance
from tests.attendance.conftest import D, make_placements
from tests.conftest import in_tenant, login

GRID = "/dordrecht/aanwezigheid/"
WEEK = "2022-W10"  # Monday 7 - Sunday 13 March 2022
PRESENT = AttendanceStatus.PRESENT.value
SICK = AttendanceStatus.SICK.value
ROW = re.compile(r'<th scope="row" class="utrecht-table__header-cell">([^<]+)')


def fill(side, placements, days=range(7, 12), status=PRESENT):
    """``status`` on the given March 2022 days (by default the whole working week)."""
    with in_tenant(side.municipality):
        Attendance.objects.bulk_create(
            Attendance(
                municipality=side.municipality,
                placement=p,
                day=D(2022, 3, day),
                status=status,
                entered_by=side.lwb_a_supervisor,
                entered_at="2022-03-07T10:00:00+01:00",
            )
            for p in placements
            for day in days
        )


def rows_of(html: str) -> list[str]:
    return [name.strip() for name in ROW.findall(html)]


def names(placements) -> set[str]:
    return {escape(p.participant.full_name) for p in placements}


def test_a_page_never_shows_more_than_100_rows_and_the_totals_are_the_whole_sets(client, dordrecht):
    at_a = make_placements(dordrecht, dordrecht.lwb_a, 70)
    at_b = make_placements(dordrecht, dordrecht.lwb_b, 60)
    fill(dordrecht, at_a)  # 70 x 5 days present
    fill(dordrecht, at_b, days=[7], status=SICK)  # 60 x 1 day sick
    login(client, dordrecht.consultant)
    first = client.get(GRID, {"week": WEEK}).content.decode()
    second = client.get(GRID, {"week": WEEK, "pagina": "2"}).content.decode()
    assert len(rows_of(first)) == GRID_PAGE_SIZE == 100
    assert len(rows_of(second)) == 30
    seen = rows_of(first) + rows_of(second)
    assert sorted(seen) == sorted(names(at_a + at_b))  # every row once, none twice
    for html in (first, second):
        # The same totals on every page: over all 130, not over the page.
        assert "130 deelnemers deze week" in html
        assert "aanwezig 350" in html and "ziek 60" in html
        assert "60 hebben aandacht nodig" in html  # B's people lack four working days
        assert "Pagina" in html and "van 2" in html
    assert 'rel="next" href="?week=2022-W10&amp;pagina=2"' in first
    assert 'rel="prev" href="?week=2022-W10&amp;pagina=1"' in second
    # A page number past the end shows the last page, not an error or an empty table.
    beyond = client.get(GRID, {"week": WEEK, "pagina": "99"}).content.decode()
    assert rows_of(beyond) == rows_of(second)


def test_filter_by_company_keeps_the_totals_of_that_company(client, dordrecht):
    at_a = make_placements(dordrecht, dordrecht.lwb_a, 3)
    at_b = make_placements(dordrecht, dordrecht.lwb_b, 2)
    fill(dordrecht, at_a)
    login(client, dordrecht.consultant)
    company = dordrecht.lwb_b.pk
    html = client.get(GRID, {"week": WEEK, "bedrijf": str(company)}).content.decode()
    assert set(rows_of(html)) == names(at_b)
    assert "2 deelnemers deze week" in html and "aanwezig 0" in html
    assert f'<option value="{company}" selected>' in html
    # The filter stays in the week links, so the next week is the same company.
    assert f"?week=2022-W11&amp;bedrijf={company}" in html


def test_needs_attention_shows_only_placements_with_an_empty_working_day(client, dordrecht):
    complete, missing_one, empty = (
        make_placements(dordrecht, dordrecht.lwb_a, 1)[0],
        make_placements(dordrecht, dordrecht.lwb_a, 1)[0],
        make_placements(dordrecht, dordrecht.lwb_a, 1)[0],
    )
    fill(dordrecht, [complete])
    fill(dordrecht, [missing_one], days=[7, 8, 9, 10])  # Friday 11 March is empty
    ended = make_placements(dordrecht, dordrecht.lwb_a, 1, end_date=D(2022, 3, 8))[0]
    fill(dordrecht, [ended], days=[7, 8])  # complete for the days it ran
    login(client, dordrecht.consultant)
    html = client.get(GRID, {"week": WEEK, "aandacht": "1"}).content.decode()
    assert set(rows_of(html)) == names([missing_one, empty])
    assert "2 deelnemers deze week" in html
    assert 'name="aandacht" value="1" checked' in html
    everyone = client.get(GRID, {"week": WEEK}).content.decode()
    assert len(rows_of(everyone)) == 4 and "2 hebben aandacht nodig" in everyone


def test_the_week_filter_shows_that_weeks_placements(client, dordrecht):
    early = make_placements(dordrecht, dordrecht.lwb_a, 1, end_date=D(2022, 3, 4))[0]
    late = make_placements(dordrecht, dordrecht.lwb_a, 1, start_date=D(2022, 3, 7))[0]
    login(client, dordrecht.consultant)
    assert set(rows_of(client.get(GRID, {"week": "2022-W09"}).content.decode())) == names([early])
    assert set(rows_of(client.get(GRID, {"week": WEEK}).content.decode())) == names([late])


def test_saving_the_week_keeps_the_page_and_the_filters(client, dordrecht):
    placement = make_placements(dordrecht, dordrecht.lwb_a, 1)[0]
    login(client, dordrecht.lwb_a_supervisor)
    html = client.get(GRID, {"week": WEEK, "aandacht": "1"}).content.decode()
    assert '<input type="hidden" name="aandacht" value="1">' in html
    response = client.post(
        GRID, {"week": WEEK, "aandacht": "1", f"c-{placement.pk}-2022-03-07": PRESENT}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?week=2022-W10&aandacht=1")


def test_query_count_does_not_grow_with_the_rows_or_the_pages(client, dordrecht):
    login(client, dordrecht.consultant)
    counts = {}
    made = 0
    for total in (1, 130):
        fill(dordrecht, make_placements(dordrecht, dordrecht.lwb_a, total - made))
        made = total
        client.get(GRID, {"week": WEEK})  # warm the session
        for page in ("1", "2"):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(GRID, {"week": WEEK, "pagina": page})
            assert response.status_code == 200
            counts[(total, page)] = len(queries)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(GRID, {"week": WEEK, "aandacht": "1"})
        counts[(total, "attention")] = len(queries)
    assert len(rows_of(response.content.decode())) == 0  # everyone filled in
    html = client.get(GRID, {"week": WEEK, "pagina": "2"}).content.decode()
    assert len(rows_of(html)) == 30
    assert counts[(1, "1")] == counts[(130, "1")] == counts[(130, "2")], counts
    assert counts[(1, "attention")] == counts[(130, "attention")], counts


def test_another_municipality_company_or_anonymous_gets_nothing(client, dordrecht, zwijndrecht):
    own = make_placements(dordrecht, dordrecht.lwb_a, 2)
    other_company = make_placements(dordrecht, dordrecht.lwb_b, 2)
    elsewhere = make_placements(zwijndrecht, zwijndrecht.lwb_a, 2)
    hidden = names(other_company) | names(elsewhere)

    # Another company: filtering on it (by its id) shows none of its rows or totals.
    login(client, dordrecht.lwb_a_supervisor)
    for query in ({}, {"bedrijf": str(dordrecht.lwb_b.pk)}, {"aandacht": "1"}):
        html = client.get(GRID, {"week": WEEK, **query}).content.decode()
        assert not hidden & set(rows_of(html))
        assert not any(name in html for name in hidden)
        assert escape(dordrecht.lwb_b.name) not in html
    html = client.get(GRID, {"week": WEEK}).content.decode()
    assert set(rows_of(html)) == names(own) and "2 deelnemers deze week" in html

    # Another municipality's people: Dordrecht's grid of Zwijndrecht's consultant is refused.
    login(client, zwijndrecht.consultant)
    refused = client.get(GRID, {"week": WEEK})
    assert refused.status_code in (403, 404)
    assert not any(name in refused.content.decode() for name in names(own))

    # Anonymous: to the login page, nothing of the grid.
    client.logout()
    anonymous = client.get(GRID, {"week": WEEK})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
