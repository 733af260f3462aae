"""A referral whose BSN is already known in the municipality: what was given is compared with
the known person, never silently dropped; the same person takes the corrections chosen, with the
change history; and person dates that make no sense are refused on their field."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from matching.choices import ReferralSource
from matching.models import Referral
from matching.services import ExistingParticipant, referral_register
from participatie.models import Participant
from tests.conftest import in_tenant
from tests.factories import valid_bsn

D = datetime.date
TODAY = datetime.date.today()
BSN = valid_bsn(5151)


def person(**overrides):
    data = {
        "first_name": "Anna",
        "last_name": "de Vries",
        "bsn": BSN,
        "birth_date": D(1985, 4, 2),
        "address": "Voorstraat 1",
        "postcode": "3311 AB",
        "city": "Dordrecht",
        "benefit": "none",
        "consent_by": "",
        "consent_on": None,
    }
    data.update(overrides)
    return data


def register(side, **kwargs):
    participant = kwargs.pop("participant", None) or person()
    return referral_register(
        municipality=side.municipality,
        matching_unit=side.matching_unit,
        participant_data=participant,
        source=ReferralSource.DISTRICT_TEAM,
        referred_on=kwargs.pop("referred_on", D(2022, 1, 10)),
        actor=side.consultant,
        **kwargs,
    )


def counts():
    return Participant.objects.count(), Referral.objects.count()


def test_other_data_for_a_known_bsn_raises_with_the_differing_fields(dordrecht):
    with in_tenant(dordrecht.municipality):
        known = register(dordrecht).participant
        typed = person(first_name="Sanne", birth_date=D(1986, 4, 2), city=" Dordrecht ")
        with pytest.raises(ExistingParticipant) as info:
            register(dordrecht, participant=typed)
        conflict = info.value
        assert conflict.participant == known
        assert set(conflict.differences) == {"first_name", "birth_date"}
        assert conflict.differences["first_name"].stored == "Anna"
        assert conflict.differences["first_name"].given == "Sanne"
        # Still a refusal for callers that do not ask the question, on the differing fields.
        assert isinstance(conflict, ValidationError)
        assert set(conflict.message_dict) == {"first_name", "birth_date"}
        assert counts() == (1, 1)
        known.refresh_from_db()
        assert known.first_name == "Anna"


def test_the_same_data_reuses_the_known_participant(dordrecht):
    with in_tenant(dordrecht.municipality):
        first = register(dordrecht)
        # Postcode notation, e-mail case and fields left empty are no difference.
        again = person(postcode="3311ab", address="", city="")
        second = register(dordrecht, participant=again, referred_on=D(2022, 3, 1))
        assert second.participant_id == first.participant_id
        assert counts() == (1, 2)
        assert second.participant.history.count() == 1


def test_the_same_person_takes_the_chosen_corrections_with_history(dordrecht):
    with in_tenant(dordrecht.municipality):
        known = register(dordrecht).participant
        typed = person(first_name="Sanne", address="Wijnstraat 8", city="Zwijndrecht")
        referral = register(
            dordrecht,
            participant=typed,
            same_person=True,
            apply_corrections=["first_name", "address"],
            expected_reference=known.reference,
        )
        assert referral.participant_id == known.pk
        known.refresh_from_db()
        assert (known.first_name, known.address, known.city) == (
            "Sanne",
            "Wijnstraat 8",
            "Dordrecht",
        )
        assert counts() == (1, 2)
        latest = known.history.order_by("-history_date", "-history_id").first()
        assert latest.history_type == "~"
        assert latest.history_user == dordrecht.consultant
        assert latest.history_change_reason == "Gecorrigeerd bij een aanmelding"
        assert latest.first_name == "Sanne"


def test_the_same_person_without_a_choice_takes_every_difference(dordrecht):
    with in_tenant(dordrecht.municipality):
        known = register(dordrecht).participant
        register(
            dordrecht,
            participant=person(first_name="Sanne", birth_date=D(1986, 4, 2)),
            same_person=True,
        )
        known.refresh_from_db()
        assert (known.first_name, known.birth_date) == ("Sanne", D(1986, 4, 2))


def test_the_same_person_for_another_reference_asks_again(dordrecht):
    """The page showed one person, but the BSN now points at another: nothing is applied."""
    with in_tenant(dordrecht.municipality):
        register(dordrecht)
        other = register(dordrecht, participant=person(bsn=valid_bsn(5152))).participant
        with pytest.raises(ExistingParticipant):
            register(
                dordrecht,
                participant=person(first_name="Sanne"),
                same_person=True,
                expected_reference=other.reference,
            )
        assert counts() == (2, 2)


def test_corrections_that_break_the_consent_rule_are_refused_and_nothing_saved(dordrecht):
    with in_tenant(dordrecht.municipality):
        known = register(dordrecht).participant
        typed = person(benefit="sdd", consent_by="J. Jansen (SDD)", consent_on=D(2022, 1, 5))
        with pytest.raises(ExistingParticipant):
            register(dordrecht, participant=typed)
        with pytest.raises(ValidationError) as info:
            register(dordrecht, participant=typed, same_person=True, apply_corrections=["benefit"])
        assert "consent_by" in info.value.message_dict
        assert counts() == (1, 1)
        known.refresh_from_db()
        assert known.benefit == "none"


def test_a_typing_error_saves_nothing(dordrecht):
    """Without the same-person answer the service never writes: the caller fixes the BSN."""
    with in_tenant(dordrecht.municipality):
        register(dordrecht)
        with pytest.raises(ExistingParticipant):
            register(dordrecht, participant=person(first_name="Sanne"), same_person=False)
        assert counts() == (1, 1)
        fixed = register(dordrecht, participant=person(first_name="Sanne", bsn=valid_bsn(5153)))
        assert fixed.participant.first_name == "Sanne"
        assert counts() == (2, 2)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("birth_date", TODAY + datetime.timedelta(days=1), "De geboortedatum ligt in de toekomst."),
        ("birth_date", D(2030, 1, 1), "De geboortedatum ligt in de toekomst."),
        ("birth_date", D(1899, 12, 31), "De geboortedatum ligt vóór 1900. Controleer het jaar."),
        (
            "consent_on",
            TODAY + datetime.timedelta(days=1),
            "De datum van de toestemming ligt in de toekomst.",
        ),
    ],
)
def test_person_dates_that_make_no_sense_are_refused_on_their_field(
    dordrecht, field, value, message
):
    typed = person(benefit="sdd", consent_by="J. Jansen (SDD)", consent_on=D(2022, 1, 5))
    typed[field] = value
    with in_tenant(dordrecht.municipality):
        with pytest.raises(ValidationError) as info:
            register(dordrecht, participant=typed)
        assert info.value.message_dict == {field: [message]}
        assert counts() == (0, 0)


def test_a_birth_date_of_today_and_of_1900_are_accepted(dordrecht):
    with in_tenant(dordrecht.municipality):
        register(dordrecht, participant=person(birth_date=D(1900, 1, 1)))
        register(dordrecht, participant=person(bsn=valid_bsn(5154), birth_date=TODAY))
        assert counts() == (2, 2)


def test_a_future_birth_date_is_refused_as_a_correction_too(dordrecht):
    with in_tenant(dordrecht.municipality):
        known = register(dordrecht).participant
        with pytest.raises(ValidationError) as info:
            register(dordrecht, participant=person(birth_date=D(2030, 1, 1)), same_person=True)
        assert set(info.value.message_dict) == {"birth_date"}
        known.refresh_from_db()
        assert known.birth_date == D(1985, 4, 2)
