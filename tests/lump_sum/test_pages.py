"""The lump-sum pages: the region's admins make the agreement, count, settle and approve (four
eyes); analysts and the members' staff read; a municipality sees its own part and the provider
its statements; everyone else gets nothing."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participatie.choices import Role
from subsidies.lump_sum.services import (
    lump_sum_approve,
    lump_sum_count_record,
    lump_sum_settle,
    plus_field,
    weight_field,
)
from subsidies.models import LumpSumAgreement, LumpSumStatement
from tests.conftest import login
from tests.factories import MembershipFactory, UserFactory
from tests.lump_sum.conftest import MEIERIJSTAD_WEIGHT, OTHERS

LIST = "/regio/ibn/lumpsum/"
DETAIL = "/regio/ibn/lumpsum/2022/ibn-groep/"
Q1_DAYS = ("2022-01-31", "2022-02-28", "2022-03-31")


def _form(provider, ibn_members, **overrides):
    data = {
        "provider": str(provider.pk),
        "year": "2022",
        "amount_per_participant": "674,17",
        "count_method": "monthly_average",
        "reference_date": "",
    }
    for name, m in ibn_members.items():
        data[weight_field(m.pk)] = str(OTHERS.get(name, MEIERIJSTAD_WEIGHT))
        data[plus_field(m.pk)] = ""
    data.update(overrides)
    return data


def _settled(agreement, actor, quarter=1):
    for day in Q1_DAYS:
        lump_sum_count_record(
            agreement=agreement,
            counted_on=datetime.date.fromisoformat(day),
            participants=400,
            actor=actor,
        )
    return lump_sum_settle(agreement=agreement, quarter=quarter, actor=actor)


@pytest.fixture
def provider_admin(provider):
    user = UserFactory(email="beheer@ibn-groep.example.nl")
    MembershipFactory(user=user, organisation=provider, role=Role.LWB_ADMIN)
    return user


def test_the_region_home_links_to_the_lump_sum(client, ibn_admin, ibn_members):
    login(client, ibn_admin)
    assert f'href="{LIST}"' in client.get("/regio/ibn/").content.decode()


def test_admin_makes_the_agreement_with_the_key_prefilled_from_the_contributions(
    client, ibn_admin, ibn_members, provider
):
    login(client, ibn_admin)
    for m in ibn_members.values():
        m.budget_key_contribution = 1000
        m.save(update_fields=["budget_key_contribution"])
    page = client.get("/regio/ibn/lumpsum/nieuw/?jaar=2022")
    assert page.status_code == 200
    assert page.context["form"][weight_field(ibn_members["Oss"].pk)].value() == "1000"
    response = client.post(
        "/regio/ibn/lumpsum/nieuw/",
        _form(provider, ibn_members, **{plus_field(ibn_members["Uden"].pk): "8000"}),
    )
    assert response.status_code == 302 and response["Location"] == DETAIL
    agreement = LumpSumAgreement.objects.get()
    assert agreement.key_shares.count() == 11
    assert agreement.plus_packages.get().municipality == ibn_members["Uden"]


def test_a_key_missing_a_member_shows_on_the_field_and_keeps_the_input(
    client, ibn_admin, ibn_members, provider
):
    login(client, ibn_admin)
    boekel = ibn_members["Boekel"]
    response = client.post(
        "/regio/ibn/lumpsum/nieuw/",
        _form(
            provider,
            ibn_members,
            **{weight_field(boekel.pk): "", "amount_per_participant": "674,17"},
        ),
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert weight_field(boekel.pk) in form.errors
    assert "dekt niet alle gemeenten" in " ".join(form.non_field_errors())
    assert form["amount_per_participant"].value() == "674,17"
    assert not LumpSumAgreement.objects.exists()


def test_settle_and_approve_through_the_page_with_four_eyes(
    client, agreement, ibn_admin, second_admin
):
    login(client, ibn_admin)
    for day in Q1_DAYS:
        client.post(DETAIL, {"action": "count", "counted_on": day, "participants": "400"})
    response = client.post(DETAIL, {"action": "settle", "quarter": "1"})
    assert response.status_code == 302
    statement = LumpSumStatement.objects.get()
    assert str(statement.total) == "67417.00"
    html = client.get(DETAIL).content.decode()
    assert "U heeft deze afrekening zelf berekend" in html
    client.post(DETAIL, {"action": "approve", "quarter": "1"})
    statement.refresh_from_db()
    assert statement.status == "draft"
    login(client, second_admin)
    page = client.get(f"{DETAIL}afrekening/1/")
    assert page.status_code == 200 and "67.417,00" in page.content.decode()
    client.post(f"{DETAIL}afrekening/1/")
    statement.refresh_from_db()
    assert statement.status == "approved" and statement.approved_by == second_admin


def test_the_count_form_names_a_bad_number(client, agreement, ibn_admin):
    login(client, ibn_admin)
    response = client.post(
        DETAIL, {"action": "count", "counted_on": Q1_DAYS[0], "participants": "veel"}
    )
    assert response.status_code == 400
    assert "participants" in response.context["count_form"].errors


def test_analysts_and_members_staff_read_without_forms_and_cannot_post(
    client, agreement, ibn_analyst, meierijstad
):
    for user in (ibn_analyst, meierijstad.account_holder):
        login(client, user)
        for url in (LIST, DETAIL):
            response = client.get(url)
            assert response.status_code == 200
            assert "Kwartaal afrekenen" not in response.content.decode()
        assert client.post(DETAIL, {"action": "settle", "quarter": "1"}).status_code == 403
        assert client.get("/regio/ibn/lumpsum/nieuw/").status_code == 403
    assert not LumpSumStatement.objects.exists()


def test_other_regions_and_anonymous_get_nothing(client, agreement, dordrecht, meierijstad):
    for url in (LIST, DETAIL, f"{DETAIL}afrekening/1/", "/regio/ibn/lumpsum/nieuw/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    for user in (dordrecht.account_holder, dordrecht.consultant, meierijstad.consultant):
        login(client, user)
        assert client.get(LIST).status_code == 403
        assert client.get(DETAIL).status_code == 403


def test_an_unknown_agreement_is_404(client, agreement, ibn_admin):
    login(client, ibn_admin)
    assert client.get("/regio/ibn/lumpsum/2021/ibn-groep/").status_code == 404
    assert client.get(f"{DETAIL}afrekening/2/").status_code == 404


def test_a_municipality_sees_its_own_part_only(
    client, agreement, ibn_admin, second_admin, meierijstad, ibn_members
):
    statement = _settled(agreement, ibn_admin)
    lump_sum_approve(statement=statement, actor=second_admin)
    login(client, meierijstad.account_holder)
    page = client.get("/meierijstad/subsidies/lumpsum/")
    assert page.status_code == 200
    shares = page.context["own_shares"]
    assert [s.municipality for s in shares] == [meierijstad.municipality]
    html = page.content.decode()
    assert "Oss" not in html and "Uden" not in html
    assert "14.809,24" in html


def test_the_provider_sees_its_statements_another_company_nothing(
    client, agreement, ibn_admin, provider_admin, meierijstad
):
    _settled(agreement, ibn_admin)
    login(client, provider_admin)
    page = client.get("/meierijstad/subsidies/lumpsum/")
    assert page.status_code == 200
    assert len(page.context["provider_statements"]) == 1
    assert "67.417,00" in page.content.decode()
    login(client, meierijstad.lwb_a_admin)
    page = client.get("/meierijstad/subsidies/lumpsum/")
    assert page.context["provider_statements"] == [] and page.context["own_shares"] == []


def test_the_municipal_page_is_closed_to_other_municipalities_and_supervisors(
    client, agreement, dordrecht, meierijstad
):
    login(client, dordrecht.account_holder)
    assert client.get("/meierijstad/subsidies/lumpsum/").status_code == 403
    login(client, meierijstad.lwb_a_supervisor)
    assert client.get("/meierijstad/subsidies/lumpsum/").status_code == 403


def _queries(client, url) -> int:
    client.get(url)  # the first request of a session reads more (session, language)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_pages_keep_their_query_count_as_statements_grow(
    client, agreement, ibn_admin, meierijstad, provider_admin
):
    _settled(agreement, ibn_admin)
    login(client, provider_admin)
    provider_one = _queries(client, "/meierijstad/subsidies/lumpsum/")
    login(client, meierijstad.account_holder)
    one_municipal = _queries(client, "/meierijstad/subsidies/lumpsum/")
    one_list = _queries(client, LIST)
    one_detail = _queries(client, DETAIL)
    for month in range(4, 13):
        lump_sum_count_record(
            agreement=agreement,
            counted_on=datetime.date(2022, month + 1, 1) - datetime.timedelta(days=1)
            if month < 12
            else datetime.date(2022, 12, 31),
            participants=10,
            actor=ibn_admin,
        )
    for quarter in (2, 3, 4):
        lump_sum_settle(agreement=agreement, quarter=quarter, actor=ibn_admin)
    assert _queries(client, "/meierijstad/subsidies/lumpsum/") == one_municipal
    assert _queries(client, LIST) == one_list
    assert _queries(client, DETAIL) == one_detail
    login(client, provider_admin)
    assert _queries(client, "/meierijstad/subsidies/lumpsum/") == provider_one


def test_admin_changes_the_agreement_until_a_quarter_is_approved(
    client, agreement, ibn_admin, second_admin, ibn_members, provider
):
    login(client, ibn_admin)
    page = client.get(f"{DETAIL}wijzigen/")
    assert page.status_code == 200
    assert page.context["form"]["amount_per_participant"].value() == "674,17"
    response = client.post(
        f"{DETAIL}wijzigen/", _form(provider, ibn_members, amount_per_participant="680,00")
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert str(agreement.amount_per_participant) == "680.00"
    lump_sum_approve(statement=_settled(agreement, ibn_admin), actor=second_admin)
    assert "Afspraak wijzigen" not in client.get(DETAIL).content.decode()
    refused = client.post(f"{DETAIL}wijzigen/", _form(provider, ibn_members))
    assert refused.status_code == 400
    assert "goedgekeurde afrekening" in " ".join(refused.context["form"].non_field_errors())
