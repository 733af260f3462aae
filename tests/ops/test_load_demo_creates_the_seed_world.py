from __future__ import annotations

from decimal import Decimal

import pytest

from participatie.choices import OrganisationKind
from participatie.enrolments.choices import EnrolmentStatus
from participatie.models import Enrolment, Municipality, Organisation, Region, ServiceArea
from tests.conftest import in_tenant
from tests.ops.helpers import load_demo

pytestmark = pytest.mark.django_db

CBS = {
    "Alblasserdam": "GM0482",
    "Dordrecht": "GM0505",
    "Hardinxveld-Giessendam": "GM0523",
    "Hendrik-Ido-Ambacht": "GM0531",
    "Papendrecht": "GM0590",
    "Sliedrecht": "GM0610",
    "Zwijndrecht": "GM0642",
}


def test_drechtsteden_has_its_seven_municipalities_with_cbs_codes_and_contributions():
    load_demo()
    region = Region.objects.get(slug="drechtsteden")
    members = {m.name: m for m in region.municipalities.all()}
    assert {name: m.cbs_code for name, m in members.items()} == CBS
    assert members["Dordrecht"].budget_key_contribution == Decimal("7741339")
    assert members["Hardinxveld-Giessendam"].budget_key_contribution == Decimal("181222")
    total = sum(m.budget_key_contribution for m in members.values())
    assert total == Decimal("12286798")


def test_ibn_has_meierijstad_and_oude_ijsselstreek_has_no_region():
    load_demo()
    meierijstad = Municipality.objects.get(slug="meierijstad")
    assert (meierijstad.cbs_code, meierijstad.region.slug) == ("GM1948", "ibn")
    oude = Municipality.objects.get(slug="oude-ijsselstreek")
    assert (oude.cbs_code, oude.region) == ("GM1509", None)


def test_matching_units_serve_the_municipalities_of_the_seed():
    load_demo()
    served: dict[str, set[str]] = {}
    for municipality in Municipality.objects.all():
        with in_tenant(municipality):
            for area in ServiceArea.objects.select_related("organisation"):
                served.setdefault(area.organisation.name, set()).add(municipality.name)
    drechtsteden = {
        "Alblasserdam",
        "Dordrecht",
        "Hardinxveld-Giessendam",
        "Hendrik-Ido-Ambacht",
        "Papendrecht",
        "Sliedrecht",
        "Zwijndrecht",
    }
    assert served == {
        "MEE Drechtsteden": {"Dordrecht", "Hardinxveld-Giessendam", "Papendrecht", "Sliedrecht"},
        "ZwijndrechtWerkt": {"Zwijndrecht"},
        "Smile": {"Alblasserdam"},
        "Ambachtse Bedrijven": {"Hendrik-Ido-Ambacht"},
        # The social service keeps client direction in the whole region (issue 16); the
        # district team refers from Dordrecht.
        "Sociale Dienst Drechtsteden": drechtsteden,
        "Sociaal Wijkteam Dordrecht": {"Dordrecht"},
    }


def test_every_municipality_has_an_office_and_the_region_its_bodies():
    load_demo()
    for municipality in Municipality.objects.all():
        assert municipality.offices.filter(kind=OrganisationKind.MUNICIPAL_OFFICE).count() == 1
    assert Organisation.objects.get(slug="sdd").kind == OrganisationKind.SOCIAL_SERVICE
    body = Organisation.objects.get(slug="regio-drechtsteden")
    assert (body.kind, body.region.slug) == (OrganisationKind.REGIONAL_BODY, "drechtsteden")


def test_companies_are_varied_with_valid_kvk_and_enrolments_in_every_status():
    load_demo()
    companies = Organisation.objects.filter(kind=OrganisationKind.LEARNING_WORK_COMPANY)
    assert 10 <= companies.count() <= 16
    assert len({c.sector for c in companies}) >= 8
    for company in companies:
        company.full_clean()
        assert len(company.kvk_number) == 8 and company.kvk_number.isdigit()
    statuses: set[str] = set()
    enrolled_in: dict[str, set[str]] = {}
    for municipality in Municipality.objects.all():
        with in_tenant(municipality):
            for enrolment in Enrolment.objects.select_related("organisation"):
                statuses.add(enrolment.status)
                enrolled_in.setdefault(enrolment.organisation.slug, set()).add(municipality.slug)
                if enrolment.status == EnrolmentStatus.ACTIVE:
                    assert enrolment.max_places > 0
                if enrolment.status != EnrolmentStatus.CANDIDATE:  # assessed before it started
                    assert enrolment.no_displacement is True
                    assert enrolment.displacement_reason and enrolment.kind_of_work
    assert statuses == set(EnrolmentStatus.values)
    assert enrolled_in["de-kringloop"] == {"dordrecht", "zwijndrecht"}
    assert sum(len(m) > 1 for m in enrolled_in.values()) == 1


def test_drechtsteden_budget_is_split_by_the_key_with_the_matching_units_costs():
    from subsidies.models import MunicipalBudget

    load_demo()
    region = Region.objects.get(slug="drechtsteden")
    with in_tenant(*region.municipalities.all()):
        budgets = {
            b.municipality.name: b
            for b in MunicipalBudget.objects.filter(year=2022).select_related("municipality")
        }
    assert sum(b.allocated for b in budgets.values()) == Decimal("1845000")
    assert budgets["Alblasserdam"].allocated == Decimal("82848")
    assert budgets["Papendrecht"].matching_unit_cost == Decimal("26573")


def test_dordrecht_has_weekly_occupancy_snapshots_for_the_chart():
    from participatie.models import OccupancySnapshot

    load_demo("--force-demo-users")  # the demo placements come with the demo users
    dordrecht = Municipality.objects.get(slug="dordrecht")
    with in_tenant(dordrecht):
        days = set(OccupancySnapshot.objects.values_list("day", flat=True))
        assert len(days) == 14
        assert OccupancySnapshot.objects.filter(occupied__gt=0).exists()
