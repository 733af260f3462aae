"""The region's ceiling (Drechtsteden: 630 places) and the members' target ranges (Dordrecht:
330-335) on the regional pages, the matching unit's occupancy page and placing, and in the
occupancy report."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from participatie.capacity import selectors
from participatie.capacity.choices import Band
from participatie.capacity.models import MunicipalityTarget, RegionCapacity
from participatie.capacity.services import (
    CapacityInput,
    capacity_set,
    maximum_field,
    minimum_field,
)
from participatie.models import Enrolment
from participatie.reports.kinds.occupancy import KIND as OCCUPANCY
from participatie.reports.registry import REGION, ReportContext
from tests.conftest import in_tenant, login, make_steps
from tests.factories import IntakeFactory, ReferralFactory
from tests.region_partners.data import bulk_placements

URL = "/regio/drechtsteden/capaciteit/"


def _enrolment(side) -> Enrolment:
    with in_tenant(side.municipality):
        return Enrolment.objects.select_related("municipality").get(
            municipality=side.municipality, organisation=side.lwb_a
        )


def _set(region, actor, *, ceiling="630", ranges=None, year=None):
    return capacity_set(
        region=region,
        data=CapacityInput(
            year=year or timezone.localdate().year, ceiling=ceiling, ranges=ranges or {}
        ),
        actor=actor,
    )


@pytest.fixture
def seed_figures(region, dordrecht, zwijndrecht, regional_admin):
    """630 places for the region; 505 occupied: 332 in Dordrecht, 173 in Zwijndrecht."""
    for side, count in ((dordrecht, 332), (zwijndrecht, 173)):
        enrolment = _enrolment(side)
        with in_tenant(side.municipality):
            enrolment.max_places = 400
            enrolment.save(update_fields=["max_places"])
        bulk_placements(enrolment, count, actor=regional_admin)
    _set(
        region,
        regional_admin,
        ranges={
            dordrecht.municipality.pk: ("330", "335"),
            zwijndrecht.municipality.pk: ("180", "200"),
        },
    )


def test_band_below_within_above_with_both_ends_included():
    target = MunicipalityTarget(minimum=330, maximum=335)
    assert selectors.band(230, target) == Band.BELOW
    assert selectors.band(330, target) == selectors.band(335, target) == Band.WITHIN
    assert selectors.band(336, target) == Band.ABOVE
    assert selectors.band(1, None) is None


def test_drechtsteden_630_with_505_occupied_is_80_2_percent_and_dordrecht_within(
    client, seed_figures, regional_admin
):
    login(client, regional_admin)
    html = client.get("/regio/drechtsteden/").content.decode()
    assert "505 van 630 (80,2\xa0%)" in html or "505 van 630 (80,2 %)" in html
    assert "330–335: " in html and "Binnen het streefaantal" in html
    assert "180–200: " in html and "Onder het streefaantal" in html
    page = client.get(URL)
    assert page.context["ceiling"].places == 630 and page.context["ceiling"].occupied == 505
    assert f"{page.context['ceiling'].rate:.3f}" == "0.802"
    bands = {row.municipality.name: band for row, _count, band in page.context["rows"]}
    assert bands == {"Dordrecht": Band.WITHIN, "Zwijndrecht": Band.BELOW}


def test_the_occupancy_report_shows_occupied_against_ceiling_and_targets(
    seed_figures, region, dordrecht, zwijndrecht
):
    ids = (dordrecht.municipality.pk, zwijndrecht.municipality.pk)
    today = timezone.localdate()
    with in_tenant(dordrecht.municipality, zwijndrecht.municipality):
        report = OCCUPANCY.build(
            ReportContext(
                scope=REGION,
                municipality_ids=ids,
                parameters={"date": today},
                region=region,
                today=today,
            )
        )
    (table,) = [s for s in report.sections if getattr(s, "title", "").startswith("Bezet tegenover")]
    assert table.rows == [
        ["Dordrecht", 332, "330–335", "Binnen het streefaantal"],
        ["Zwijndrecht", 173, "180–200", "Onder het streefaantal"],
    ]
    assert table.totals[1] == 505 and table.totals[2] == "630"
    assert table.totals[3] in ("80,2\xa0%", "80,2 %")


def test_the_matching_unit_is_warned_before_placing_beyond_the_ceiling(
    client, dordrecht, regional_admin, region
):
    enrolment = _enrolment(dordrecht)
    bulk_placements(enrolment, 3, actor=regional_admin)
    _set(region, regional_admin, ceiling="3")
    year = timezone.localdate().year
    make_steps(dordrecht.municipality, years=range(year, year + 1))
    with in_tenant(dordrecht.municipality):
        intake = IntakeFactory(
            municipality=dordrecht.municipality,
            referral=ReferralFactory(municipality=dordrecht.municipality),
            informed=True,
            motivated=True,
            consent=True,
        )
    login(client, dordrecht.consultant)
    url = f"/dordrecht/aanmeldingen/{intake.referral_id}/plaatsen/{enrolment.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "de regio heeft haar plafond bereikt: 3 van 3 plekken" in page.content.decode()
    panel = client.get("/dordrecht/bezetting/").content.decode()
    assert "Het plafond is bereikt." in panel
    response = client.post(
        url,
        {"start_date": timezone.localdate().isoformat(), "hours_per_week": "12", "kind": "regular"},
        follow=True,
    )
    assert "boven haar plafond: 4 van 3" in response.content.decode()


def test_below_the_ceiling_no_warning(client, dordrecht, regional_admin, region):
    enrolment = _enrolment(dordrecht)
    _set(region, regional_admin, ceiling="630")
    with in_tenant(dordrecht.municipality):
        intake = IntakeFactory(
            municipality=dordrecht.municipality,
            referral=ReferralFactory(municipality=dordrecht.municipality),
        )
    login(client, dordrecht.consultant)
    page = client.get(f"/dordrecht/aanmeldingen/{intake.referral_id}/plaatsen/{enrolment.pk}/")
    assert "plafond bereikt" not in page.content.decode()


def test_bad_input_is_named_on_its_field_and_nothing_is_written(
    region, dordrecht, zwijndrecht, regional_admin
):
    d, z = dordrecht.municipality.pk, zwijndrecht.municipality.pk
    with pytest.raises(ValidationError) as error:
        _set(region, regional_admin, ceiling="veel", ranges={d: ("335", "330"), z: ("10", "")})
    errors = error.value.message_dict
    assert set(errors) == {"ceiling", maximum_field(d), maximum_field(z)}
    assert not RegionCapacity.objects.exists() and not MunicipalityTarget.objects.exists()
    with pytest.raises(ValidationError) as error:
        _set(region, regional_admin, ceiling="0", ranges={d: ("-1", "3")})
    assert set(error.value.message_dict) == {"ceiling", minimum_field(d)}


def test_a_blank_range_removes_the_target(region, dordrecht, regional_admin):
    d = dordrecht.municipality.pk
    _set(region, regional_admin, ranges={d: ("330", "335")})
    assert MunicipalityTarget.objects.filter(municipality_id=d).exists()
    _set(region, regional_admin, ceiling="", ranges={d: ("", "")})
    assert not MunicipalityTarget.objects.exists() and not RegionCapacity.objects.exists()


def test_the_admin_sets_the_figures_on_the_page(
    client, region, dordrecht, zwijndrecht, regional_admin
):
    login(client, regional_admin)
    year = timezone.localdate().year
    data = {"year": str(year), "ceiling": "630"}
    data[minimum_field(dordrecht.municipality.pk)] = "330"
    data[maximum_field(dordrecht.municipality.pk)] = "335"
    data[minimum_field(zwijndrecht.municipality.pk)] = ""
    data[maximum_field(zwijndrecht.municipality.pk)] = ""
    assert client.post(f"{URL}?jaar={year}", data).status_code == 302
    assert RegionCapacity.objects.get().places == 630
    data[maximum_field(dordrecht.municipality.pk)] = "20"
    response = client.post(f"{URL}?jaar={year}", data)
    assert response.status_code == 400
    assert maximum_field(dordrecht.municipality.pk) in response.context["form"].errors
    assert response.context["form"]["ceiling"].value() == "630"


def test_who_reads_and_who_writes_the_page(
    client, region, dordrecht, regional_analyst, meierijstad
):
    assert client.get(URL)["Location"].startswith("/accounts/login/")
    login(client, regional_analyst)
    page = client.get(URL)
    assert page.status_code == 200 and page.context["form"] is None
    assert client.post(URL, {"year": "2022", "ceiling": "1"}).status_code == 403
    login(client, dordrecht.account_holder)
    assert client.get(URL).status_code == 200
    assert client.post(URL, {"year": "2022", "ceiling": "1"}).status_code == 403
    for user in (meierijstad.account_holder, dordrecht.consultant, dordrecht.lwb_a_admin):
        login(client, user)
        assert client.get(URL).status_code == 403
    assert not RegionCapacity.objects.exists()


def test_the_region_home_links_to_the_page(client, region, dordrecht, regional_analyst):
    login(client, regional_analyst)
    assert f'href="{URL}"' in client.get("/regio/drechtsteden/").content.decode()


def test_counts_below_five_get_no_band_on_the_regional_page(
    client, region, dordrecht, regional_admin
):
    bulk_placements(_enrolment(dordrecht), 3, actor=regional_admin)
    _set(region, regional_admin, ranges={dordrecht.municipality.pk: ("1", "5")})
    login(client, regional_admin)
    rows = client.get(URL).context["rows"]
    assert [
        (count, band) for row, count, band in rows if row.municipality == dordrecht.municipality
    ] == [("<5", None)]


def test_last_years_figures_are_kept_per_year(region, regional_admin, dordrecht):
    _set(region, regional_admin, ceiling="600", year=2022)
    _set(region, regional_admin, ceiling="630", year=2023)
    assert selectors.capacity_of(region, 2022).places == 600
    assert selectors.ceiling_on(region, datetime.date(2023, 5, 1), occupied=315).rate == 0.5
