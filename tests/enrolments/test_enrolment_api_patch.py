"""``PATCH /api/v1/<m>/enrolments/<id>``: the account holder assesses, activates (max places),
changes max places and ends; bad input is problem+json naming the field, with nothing saved;
company and matching-unit tokens get 403; companies read no assessment."""

from __future__ import annotations

import pytest

from participatie.accounts.tokens import api_token_issue
from participatie.enrolments import services
from participatie.enrolments.api.serializers import ASSESSMENT_OUTPUT
from participatie.enrolments.choices import EnrolmentStatus
from participatie.models import Enrolment
from tests.api.conftest import PROBLEM, fields_of, messages_of
from tests.conftest import in_tenant, login
from tests.enrolments.helpers import ASSESSMENT, active, assessed, candidate, fresh, place


def _url(side, enrolment):
    return f"/api/v1/{side.municipality.slug}/enrolments/{enrolment.pk}"


def patch(client, user, path, data):
    login(client, user)
    return client.patch(path, data, content_type="application/json")


def test_assess_then_activate_then_change_places_then_end(client, dordrecht):
    enrolment = candidate(dordrecht)
    url = _url(dordrecht, enrolment)
    response = patch(client, dordrecht.account_holder, url, ASSESSMENT)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "assessed"
    assert body["no_displacement"] is True
    assert body["displacement_reason"] == ASSESSMENT["displacement_reason"]
    assert body["displacement_judged_by"] == (
        dordrecht.account_holder.get_full_name() or dordrecht.account_holder.email
    )
    assert body["displacement_judged_at"]

    body = patch(client, dordrecht.account_holder, url, {"status": "active", "max_places": 10})
    assert (body.status_code, body.json()["status"], body.json()["max_places"]) == (
        200,
        "active",
        10,
    )
    body = patch(client, dordrecht.account_holder, url, {"max_places": 4}).json()
    assert body["max_places"] == 4 and body["status"] == "active"
    body = patch(client, dordrecht.account_holder, url, {"status": "ended"}).json()
    assert body["status"] == "ended" and body["ended_on"]
    with in_tenant(dordrecht.municipality):
        assert fresh(dordrecht, enrolment).history.count() == 5


def test_assessment_and_activation_in_one_call(client, dordrecht):
    enrolment = candidate(dordrecht)
    response = patch(
        client,
        dordrecht.account_holder,
        _url(dordrecht, enrolment),
        {**ASSESSMENT, "status": "active", "max_places": 3},
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "active"


def test_activation_without_judgement_is_problem_json_and_saves_nothing(client, dordrecht):
    enrolment = candidate(dordrecht)
    response = patch(
        client,
        dordrecht.account_holder,
        _url(dordrecht, enrolment),
        {**ASSESSMENT, "no_displacement": False, "status": "active", "max_places": 3},
    )
    assert fields_of(response) == {"no_displacement"}
    assert "geen betaald werk verdringt" in messages_of(response)
    after = fresh(dordrecht, enrolment)
    # All or nothing: the assessment of the same call is not kept either.
    assert after.status == EnrolmentStatus.CANDIDATE and after.displacement_judged_at is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"status": "active"}, "status"),
        ({"status": "flying"}, "status"),
        ({"max_places": -1}, "max_places"),
        ({"max_places": "veel"}, "max_places"),
        ({"kind_of_work": ""}, "kind_of_work"),
        ({}, "__all__"),
    ],
)
def test_bad_input_names_the_field(client, dordrecht, data, field):
    enrolment = candidate(dordrecht)
    response = patch(client, dordrecht.account_holder, _url(dordrecht, enrolment), data)
    assert response["Content-Type"] == PROBLEM
    assert field in fields_of(response)
    assert fresh(dordrecht, enrolment).status == EnrolmentStatus.CANDIDATE


def test_max_places_below_running_placements_is_refused(client, dordrecht):
    enrolment = active(dordrecht, max_places=5)
    place(dordrecht, enrolment, 3)
    response = patch(
        client, dordrecht.account_holder, _url(dordrecht, enrolment), {"max_places": 2}
    )
    assert fields_of(response) == {"max_places"}
    assert "3 lopende of geplande plaatsingen" in messages_of(response)
    assert fresh(dordrecht, enrolment).max_places == 5


