"""The statements list grows with the municipality's companies and quarters, so it comes in
pages of at most 100 rows, filtered by company and by "not approved yet"; the count and the sum
are those of the whole filtered set on every page; the rows are plain values (the query count
does not grow with them); and another municipality, another company and an anonymous visitor
get nothing."""

from __future__ import annotations

import re
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from participatie.kernel import formatting
from subsidies.choices import StatementStatus
from tests.attendance.conftest import enrolment_of
from tests.conftest import in_tenant, login
from tests.factories_subsidies import QuarterStatementFactory

LIST = "/dordrecht/subsidies/declaraties/"


def statements(side, organisation, count, *, status, total):
    enrolment = enrolment_of(side, organisation)
    with in_tenant(side.municipality):
        return [
            QuarterStatementFactory(
                municipality=side.municipality,
                enrolment=enrolment,
                year=2022,
                quarter=1 + n % 4,
                status=status,
                lines_total=Decimal(total),
                base_fee=Decimal("0.00"),
                total=Decimal(total),
            ).pk
            for n in range(count)
        ]


def shown(html: str, slug: str = "dordrecht") -> list[int]:
    return [int(pk) for pk in re.findall(rf'href="/{slug}/subsidies/declaraties/(\d+)/"', html)]


def summary(n: int, total: str) -> str:
    return escape(f"{n} declaraties, samen {formatting.money(Decimal(total))}.")


def test_a_page_never_shows_more_than_100_rows_and_the_sum_is_the_whole_sets(client, dordrecht):
    confirmed = statements(
        dordrecht, dordrecht.lwb_a, 70, status=StatementStatus.CONFIRMED, total="100.00"
    )
    approved = statements(
        dordrecht, dordrecht.lwb_b, 60, status=StatementStatus.APPROVED, total="10.00"
    )
    login(client, dordrecht.account_holder)
    first = client.get(LIST, {"jaar": "2022"}).content.decode()
    second = client.get(LIST, {"jaar": "2022", "pagina": "2"}).content.decode()
    assert len(shown(first)) == 100 and len(shown(second)) == 30
    assert sorted(shown(first) + shown(second)) == sorted(confirmed + approved)
    for html in (first, second):
        assert summary(130, "7600.00") in html  # 70 x 100 + 60 x 10, not the page's sum
        assert "Pagina" in html and "van 2" in html
    assert 'rel="next" href="?jaar=2022&amp;pagina=2"' in first


def test_filters_by_company_and_by_not_yet_approved(client, dordrecht):
    confirmed = statements(
        dordrecht, dordrecht.lwb_a, 3, status=StatementStatus.CONFIRMED, total="100.00"
    )
    approved = statements(
        dordrecht, dordrecht.lwb_b, 2, status=StatementStatus.APPROVED, total="10.00"
    )
    login(client, dordrecht.account_holder)
    company = dordrecht.lwb_b.pk
    html = client.get(LIST, {"jaar": "2022", "bedrijf": str(company)}).content.decode()
    assert sorted(shown(html)) == sorted(approved)
    assert escape(f"2 declaraties, samen {formatting.money(Decimal('20.00'))}.") in html
    assert f'<option value="{company}" selected>' in html
    html = client.get(LIST, {"jaar": "2022", "aandacht": "1"}).content.decode()
    assert sorted(shown(html)) == sorted(confirmed)
    assert summary(3, "300.00") in html
    html = client.get(LIST, {"jaar": "2022", "kwartaal": "2"}).content.decode()
    assert sorted(shown(html)) == sorted([confirmed[1], approved[1]])  # the second of each: K2


def test_query_count_does_not_grow_with_the_rows(client, dordrecht):
    login(client, dordrecht.account_holder)
    counts = {}
    made = 0
    for total in (2, 130):
        statements(
            dordrecht, dordrecht.lwb_a, total - made, status=StatementStatus.APPROVED, total="1"
        )
        made = total
        client.get(LIST, {"jaar": "2022"})  # warm the session
        for page in ("1", "2"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(LIST, {"jaar": "2022", "pagina": page}).status_code == 200
            counts[(total, page)] = len(queries)
    assert counts[(2, "1")] == counts[(130, "1")] == counts[(130, "2")], counts


def test_another_municipality_company_or_anonymous_gets_nothing(client, dordrecht, zwijndrecht):
    own = statements(dordrecht, dordrecht.lwb_b, 2, status=StatementStatus.APPROVED, total="5")
    other = statements(dordrecht, dordrecht.lwb_a, 2, status=StatementStatus.APPROVED, total="7")
    elsewhere = statements(
        zwijndrecht, zwijndrecht.lwb_a, 2, status=StatementStatus.APPROVED, total="9"
    )

    login(client, dordrecht.lwb_b_admin)
    for query in ({}, {"bedrijf": str(dordrecht.lwb_a.pk)}, {"aandacht": "1"}):
        html = client.get(LIST, {"jaar": "2022", **query}).content.decode()
        assert not set(shown(html)) & set(other)
        assert escape(dordrecht.lwb_a.name) not in html
    html = client.get(LIST, {"jaar": "2022"}).content.decode()
    assert sorted(shown(html)) == sorted(own) and summary(2, "10.00") in html

    login(client, zwijndrecht.account_holder)
    refused = client.get(LIST, {"jaar": "2022"})
    assert refused.status_code in (403, 404)
    assert not shown(refused.content.decode())
    assert sorted(
        shown(
            client.get("/zwijndrecht/subsidies/declaraties/", {"jaar": "2022"}).content.decode(),
            "zwijndrecht",
        )
    ) == sorted(elsewhere)

    client.logout()
    anonymous = client.get(LIST, {"jaar": "2022"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
