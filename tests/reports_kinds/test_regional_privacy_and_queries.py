"""Across every kind: regional outputs hold no names or BSNs, and the number of queries does
not grow with the number of placements, companies or decisions."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participatie.models import Participant, Step
from participatie.placements.choices import OutflowReason
from tests.conftest import assert_no_personal_data, in_tenant, make_steps
from tests.factories import EnrolmentFactory, OrganisationFactory, StepDecisionFactory
from tests.reports_kinds.conftest import TEXTS_FOR_TESTS, build, every_cell, fingerprint, place

JAN = datetime.date(2022, 1, 1)
ON = datetime.date(2022, 9, 1)
NAME = "Zeldzaamvoornaam"

REGIONAL = [
    ("occupancy", {"date": ON}),
    ("occupancy", {"year": 2022, "quarter": 3}),
    ("regional_balance", {"year": 2022}),
    ("outflow", {"year": 2022}),
    ("step_distribution", {"date": ON}),
]
MUNICIPAL = [
    ("occupancy", {"date": ON}),
    ("occupancy", {"year": 2022, "quarter": 3}),
    ("outflow", {"year": 2022}),
    ("step_distribution", {"date": ON}),
    ("annual_accountability", {"year": 2022, "company": None, **TEXTS_FOR_TESTS}),
]


def add_rows(side, count):
    """``count`` placements of each sort: active, ended in the year with a reason, from
    another municipality; each with an approved step; and one more company."""
    with in_tenant(side.municipality):
        EnrolmentFactory(
            municipality=side.municipality,
            organisation=OrganisationFactory(),
            max_places=count,
        )
    placements = [
        *place(side, side.lwb_a, count, start=JAN, first_name=NAME),
        *place(
            side,
            side.lwb_b,
            count,
            start=JAN,
            end=datetime.date(2022, 6, 30),
            reason=OutflowReason.PAID_WORK,
            first_name=NAME,
        ),
    ]
    with in_tenant(side.municipality):
        plus = Step.objects.get(municipality=side.municipality, year=2022, code="plus")
        for placement in placements:
            StepDecisionFactory(
                municipality=side.municipality,
                placement=placement,
                step=plus,
                advised_by=side.consultant,
            )


@pytest.fixture
def region_with_data(dordrecht, zwijndrecht):
    for side in (dordrecht, zwijndrecht):
        make_steps(side.municipality)
        add_rows(side, 6)
    return dordrecht.municipality.region


@pytest.mark.parametrize(("slug", "parameters"), REGIONAL)
def test_regional_outputs_hold_no_names_or_bsns(region_with_data, slug, parameters):
    report = build(slug, region_with_data, **parameters)
    with in_tenant(*region_with_data.municipalities.all()):
        people = list(Participant.objects.values_list("first_name", "last_name", "bsn"))
    assert people
    printed = every_cell(report)
    assert_no_personal_data(printed, people)


def count_queries(slug, owner, parameters):
    with CaptureQueriesContext(connection) as captured:
        fingerprint(slug, owner, **parameters)
        build(slug, owner, **parameters)
    return len(captured)


@pytest.mark.parametrize(("slug", "parameters"), REGIONAL)
def test_regional_query_count_does_not_grow_with_rows(
    region_with_data, dordrecht, zwijndrecht, slug, parameters, django_assert_max_num_queries
):
    count_queries(slug, region_with_data, parameters)
    before = count_queries(slug, region_with_data, parameters)
    add_rows(dordrecht, 20)
    add_rows(zwijndrecht, 20)
    with django_assert_max_num_queries(before):
        fingerprint(slug, region_with_data, **parameters)
        build(slug, region_with_data, **parameters)


@pytest.mark.parametrize(("slug", "parameters"), MUNICIPAL)
def test_municipal_query_count_does_not_grow_with_rows(
    region_with_data, dordrecht, slug, parameters, django_assert_max_num_queries
):
    municipality = dordrecht.municipality
    count_queries(slug, municipality, parameters)
    before = count_queries(slug, municipality, parameters)
    add_rows(dordrecht, 20)
    with django_assert_max_num_queries(before):
        fingerprint(slug, municipality, **parameters)
        build(slug, municipality, **parameters)
