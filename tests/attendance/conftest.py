"""Attendance fixtures: placements at Dordrecht's two companies and one in Zwijndrecht."""

from __future__ import annotations

import datetime
import json

import pytest

from participatie.accounts.tokens import api_token_issue
from participatie.models import Enrolment, Placement
from tests.conftest import in_tenant
from tests.factories import PlacementFactory

D = datetime.date
START = D(2022, 2, 15)


def enrolment_of(side, organisation) -> Enrolment:
    with in_tenant(side.municipality):
        return Enrolment.objects.get(municipality=side.municipality, organisation=organisation)


def make_placements(side, organisation, count: int, **kwargs) -> list[Placement]:
    enrolment = enrolment_of(side, organisation)
    with in_tenant(side.municipality):
        return [
            PlacementFactory(
                municipality=side.municipality,
                enrolment=enrolment,
                created_by=side.consultant,
                start_date=kwargs.get("start_date", START),
                end_date=kwargs.get("end_date"),
            )
            for _ in range(count)
        ]


@pytest.fixture
def placement_a(dordrecht) -> Placement:
    """At Dordrecht's company A, 15 Feb - 30 Jun 2022."""
    return make_placements(dordrecht, dordrecht.lwb_a, 1, end_date=D(2022, 6, 30))[0]


@pytest.fixture
def placement_b(dordrecht) -> Placement:
    """At Dordrecht's company B: company A may not see or write it."""
    return make_placements(dordrecht, dordrecht.lwb_b, 1)[0]


@pytest.fixture
def placement_z(zwijndrecht) -> Placement:
    return make_placements(zwijndrecht, zwijndrecht.lwb_a, 1)[0]


def token_for(user) -> str:
    _token, raw = api_token_issue(user=user, name="bedrijfssysteem", days=30)
    return raw


def put_json(client, path: str, body, token: str | None = None):
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.put(path, data=data, content_type="application/json", **headers)
