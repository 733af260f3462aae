"""Factories of the privacy records (issue 15)."""

from __future__ import annotations

import datetime

import factory

from participatie.models import RetentionPolicy, SubjectRequest
from participatie.privacy.choices import SubjectRequestKind
from tests.factories import MunicipalityFactory, ParticipantFactory, UserFactory


class RetentionPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RetentionPolicy

    municipality = factory.SubFactory(MunicipalityFactory)
    reason = "Selectielijst gemeenten 2020"


class SubjectRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubjectRequest

    municipality = factory.SubFactory(MunicipalityFactory)
    participant = factory.SubFactory(
        ParticipantFactory, municipality=factory.SelfAttribute("..municipality")
    )
    kind = SubjectRequestKind.ERASURE
    received_on = datetime.date(2024, 3, 1)
    description = "Verwijder mijn gegevens."
    recorded_by = factory.SubFactory(UserFactory, mfa=False)


PRIVACY_FACTORIES: dict[type, type[factory.django.DjangoModelFactory]] = {
    RetentionPolicy: RetentionPolicyFactory,
    SubjectRequest: SubjectRequestFactory,
}
