"""factory_boy factories. Tenant-owned rows are created inside ``tenant_context``."""

from __future__ import annotations

import factory
from allauth.mfa.totp.internal.auth import TOTP

from participatie.choices import EnrolmentStatus, OrganisationKind, Role
from participatie.models import (
    Enrolment,
    Membership,
    Municipality,
    Organisation,
    ReadEvent,
    Region,
    ServiceArea,
    User,
)

# A fixed base32 secret so tests (and the browser test) can compute TOTP codes.
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
TEST_PASSWORD = "correct-horse-battery-staple"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Regio {n}")
    slug = factory.Sequence(lambda n: f"regio-{n}")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Gemeente {n}")
    slug = factory.Sequence(lambda n: f"gemeente-{n}")
    cbs_code = factory.Sequence(lambda n: f"GM{n + 1000:04d}")
    region = factory.SubFactory(RegionFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    slug = factory.Sequence(lambda n: f"organisatie-{n}")
    kind = OrganisationKind.LEARNING_WORK_COMPANY
    kvk_number = factory.Sequence(lambda n: f"{n + 10000000:08d}")

    class Params:
        office = factory.Trait(kind=OrganisationKind.MUNICIPAL_OFFICE, kvk_number="")
        matching_unit = factory.Trait(kind=OrganisationKind.MATCHING_UNIT)
        regional_body = factory.Trait(kind=OrganisationKind.REGIONAL_BODY, kvk_number="")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"gebruiker{n}@example.nl")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def mfa(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        """Users have TOTP unless made with ``mfa=False``."""
        if create and extracted is not False:
            TOTP.activate(self, TEST_TOTP_SECRET)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.LWB_ADMIN


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceArea

    municipality = factory.SubFactory(MunicipalityFactory)
    organisation = factory.SubFactory(OrganisationFactory, matching_unit=True)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    municipality = factory.SubFactory(MunicipalityFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    status = EnrolmentStatus.ACTIVE
    max_places = 10


class ReadEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReadEvent

    municipality = factory.SubFactory(MunicipalityFactory)
    object_type = "participatie.enrolment"
    object_id = 1
    route = "participatie:enrolment-detail"
    path = "/"


# Every tenant-owned model needs a factory here: the URL-walking test creates one row of each,
# with one fixed id, in another municipality and proves that no URL of this one reaches it.
# Factories take ``municipality=`` and must create their tenant-owned parents in that same one.
TENANT_FACTORIES: dict[type, type[factory.django.DjangoModelFactory]] = {
    Enrolment: EnrolmentFactory,
    ServiceArea: ServiceAreaFactory,
    ReadEvent: ReadEventFactory,
}