def test_activation_without_max_places_is_refused(client, dordrecht):
    enrolment = assessed(dordrecht)
    response = patch(
        client, dordrecht.account_holder, _url(dordrecht, enrolment), {"status": "active"}
    )
    assert fields_of(response) == {"max_places"}


@pytest.mark.parametrize("who", ["lwb_a_admin", "consultant", "policy_officer"])
def test_company_matching_unit_and_policy_tokens_get_403(client, dordrecht, who):
    enrolment = assessed(dordrecht)
    user = getattr(dordrecht, who)
    _token, raw = api_token_issue(user=user, name="Koppeling", days=30)
    response = client.patch(
        _url(dordrecht, enrolment),
        {"status": "active", "max_places": 3},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {raw}",
    )
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM
    assert fresh(dordrecht, enrolment).status == EnrolmentStatus.ASSESSED


def test_company_token_gets_403_on_its_own_enrolment(client, dordrecht):
    with in_tenant(dordrecht.municipality):
        own = Enrolment.objects.get(organisation=dordrecht.lwb_a)
    _token, raw = api_token_issue(user=dordrecht.lwb_a_admin, name="Koppeling", days=30)
    response = client.patch(
        _url(dordrecht, own),
        {"max_places": 50},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {raw}",
    )
    assert response.status_code == 403
    assert fresh(dordrecht, own).max_places == 10


def test_other_municipality_gets_403_and_404(client, dordrecht, zwijndrecht):
    enrolment = assessed(dordrecht)
    data = {"status": "active", "max_places": 3}
    assert (
        patch(client, zwijndrecht.account_holder, _url(dordrecht, enrolment), data).status_code
        == 403
    )
    foreign = f"/api/v1/zwijndrecht/enrolments/{enrolment.pk}"
    response = patch(client, zwijndrecht.account_holder, foreign, data)
    assert response.status_code == 404 and response["Content-Type"] == PROBLEM
    assert fresh(dordrecht, enrolment).status == EnrolmentStatus.ASSESSED


def test_anonymous_gets_401(client, dordrecht):
    enrolment = assessed(dordrecht)
    response = client.patch(
        _url(dordrecht, enrolment), {"max_places": 3}, content_type="application/json"
    )
    assert response.status_code == 401


def test_company_reads_its_enrolment_without_the_assessment(client, dordrecht):
    with in_tenant(dordrecht.municipality):
        own = Enrolment.objects.get(organisation=dordrecht.lwb_a)
        Enrolment.objects.filter(pk=own.pk).update(
            **ASSESSMENT, displacement_judged_by=dordrecht.account_holder
        )
    login(client, dordrecht.lwb_a_admin)
    body = client.get(_url(dordrecht, own)).json()
    assert body["status"] == "active" and body["max_places"] == 10
    for name in ASSESSMENT_OUTPUT:
        assert body[name] is None
    listed = client.get("/api/v1/dordrecht/enrolments").json()["results"]
    assert [row["id"] for row in listed] == [own.pk]
    assert listed[0]["displacement_reason"] is None
    login(client, dordrecht.consultant)
    body = client.get(_url(dordrecht, own)).json()
    assert body["displacement_reason"] == ASSESSMENT["displacement_reason"]


def test_list_shows_the_new_fields_in_constant_queries(
    client, dordrecht, django_assert_max_num_queries
):
    for number in range(3):
        with in_tenant(dordrecht.municipality):
            enrolment = services.enrolment_register(
                municipality=dordrecht.municipality,
                name=f"Bedrijf {number}",
                kvk_number=f"7000000{number}",
                actor=dordrecht.account_holder,
            )
            services.enrolment_assess(
                enrolment=enrolment, actor=dordrecht.account_holder, **ASSESSMENT
            )
    login(client, dordrecht.account_holder)
    client.get("/api/v1/dordrecht/enrolments")
    with django_assert_max_num_queries(12):
        body = client.get("/api/v1/dordrecht/enrolments").json()
    assert sum(1 for row in body["results"] if row["displacement_judged_by"]) == 3
