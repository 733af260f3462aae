"""The platform services: good input is written, bad input is refused in Dutch on the field and
leaves nothing behind."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from participatie.choices import OrganisationKind, Role
from participatie.models import Municipality, Organisation, Region, ServiceArea
from participatie.platform import services
from tests.conftest import in_tenant
from tests.factories import (
    EnrolmentFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db


def _errors(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# -- regions ---------------------------------------------------------------------------------


def test_region_create_and_update(platform_admin):
    region = services.region_create(name="  Proefregio ", slug="Proefregio", actor=platform_admin)
    assert (region.name, region.slug) == ("Proefregio", "proefregio")
    services.region_update(region=region, name="Proefregio Zuid", slug="zuid", actor=platform_admin)
    region.refresh_from_db()
    assert (region.name, region.slug) == ("Proefregio Zuid", "zuid")


def test_region_update_may_keep_its_own_name_and_slug(platform_admin):
    region = RegionFactory(name="Noord", slug="noord")
    services.region_update(region=region, name="Noord", slug="noord", actor=platform_admin)


@pytest.mark.parametrize(
    ("name", "slug", "field", "message"),
    [
        ("", "x", "name", "Vul een naam in."),
        ("Bestaand", "nieuw", "name", "Er is al een regio met de naam Bestaand."),
        ("Nieuw", "", "slug", "Vul het webadres in"),
        ("Nieuw", "bestaand", "slug", "Dit webadres is al in gebruik door Bestaand."),
        ("Nieuw", "beheer", "slug", "gereserveerd woord"),
        ("Nieuw", "regio", "slug", "gereserveerd woord"),
        ("Nieuw", "met spatie", "slug", "Gebruik alleen kleine letters"),
        ("Nieuw", "-streep", "slug", "Gebruik alleen kleine letters"),
        ("Nieuw", "x" * 51, "slug", "hoogstens 50 tekens"),
    ],
)
def test_region_create_refuses_bad_input(platform_admin, name, slug, field, message):
    RegionFactory(name="Bestaand", slug="bestaand")
    with pytest.raises(ValidationError) as excinfo:
        services.region_create(name=name, slug=slug, actor=platform_admin)
    assert message in " ".join(_errors(excinfo)[field])
    assert Region.objects.count() == 1


def test_region_update_refuses_a_taken_slug_and_keeps_the_row(platform_admin):
    RegionFactory(name="Een", slug="een")
    two = RegionFactory(name="Twee", slug="twee")
    with pytest.raises(ValidationError) as excinfo:
        services.region_update(region=two, name="Twee bis", slug="een", actor=platform_admin)
    assert "slug" in _errors(excinfo)
    two.refresh_from_db()
    assert (two.name, two.slug) == ("Twee", "twee")


# -- municipalities --------------------------------------------------------------------------


def test_municipality_create_starts_empty(platform_admin):
    region = RegionFactory(slug="proef", name="Proefregio")
    municipality = services.municipality_create(
        name="Proefstad",
        slug="proefstad",
        cbs_code=" gm9999 ",
        region=region,
        budget_key_contribution=Decimal("1234.50"),
        actor=platform_admin,
    )
    municipality.refresh_from_db()
    assert municipality.cbs_code == "GM9999"
    assert municipality.region == region
    assert municipality.budget_key_contribution == Decimal("1234.50")
    from participatie.models import Enrolment, Step

    with in_tenant(municipality):
        assert not Step.objects.exists()
        assert not Enrolment.objects.exists()
        assert not ServiceArea.objects.exists()


def test_municipality_without_region_or_contribution(platform_admin):
    municipality = services.municipality_create(
        name="Losstad", slug="losstad", cbs_code="GM0001", actor=platform_admin
    )
    assert municipality.region is None
    assert municipality.budget_key_contribution is None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"cbs_code": ""}, "cbs_code", "Vul de CBS-code in"),
        ({"cbs_code": "0505"}, "cbs_code", "GM met 4 cijfers"),
        ({"cbs_code": "GM05050"}, "cbs_code", "GM met 4 cijfers"),
        ({"cbs_code": "GM0505"}, "cbs_code", "De CBS-code GM0505 hoort al bij Dordrecht."),
        ({"name": "dordrecht"}, "name", "Er is al een gemeente met de naam dordrecht."),
        ({"slug": "dordrecht"}, "slug", "Dit webadres is al in gebruik door Dordrecht."),
        ({"slug": "beheer"}, "slug", "gereserveerd woord"),
        ({"slug": "api"}, "slug", "gereserveerd woord"),
        ({"budget_key_contribution": Decimal("-1")}, "budget_key_contribution", "0 of meer"),
        ({"budget_key_contribution": Decimal("1.005")}, "budget_key_contribution", "2 cijfers"),
        ({"budget_key_contribution": "veel"}, "budget_key_contribution", "Vul een bedrag in"),
    ],
)
def test_municipality_create_refuses_bad_input(platform_admin, changes, field, message):
    MunicipalityFactory(name="Dordrecht", slug="dordrecht", cbs_code="GM0505")
    data = {"name": "Proefstad", "slug": "proefstad", "cbs_code": "GM9999", **changes}
    with pytest.raises(ValidationError) as excinfo:
        services.municipality_create(actor=platform_admin, **data)
    assert message in " ".join(_errors(excinfo)[field])
    assert not Municipality.objects.filter(name="Proefstad").exists()
    assert Municipality.objects.count() == 1


def test_municipality_create_reports_every_bad_field_at_once(platform_admin):
    with pytest.raises(ValidationError) as excinfo:
        services.municipality_create(name="", slug="Beheer", cbs_code="X", actor=platform_admin)
    assert set(_errors(excinfo)) == {"name", "slug", "cbs_code"}


def test_municipality_update(dordrecht, platform_admin):
    municipality = dordrecht.municipality
    services.municipality_update(
        municipality=municipality,
        name="Dordrecht",
        slug="dordrecht",
        cbs_code="GM0505",
        region=None,
        budget_key_contribution=Decimal("7741339"),
        actor=platform_admin,
    )
    municipality.refresh_from_db()
    assert municipality.region is None
    assert municipality.budget_key_contribution == Decimal("7741339")


def test_municipality_update_refuses_other_municipalitys_cbs_code(
    dordrecht, zwijndrecht, platform_admin
):
    municipality = dordrecht.municipality
    with pytest.raises(ValidationError) as excinfo:
        services.municipality_update(
            municipality=municipality,
            name="Dordrecht-Nieuw",
            slug="dordrecht",
            cbs_code="GM0642",
            actor=platform_admin,
        )
    assert "Zwijndrecht" in " ".join(_errors(excinfo)["cbs_code"])
    municipality.refresh_from_db()
    assert (municipality.name, municipality.cbs_code) == ("Dordrecht", "GM0505")


# -- organisations ---------------------------------------------------------------------------


def test_organisation_create_each_kind(platform_admin):
    region = RegionFactory(slug="proef", name="Proefregio")
    municipality = MunicipalityFactory(slug="proefstad", name="Proefstad", region=region)
    office = services.organisation_create(
        name="Gemeente Proefstad",
        kind=OrganisationKind.MUNICIPAL_OFFICE,
        municipality=municipality,
        actor=platform_admin,
    )
    unit = services.organisation_create(
        name="MU Proefstad", kind=OrganisationKind.MATCHING_UNIT, actor=platform_admin
    )
    company = services.organisation_create(
        name="Kringloop Proefstad",
        kind=OrganisationKind.LEARNING_WORK_COMPANY,
        kvk_number="1234 56.78",
        sector="kringloop",
        actor=platform_admin,
    )
    body = services.organisation_create(
        name="Samenwerking Proefregio",
        kind=OrganisationKind.REGIONAL_BODY,
        region=region,
        actor=platform_admin,
    )
    assert office.municipality == municipality and office.slug == "gemeente-proefstad"
    assert unit.kind == OrganisationKind.MATCHING_UNIT
    assert company.kvk_number == "12345678"
    assert body.region == region


def test_organisation_slug_is_made_unique(platform_admin):
    OrganisationFactory(slug="mu-proef", name="Iets anders")
    unit = services.organisation_create(
        name="MU Proef", kind=OrganisationKind.MATCHING_UNIT, actor=platform_admin
    )
    assert unit.slug == "mu-proef-2"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "", "kind": OrganisationKind.MATCHING_UNIT}, "name", "Vul een naam in."),
        ({"kind": "bakkerij"}, "kind", "Kies een soort organisatie"),
        (
            {"kind": OrganisationKind.LEARNING_WORK_COMPANY},
            "kvk_number",
            "een leerwerkbedrijf heeft er een",
        ),
        (
            {"kind": OrganisationKind.LEARNING_WORK_COMPANY, "kvk_number": "1234567"},
            "kvk_number",
            "precies 8 cijfers",
        ),
        (
            {"kind": OrganisationKind.LEARNING_WORK_COMPANY, "kvk_number": "1234567a"},
            "kvk_number",
            "precies 8 cijfers",
        ),
        (
            {"kind": OrganisationKind.LEARNING_WORK_COMPANY, "kvk_number": "87654321"},
            "kvk_number",
            "Dit KvK-nummer hoort al bij Bestaand bedrijf.",
        ),
        (
            {"kind": OrganisationKind.MATCHING_UNIT, "name": "bestaand BEDRIJF"},
            "name",
            "Er is al een organisatie met de naam",
        ),
        ({"kind": OrganisationKind.MUNICIPAL_OFFICE}, "municipality", "Kies de gemeente"),
        (
            {"kind": OrganisationKind.MATCHING_UNIT, "municipality": "proefstad"},
            "municipality",
            "Alleen een gemeentelijke organisatie",
        ),
        ({"kind": OrganisationKind.REGIONAL_BODY}, "region", "Kies de regio"),
        (
            {
                "kind": OrganisationKind.LEARNING_WORK_COMPANY,
                "kvk_number": "11112222",
                "region": "proef",
            },
            "region",
            "Alleen een regionaal samenwerkingsverband",
        ),
    ],
)
def test_organisation_create_refuses_bad_input(platform_admin, data, field, message):
    region = RegionFactory(slug="proef", name="Proefregio")
    municipality = MunicipalityFactory(slug="proefstad", name="Proefstad", region=region)
    OrganisationFactory(slug="bestaand", name="Bestaand bedrijf", kvk_number="87654321")
    before = Organisation.objects.count()
    data = {"name": "Nieuw", **data}
    if data.get("municipality") == "proefstad":
        data["municipality"] = municipality
    if data.get("region") == "proef":
        data["region"] = region
    with pytest.raises(ValidationError) as excinfo:
        services.organisation_create(actor=platform_admin, **data)
    assert message in " ".join(_errors(excinfo)[field])
    assert Organisation.objects.count() == before


def test_social_service_may_have_a_region(platform_admin):
    region = RegionFactory(slug="proef", name="Proefregio")
    service = services.organisation_create(
        name="Sociale dienst Proef",
        kind=OrganisationKind.SOCIAL_SERVICE,
        region=region,
        actor=platform_admin,
    )
    assert service.region == region


def test_organisation_update_keeps_kvk_of_itself(dordrecht, platform_admin):
    company = dordrecht.lwb_a
    services.organisation_update(
        organisation=company,
        name="Kringloop Dordrecht Centrum",
        kind=company.kind,
        kvk_number=company.kvk_number,
        sector="kringloop",
        actor=platform_admin,
    )
    company.refresh_from_db()
    assert company.name == "Kringloop Dordrecht Centrum"
    assert company.sector == "kringloop"


def test_kind_change_refused_while_roles_do_not_fit(dordrecht, platform_admin):
    unit = dordrecht.matching_unit
    with pytest.raises(ValidationError) as excinfo:
        services.organisation_update(
            organisation=unit,
            name=unit.name,
            kind=OrganisationKind.LEARNING_WORK_COMPANY,
            kvk_number="99998888",
            actor=platform_admin,
        )
    assert "Consulent matchingsunit" in " ".join(_errors(excinfo)["kind"])
    unit.refresh_from_db()
    assert unit.kind == OrganisationKind.MATCHING_UNIT


def test_kind_change_refused_while_it_has_a_service_area(dordrecht, platform_admin):
    unit = OrganisationFactory(slug="mu-leeg", name="MU zonder mensen", matching_unit=True)
    services.service_area_add(
        organisation=unit, municipality=dordrecht.municipality, actor=platform_admin
    )
    with pytest.raises(ValidationError) as excinfo:
        services.organisation_update(
            organisation=unit,
            name=unit.name,
            kind=OrganisationKind.REGIONAL_BODY,
            region=dordrecht.municipality.region,
            kvk_number="",
            actor=platform_admin,
        )
    assert "werkgebied" in " ".join(_errors(excinfo)["kind"])


def test_kind_change_refused_while_enrolled(dordrecht, platform_admin):
    company = OrganisationFactory(slug="lwb-leeg", name="Bedrijf zonder mensen")
    with in_tenant(dordrecht.municipality):
        EnrolmentFactory(municipality=dordrecht.municipality, organisation=company)
    with pytest.raises(ValidationError) as excinfo:
        services.organisation_update(
            organisation=company,
            name=company.name,
            kind=OrganisationKind.MATCHING_UNIT,
            kvk_number=company.kvk_number,
            actor=platform_admin,
        )
    assert "leerwerkbedrijf aangemeld" in " ".join(_errors(excinfo)["kind"])


def test_kind_change_allowed_when_nothing_ties_it(platform_admin):
    organisation = OrganisationFactory(slug="los", name="Los", matching_unit=True, kvk_number="")
    MembershipFactory(organisation=organisation, role=Role.PLATFORM_ADMIN)
    services.organisation_update(
        organisation=organisation,
        name="Los",
        kind=OrganisationKind.SOCIAL_SERVICE,
        actor=platform_admin,
    )
    organisation.refresh_from_db()
    assert organisation.kind == OrganisationKind.SOCIAL_SERVICE


# -- service areas ---------------------------------------------------------------------------


def test_service_area_add_and_remove(dordrecht, zwijndrecht, platform_admin):
    unit = dordrecht.matching_unit
    area = services.service_area_add(
        organisation=unit, municipality=zwijndrecht.municipality, actor=platform_admin
    )
    assert area.municipality == zwijndrecht.municipality
    with in_tenant(zwijndrecht.municipality):
        assert ServiceArea.objects.filter(organisation=unit).count() == 1
    services.service_area_remove(
        organisation=unit, municipality=zwijndrecht.municipality, actor=platform_admin
    )
    with in_tenant(zwijndrecht.municipality):
        assert not ServiceArea.objects.filter(organisation=unit).exists()
    with in_tenant(dordrecht.municipality):
        assert ServiceArea.objects.filter(organisation=unit).exists()


def test_service_area_add_refuses_twice(dordrecht, platform_admin):
    with pytest.raises(ValidationError) as excinfo:
        services.service_area_add(
            organisation=dordrecht.matching_unit,
            municipality=dordrecht.municipality,
            actor=platform_admin,
        )
    assert "MU Dordrecht werkt al voor Dordrecht." in _errors(excinfo)["municipality"]
    with in_tenant(dordrecht.municipality):
        assert ServiceArea.objects.filter(organisation=dordrecht.matching_unit).count() == 1


def test_service_area_only_for_matching_units(dordrecht, zwijndrecht, platform_admin):
    with pytest.raises(ValidationError) as excinfo:
        services.service_area_add(
            organisation=dordrecht.lwb_a,
            municipality=zwijndrecht.municipality,
            actor=platform_admin,
        )
    assert "organisation" in _errors(excinfo)
    with in_tenant(zwijndrecht.municipality):
        assert not ServiceArea.objects.filter(organisation=dordrecht.lwb_a).exists()


def test_service_area_remove_refuses_what_is_not_there(dordrecht, zwijndrecht, platform_admin):
    with pytest.raises(ValidationError) as excinfo:
        services.service_area_remove(
            organisation=dordrecht.matching_unit,
            municipality=zwijndrecht.municipality,
            actor=platform_admin,
        )
    assert "MU Dordrecht werkt niet voor Zwijndrecht." in _errors(excinfo)["municipality"]
