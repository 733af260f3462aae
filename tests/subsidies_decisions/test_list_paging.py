"""The application, decision and determination lists grow with the municipality's companies and
years, so they come in pages of at most 100 rows (issue 18), reachable by plain page links; the
query count does not grow with the rows; and another municipality, another company and an
anonymous visitor still get nothing of them."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import in_tenant, login
from tests.factories_subsidies import (
    DeterminationFactory,
    SubsidyApplicationFactory,
    SubsidyDecisionFactory,
)
from tests.subsidies_decisions.helpers import enrolment

pytestmark = pytest.mark.django_db

APPLICATIONS = "/{slug}/subsidies/aanvragen/"
DECISIONS = "/{slug}/subsidies/beschikkingen/"
DETERMINATIONS = "/{slug}/subsidies/vaststellingen/"


def make(kind: str, side, count: int, *, which: str = "lwb_a", first_year: int = 1950) -> list[int]:
    """``count`` rows of one company, a year each (the lists order by year, newest first)."""
    own = enrolment(side, which)
    factory = {
        "applications": SubsidyApplicationFactory,
        "decisions": SubsidyDecisionFactory,
        "determinations": DeterminationFactory,
    }[kind]
    with in_tenant(side.municipality):
        return [
            factory(municipality=side.municipality, enrolment=own, year=first_year + n).pk
            for n in range(count)
        ]


def shown(kind: str, html: str, slug: str = "dordrecht") -> list[int]:
    """The row ids a list page links to: the decision or determination page, or for an
    application the "draft a decision from it" link."""
    pattern = {
        "applications": rf"/{slug}/subsidies/beschikkingen/nieuw/\?aanvraag=(\d+)",
        "decisions": rf'href="/{slug}/subsidies/beschikkingen/(\d+)/"',
        "determinations": rf'href="/{slug}/subsidies/vaststellingen/(\d+)/"',
    }[kind]
    return [int(pk) for pk in re.findall(pattern, html)]


LISTS = [
    ("applications", APPLICATIONS),
    ("decisions", DECISIONS),
    ("determinations", DETERMINATIONS),
]


@pytest.mark.parametrize(("kind", "path"), LISTS)
def test_a_page_shows_at_most_100_rows_and_the_links_reach_every_row(client, dordrecht, kind, path):
    rows = make(kind, dordrecht, 101)
    login(client, dordrecht.account_holder)
    url = path.format(slug="dordrecht")
    first = client.get(url).content.decode()
    second = client.get(url, {"pagina": "2"}).content.decode()
    assert len(shown(kind, first)) == 100 and len(shown(kind, second)) == 1
    assert sorted(shown(kind, first) + shown(kind, second)) == sorted(rows)
    assert "Pagina 1 van 2" in first and 'rel="next" href="?pagina=2"' in first
    assert 'rel="prev" href="?pagina=1"' in second
    # an old link past the end shows the last page, not an error
    assert shown(kind, client.get(url, {"pagina": "9"}).content.decode()) == shown(kind, second)


@pytest.mark.parametrize(("kind", "path"), LISTS)
def test_the_query_count_does_not_grow_with_the_rows(client, dordrecht, kind, path):
    login(client, dordrecht.account_holder)
    url = path.format(slug="dordrecht")
    make(kind, dordrecht, 3)
    client.get(url)  # warm the session and the caches
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    make(kind, dordrecht, 120, first_year=2100 - 120)
    with CaptureQueriesContext(connection) as many:
        assert len(shown(kind, client.get(url).content.decode())) == 100
    assert len(many) == len(few)


@pytest.mark.parametrize(("kind", "path"), LISTS)
def test_other_municipalities_companies_and_visitors_get_none_of_the_rows(
    client, dordrecht, zwijndrecht, kind, path
):
    own = make(kind, dordrecht, 3)
    make(kind, zwijndrecht, 2)
    url = path.format(slug="dordrecht")
    login(client, zwijndrecht.account_holder)
    assert client.get(url).status_code in (403, 404)
    login(client, dordrecht.lwb_b_admin)
    response = client.get(url)
    assert response.status_code in (200, 403, 404)
    if response.status_code == 200:
        assert shown(kind, response.content.decode()) == []
    login(client, dordrecht.account_holder)
    assert set(shown(kind, client.get(url).content.decode())) == set(own)
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
