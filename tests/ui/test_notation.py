"""Every page prints money one way: ``€ 1.162.448,00`` in Dutch (thousands separators, two
decimals), ``€1,162,448.00`` in English. Walks every GET page of the URL walk as the account
holder, the consultant and the company admin, with a decision, a statement and a budget."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from participatie.kernel.formatting import NBSP
from subsidies.models import MunicipalBudget
from tests.conftest import in_tenant, login
from tests.subsidies_decisions.helpers import approved, setup_money
from tests.subsidies_statements.conftest import settle
from tests.tenancy.urlwalk import tenant_routes

# A euro sign and four digits in a row: an amount of 1,000 or more without a thousands dot.
UNGROUPED = re.compile(r"€\s?-?\d{4,}")
# More than two decimals after the comma.
TOO_PRECISE = re.compile(r"€\s?-?[\d.]+,\d{3,}")
# A Dutch amount with a plain (breakable) space after the euro sign.
BREAKABLE = re.compile(r"€ \d")


@pytest.fixture
def money_world(dordrecht):
    statement = settle(dordrecht)  # 2022 Q1 at company A
    with in_tenant(dordrecht.municipality):
        MunicipalBudget.objects.create(
            municipality=dordrecht.municipality,
            year=2022,
            allocated=Decimal("1162448"),
            matching_unit_cost=Decimal("42800"),
        )
    setup_money(dordrecht, year=2023)
    decision = approved(dordrecht, year=2023)
    return {"statement": statement.pk, "decision": decision.pk}


def _object_id(route, ids):
    for word in ("statement", "decision"):
        if word in route.name and "determination" not in route.name:
            return ids[word]
    return None


def _pages(dordrecht, ids):
    for route in tenant_routes():
        if route.is_api or route.tenant_kind != "municipality":
            continue
        if route.has_object_id:
            object_id = _object_id(route, ids)
            if object_id is None:
                continue
            yield route.url(dordrecht.municipality.slug, object_id=object_id)
        else:
            yield route.url(dordrecht.municipality.slug)
    # the lists open on the current year; the money is in 2022
    for path in ("subsidies/declaraties/", "subsidies/budget/", "subsidies/maatwerkbudget/"):
        yield f"/{dordrecht.municipality.slug}/{path}?jaar=2022"


def _offences(text):
    return [
        match.group(0)
        for pattern in (UNGROUPED, TOO_PRECISE, BREAKABLE)
        for match in pattern.finditer(text)
    ]


@pytest.mark.parametrize("who", ["account_holder", "consultant", "lwb_a_admin"])
def test_no_page_prints_an_ungrouped_or_overprecise_amount(client, dordrecht, money_world, who):
    login(client, getattr(dordrecht, who))
    seen, bad = 0, {}
    for url in _pages(dordrecht, money_world):
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        text = response.content.decode()
        seen += text.count("€")
        if offences := _offences(text):
            bad[url] = offences
    assert not bad, bad
    if who != "consultant":  # the matching unit sees no subsidies
        assert seen, f"{who} saw no amount at all: the walk did not reach the money pages"


def test_the_budget_page_groups_thousands(client, dordrecht, money_world):
    login(client, dordrecht.account_holder)
    text = client.get(f"/{dordrecht.municipality.slug}/subsidies/budget/?jaar=2022").content
    assert f"€{NBSP}1.162.448,00" in text.decode()
    assert f"€{NBSP}42.800,00" in text.decode()


def test_the_statement_list_rounds_the_total_to_cents(client, dordrecht, money_world):
    login(client, dordrecht.account_holder)
    text = client.get(
        f"/{dordrecht.municipality.slug}/subsidies/declaraties/?jaar=2022"
    ).content.decode()
    assert f"€{NBSP}443,49" in text  # the worked example's quarter, summed by the database
    assert "443,49000" not in text and "443.49" not in text


def test_the_decision_shows_the_tariffs_with_thousands(client, dordrecht, money_world):
    login(client, dordrecht.account_holder)
    url = f"/{dordrecht.municipality.slug}/subsidies/beschikkingen/{money_world['decision']}/"
    text = client.get(url).content.decode()
    assert f"€{NBSP}2.500,00" in text and f"€{NBSP}17.300,00" in text


def test_a_page_in_english_shows_english_notation(client, dordrecht, money_world):
    login(client, dordrecht.account_holder)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    text = client.get(f"/{dordrecht.municipality.slug}/subsidies/budget/?jaar=2022").content
    text = text.decode()
    assert "€1,162,448.00" in text
    assert "1.162.448,00" not in text


def test_english_by_accept_language(client, dordrecht, money_world):
    login(client, dordrecht.account_holder)
    response = client.get(
        f"/{dordrecht.municipality.slug}/subsidies/declaraties/?jaar=2022",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "€443.49" in response.content.decode()


def test_a_sum_with_database_decimals_shows_cents():
    from django.template import Context, Template
    from django.utils import translation

    template = Template("{% load notation %}{{ total|money }}")
    with translation.override("nl"):
        shown = template.render(Context({"total": Decimal("998.280000000000")}))
    assert shown == f"€{NBSP}998,28"
