"""Helpers for the matching unit's pages: referrals and intakes made like the services do."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from matching.choices import IntakeOutcome, ReferralStatus
from participatie.models import Enrolment
from tests.conftest import in_tenant
from tests.factories import IntakeFactory, ParticipantFactory, ReferralFactory, ServiceAreaFactory

D = datetime.date


@pytest.fixture
def mu_serves_both(dordrecht, zwijndrecht, steps):
    """Dordrecht's matching unit serves Zwijndrecht as well (as MEE serves four)."""
    with in_tenant(zwijndrecht.municipality):
        ServiceAreaFactory(
            municipality=zwijndrecht.municipality, organisation=dordrecht.matching_unit
        )
    return dordrecht, zwijndrecht


def make_referral(side, municipality=None, *, status=ReferralStatus.NEW, **participant):
    municipality = municipality or side.municipality
    with in_tenant(municipality):
        person = ParticipantFactory(municipality=municipality, **participant)
        return ReferralFactory(
            municipality=municipality,
            participant=person,
            matching_unit=side.matching_unit,
            registered_by=side.consultant,
            status=status,
        )


def make_intake(side, municipality=None, *, outcome="", **fields):
    """A referral with a screened intake (informed, motivated, consent) in ``municipality``."""
    municipality = municipality or side.municipality
    participant = fields.pop("participant", {})
    status = {
        "": ReferralStatus.INTAKE,
        IntakeOutcome.WAITING: ReferralStatus.WAITING,
    }.get(outcome, ReferralStatus.CLOSED)
    referral = make_referral(side, municipality, status=status, **participant)
    with in_tenant(municipality):
        return IntakeFactory(
            municipality=municipality,
            referral=referral,
            consultant=side.consultant,
            outcome=outcome,
            **fields,
        )


def enrolment_of(side, organisation=None):
    with in_tenant(side.municipality):
        return Enrolment.objects.get(organisation=organisation or side.lwb_a)


def queries_of(client, url):
    """(status, number of queries) of a GET, measured on the second of two (the first one
    fills per-process caches such as content types)."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response.status_code, len(captured.captured_queries)
