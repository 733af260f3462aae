"""Four eyes on determinations: whoever computed (or recomputed) one is its ``prepared_by`` and
does not approve it, in the service, in the database and on the page; the API names them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from subsidies.models import Determination
from subsidies.services.determinations import determination_approve, determination_compute
from tests.conftest import in_tenant, login
from tests.subsidies_decisions.helpers import YEAR, approved, enrolment, setup_money

pytestmark = pytest.mark.django_db

NOT_YOU = "Een andere accounthouder keurt deze vaststelling goed"


@pytest.fixture
def money(dordrecht):
    setup_money(dordrecht)
    approved(dordrecht, {"basis": 4})
    return dordrecht


def compute(side, actor) -> Determination:
    with in_tenant(side.municipality):
        return determination_compute(enrolment=enrolment(side), year=YEAR, actor=actor)


def approve(side, determination, actor) -> Determination:
    with in_tenant(side.municipality):
        return determination_approve(determination=determination, actor=actor)


def reload(side, determination) -> Determination:
    with in_tenant(side.municipality):
        return Determination.objects.get(pk=determination.pk)


def test_computing_records_who_prepared_it_and_recomputing_replaces_that(money):
    first = compute(money, money.account_holder)
    assert first.prepared_by == money.account_holder and first.prepared_at is not None
    again = compute(money, money.second_account_holder)
    assert again.pk == first.pk
    assert reload(money, again).prepared_by == money.second_account_holder


def test_the_preparer_cannot_approve_another_account_holder_can(money):
    determination = compute(money, money.account_holder)
    with pytest.raises(ValidationError, match="zelf berekend") as refused:
        approve(money, determination, money.account_holder)
    assert refused.value.error_list[0].code == "four_eyes"
    assert reload(money, determination).approved_at is None
    done = approve(money, determination, money.second_account_holder)
    assert done.approved_by == money.second_account_holder and done.approved_at is not None


def test_who_recomputed_it_last_is_the_one_who_may_not_approve(money):
    determination = compute(money, money.account_holder)
    compute(money, money.second_account_holder)
    with pytest.raises(ValidationError, match="vier-ogenprincipe"):
        approve(money, determination, money.second_account_holder)
    assert approve(money, determination, money.account_holder).approved_by == (money.account_holder)


def test_the_database_refuses_approval_by_the_preparer(money):
    determination = compute(money, money.account_holder)
    with pytest.raises(IntegrityError), in_tenant(money.municipality):
        Determination.objects.filter(pk=determination.pk).update(
            approved_by=money.account_holder, approved_at=timezone.now()
        )
    with in_tenant(money.municipality):
        assert (
            Determination.objects.filter(pk=determination.pk).update(
                approved_by=money.second_account_holder, approved_at=timezone.now()
            )
            == 1
        )


def page_of(client, side, user, determination) -> str:
    login(client, user)
    path = reverse(
        "subsidies:determination-detail",
        kwargs={"municipality_slug": side.municipality.slug, "pk": determination.pk},
    )
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_the_preparer_sees_no_approve_button_and_why(client, money):
    determination = compute(money, money.account_holder)
    page = page_of(client, money, money.account_holder, determination)
    assert "/goedkeuren/" not in page and NOT_YOU in page
    assert "Berekend door" in page
    page = page_of(client, money, money.second_account_holder, determination)
    assert "/goedkeuren/" in page and NOT_YOU not in page
    page = page_of(client, money, money.policy_officer, determination)
    assert "/goedkeuren/" not in page and NOT_YOU not in page


def test_the_api_names_who_prepared_and_who_approved(client, money):
    determination = compute(money, money.account_holder)
    approve(money, determination, money.second_account_holder)
    login(client, money.policy_officer)
    body = client.get(f"/api/v1/{money.municipality.slug}/determinations/{determination.pk}").json()
    assert body["prepared_by"] == str(money.account_holder)
    assert body["prepared_at"] is not None
    assert body["approved_by"] == str(money.second_account_holder)
