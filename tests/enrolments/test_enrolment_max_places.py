"""The maximum number of places: required for "active", and never below the placements the
company already has (running or planned), at activation or later."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from participatie.enrolments import services
from participatie.enrolments.choices import EnrolmentStatus
from tests.conftest import in_tenant, login
from tests.enrolments.helpers import active, assessed, fresh, place


def _url(enrolment):
    return f"/dordrecht/leerwerkbedrijven/{enrolment.pk}/plekken/"


def test_max_places_can_go_up_and_down_to_the_running_placements(dordrecht):
    enrolment = active(dordrecht, max_places=5)
    place(dordrecht, enrolment, 3)
    # Ended placements do not hold a place.
    place(
        dordrecht,
        enrolment,
        2,
        start_date=datetime.date(2021, 1, 1),
        end_date=datetime.date(2021, 6, 30),
    )
    with in_tenant(dordrecht.municipality):
        assert services.occupied_places(enrolment) == 3
        changed = services.enrolment_set_max_places(
            enrolment=enrolment, max_places=3, actor=dordrecht.account_holder
        )
        assert changed.max_places == 3
        with pytest.raises(ValidationError) as caught:
            services.enrolment_set_max_places(
                enrolment=enrolment, max_places=2, actor=dordrecht.account_holder
            )
    assert caught.value.message_dict == {
        "max_places": [
            "Er zijn nu 3 lopende of geplande plaatsingen bij dit leerwerkbedrijf. "
            "Het maximaal aantal plekken kan niet lager zijn."
        ]
    }
    assert fresh(dordrecht, enrolment).max_places == 3


def test_a_planned_placement_holds_a_place_too(dordrecht):
    enrolment = active(dordrecht, max_places=2)
    place(dordrecht, enrolment, 1, start_date=datetime.date.today() + datetime.timedelta(days=9))
    with in_tenant(dordrecht.municipality), pytest.raises(ValidationError) as caught:
        services.enrolment_set_max_places(
            enrolment=enrolment, max_places=0, actor=dordrecht.account_holder
        )
    assert "1 lopende of geplande plaatsing " in caught.value.message_dict["max_places"][0]


def test_activation_below_the_running_placements_is_refused(dordrecht):
    enrolment = assessed(dordrecht)
    # A company that had placements before (e.g. moved back to assessed in the data).
    place(dordrecht, enrolment, 2)
    with in_tenant(dordrecht.municipality), pytest.raises(ValidationError) as caught:
        services.enrolment_transition(
            enrolment=enrolment, to_status="active", max_places=1, actor=dordrecht.account_holder
        )
    assert "2 lopende of geplande plaatsingen" in caught.value.message_dict["max_places"][0]
    assert fresh(dordrecht, enrolment).status == EnrolmentStatus.ASSESSED


def test_active_company_keeps_at_least_one_place(dordrecht):
    enrolment = active(dordrecht)
    with in_tenant(dordrecht.municipality), pytest.raises(ValidationError) as caught:
        services.enrolment_set_max_places(
            enrolment=enrolment, max_places=0, actor=dordrecht.account_holder
        )
    assert "minstens één plek" in caught.value.message_dict["max_places"][0]


def test_ended_company_has_no_places_to_change(dordrecht):
    enrolment = active(dordrecht)
    with in_tenant(dordrecht.municipality):
        services.enrolment_transition(
            enrolment=enrolment, to_status="ended", actor=dordrecht.account_holder
        )
        with pytest.raises(ValidationError):
            services.enrolment_set_max_places(
                enrolment=enrolment, max_places=4, actor=dordrecht.account_holder
            )


def test_account_holder_changes_max_places_through_the_form(client, dordrecht):
    enrolment = active(dordrecht, max_places=3)
    place(dordrecht, enrolment, 2)
    login(client, dordrecht.account_holder)
    page = client.get(_url(enrolment)).content.decode()
    assert "Er zijn nu 2 lopende of geplande plaatsingen." in page
    assert client.post(_url(enrolment), {"max_places": "8"}).status_code == 302
    assert fresh(dordrecht, enrolment).max_places == 8
    with in_tenant(dordrecht.municipality):
        assert fresh(dordrecht, enrolment).history.first().history_user == dordrecht.account_holder


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1", "Het maximaal aantal plekken kan niet lager zijn."),
        ("-1", "Het maximaal aantal plekken is 0 of meer."),
        ("veel", "Vul een heel getal in."),
        ("", "Vul het maximaal aantal plekken in."),
    ],
)
def test_bad_max_places_in_the_form_gives_dutch_error(client, dordrecht, value, message):
    enrolment = active(dordrecht, max_places=3)
    place(dordrecht, enrolment, 2)
    login(client, dordrecht.account_holder)
    response = client.post(_url(enrolment), {"max_places": value})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and 'aria-invalid="true"' in html
    assert fresh(dordrecht, enrolment).max_places == 3
