"""Factories for referrals by partners and residents (issue 16; registered in
tests.factories.TENANT_FACTORIES)."""

from __future__ import annotations

import datetime

import factory

from matching.partners.choices import Channel
from matching.partners.models import PartnerReferral
from participatie.choices import OrganisationKind
from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory


class PartnerReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerReferral

    municipality = factory.SubFactory(MunicipalityFactory)
    channel = Channel.PARTNER
    organisation = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.SOCIAL_SERVICE)
    submitted_by = factory.SubFactory(UserFactory, mfa=False)
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Verwezen {n}")
    birth_date = datetime.date(1985, 3, 4)
    phone = "078 123 4567"


PARTNER_FACTORIES = {PartnerReferral: PartnerReferralFactory}
