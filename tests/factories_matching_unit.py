"""Factories for the matching unit's own subsidy (registered in tests.factories.TENANT_FACTORIES).

They write rows as they are, without the services' checks (that the unit serves the
municipality, four eyes): the tests of those checks go through the services."""

from __future__ import annotations

from decimal import Decimal

import factory
from django.utils import timezone

from subsidies.choices import AdvanceModel, MatchingUnitCostStatus, PaymentKind
from subsidies.models import (
    MatchingUnitApplication,
    MatchingUnitCost,
    MatchingUnitDecision,
    MatchingUnitPayment,
)
from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory

_SAME = factory.SelfAttribute("..municipality")


class MatchingUnitApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchingUnitApplication

    municipality = factory.SubFactory(MunicipalityFactory)
    matching_unit = factory.SubFactory(OrganisationFactory, matching_unit=True)
    year = 2022
    amount = Decimal("225336")
    note = "Intake, matching en begeleiding."
    submitted_by = factory.SubFactory(UserFactory, mfa=False)


class MatchingUnitDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchingUnitDecision

    municipality = factory.SubFactory(MunicipalityFactory)
    application = factory.SubFactory(MatchingUnitApplicationFactory, municipality=_SAME)
    year = factory.SelfAttribute("application.year")
    advance_model = AdvanceModel.FULL_ADVANCE
    amount = Decimal("225336")
    drafted_by = factory.SubFactory(UserFactory, mfa=False)


class MatchingUnitCostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchingUnitCost

    municipality = factory.SubFactory(MunicipalityFactory)
    matching_unit = factory.SubFactory(OrganisationFactory, matching_unit=True)
    year = 2022
    quarter = 1
    amount = Decimal("56334")
    account = "Intakes en matching van het kwartaal."
    recorded_by = factory.SubFactory(UserFactory, mfa=False)
    recorded_at = factory.LazyFunction(timezone.now)

    class Params:
        approved = factory.Trait(
            status=MatchingUnitCostStatus.APPROVED,
            approved_by=factory.SubFactory(UserFactory, mfa=False),
            approved_at=factory.LazyFunction(timezone.now),
        )


class MatchingUnitPaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchingUnitPayment

    municipality = factory.SubFactory(MunicipalityFactory)
    decision = factory.SubFactory(MatchingUnitDecisionFactory, municipality=_SAME)
    kind = PaymentKind.ADVANCE
    amount = Decimal("225336")


MATCHING_UNIT_FACTORIES = {
    MatchingUnitApplication: MatchingUnitApplicationFactory,
    MatchingUnitDecision: MatchingUnitDecisionFactory,
    MatchingUnitCost: MatchingUnitCostFactory,
    MatchingUnitPayment: MatchingUnitPaymentFactory,
}
