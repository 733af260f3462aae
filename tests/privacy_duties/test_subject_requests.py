"""Rectification and erasure requests: recorded by one privacy officer, decided by another
(four eyes); an approved erasure anonymises the person with the retention job's anonymisation;
an unsettled quarter, a running placement or a legal hold refuse it, with the reason."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from participatie.models import Participant, Placement, SubjectRequest
from participatie.privacy import services
from participatie.privacy.choices import SubjectRequestKind, SubjectRequestStatus
from participatie.privacy.subject import ANONYMISED
from subsidies.choices import StatementStatus
from subsidies.models import QuarterStatement
from tests.conftest import in_tenant, login
from tests.privacy_duties.conftest import make_dossier

D = datetime.date


def _record(side, participant, officer, kind=SubjectRequestKind.ERASURE):
    with in_tenant(side.municipality):
        return services.subject_request_record(
            participant=participant,
            kind=kind,
            received_on=D(2024, 3, 1),
            description="Verwijder alles over mij.",
            actor=officer,
        )


def _settle_everything(side):
    with in_tenant(side.municipality):
        QuarterStatement.objects.update(
            status=StatementStatus.APPROVED,
            approved_at=timezone.now(),
            approved_by=side.second_account_holder,
        )
        statement = QuarterStatement.objects.get()
        for quarter in (1, 2):
            QuarterStatement.objects.get_or_create(
                municipality=side.municipality,
                enrolment_id=statement.enrolment_id,
                year=2022,
                quarter=quarter,
                defaults={
                    "status": StatementStatus.APPROVED,
                    "advance_model": statement.advance_model,
                    "lines_total": 0,
                    "base_fee": 0,
                    "total": 0,
                    "payable_now": 0,
                    "held": 0,
                    "computed_at": timezone.now(),
                    "approved_at": timezone.now(),
                    "approved_by": side.second_account_holder,
                },
            )


def test_the_officer_who_recorded_it_cannot_decide_it(dordrecht, zwijndrecht, officer):
    dossier = make_dossier(dordrecht, zwijndrecht)
    request = _record(dordrecht, dossier.participant, officer)
    with in_tenant(dordrecht.municipality), pytest.raises(ValidationError, match="vier-ogen"):
        services.subject_request_decide(request=request, approve=True, note="ok", actor=officer)


def test_an_unsettled_quarter_refuses_erasure_with_the_reason(
    client, dordrecht, zwijndrecht, officer, second_officer
):
    dossier = make_dossier(dordrecht, zwijndrecht)
    request = _record(dordrecht, dossier.participant, officer)
    login(client, second_officer)
    url = f"/dordrecht/privacy/verzoeken/{request.pk}/"
    page = client.get(url)
    assert "Kwartaal 1 2022 van de plaatsing bij" in page.content.decode()
    response = client.post(url, {"approve": "uitvoeren", "note": "Op verzoek verwijderd."})
    assert response.status_code == 400
    body = response.content.decode()
    assert "nog niet afgerekend" in body
    assert "Op verzoek verwijderd." in body  # what was typed stays
    with in_tenant(dordrecht.municipality):
        request.refresh_from_db()
        assert request.status == SubjectRequestStatus.OPEN
        assert Participant.objects.get(pk=dossier.participant.pk).anonymised_on is None


def test_after_settlement_an_approved_erasure_anonymises_the_person(
    client, dordrecht, zwijndrecht, officer, second_officer
):
    dossier = make_dossier(dordrecht, zwijndrecht)
    _settle_everything(dordrecht)
    request = _record(dordrecht, dossier.participant, officer)
    login(client, second_officer)
    response = client.post(
        f"/dordrecht/privacy/verzoeken/{request.pk}/",
        {"approve": "uitvoeren", "note": "Op verzoek verwijderd."},
    )
    assert response.status_code == 302
    with in_tenant(dordrecht.municipality):
        person = Participant.objects.get(pk=dossier.participant.pk)
        assert person.anonymised_on == timezone.localdate()
        assert (person.first_name, person.bsn) == (ANONYMISED, "")
        request.refresh_from_db()
        assert request.status == SubjectRequestStatus.DONE
        assert request.decided_by_id == second_officer.pk
        # Amounts and days stay.
        assert Placement.objects.get(pk=dossier.placement.pk).end_date == D(2022, 6, 30)


def test_a_running_placement_or_a_legal_hold_refuses_erasure(
    dordrecht, zwijndrecht, officer, second_officer
):
    dossier = make_dossier(dordrecht, zwijndrecht)
    _settle_everything(dordrecht)
    with in_tenant(dordrecht.municipality):
        services.legal_hold_set(
            participant=dossier.participant, on=True, reason="Rechtszaak", actor=officer
        )
    request = _record(dordrecht, dossier.participant, officer)
    with in_tenant(dordrecht.municipality), pytest.raises(ValidationError, match="Rechtszaak"):
        services.subject_request_decide(
            request=request, approve=True, note="ok", actor=second_officer
        )
    with in_tenant(dordrecht.municipality):
        services.legal_hold_set(participant=dossier.participant, on=False, reason="", actor=officer)
        Placement.objects.filter(pk=dossier.placement.pk).update(end_date=None)
    with in_tenant(dordrecht.municipality), pytest.raises(ValidationError, match="lopende"):
        services.subject_request_decide(
            request=request, approve=True, note="ok", actor=second_officer
        )


def test_a_rectification_is_recorded_and_decided(
    client, dordrecht, zwijndrecht, officer, second_officer
):
    dossier = make_dossier(dordrecht, zwijndrecht)
    login(client, officer)
    url = f"/dordrecht/privacy/personen/{dossier.participant.reference}/verzoek/"
    bad = client.post(
        url, {"kind": "rectification", "received_on": "2999-01-01", "description": ""}
    )
    assert bad.status_code == 400
    assert "De datum van ontvangst ligt in de toekomst." in bad.content.decode() or (
        "Dit veld is verplicht." in bad.content.decode()
    )
    response = client.post(
        url,
        {"kind": "rectification", "received_on": "2024-03-01", "description": "Adres klopt niet."},
    )
    assert response.status_code == 302
    with in_tenant(dordrecht.municipality):
        request = SubjectRequest.objects.get(kind=SubjectRequestKind.RECTIFICATION)
    login(client, second_officer)
    response = client.post(
        f"/dordrecht/privacy/verzoeken/{request.pk}/",
        {"approve": "uitvoeren", "note": "Adres aangepast door de matchingsunit."},
    )
    assert response.status_code == 302
    with in_tenant(dordrecht.municipality):
        request.refresh_from_db()
    assert request.status == SubjectRequestStatus.DONE


def test_a_legal_hold_needs_a_reason(client, dordrecht, zwijndrecht, officer):
    dossier = make_dossier(dordrecht, zwijndrecht)
    login(client, officer)
    url = f"/dordrecht/privacy/personen/{dossier.participant.reference}/bewaarplicht/"
    response = client.post(url, {"on": "on", "reason": ""})
    assert response.status_code == 400
    assert "Geef de reden van de bewaarplicht" in response.content.decode()
    assert client.post(url, {"on": "on", "reason": "Bezwaarzaak"}).status_code == 302
    with in_tenant(dordrecht.municipality):
        person = Participant.objects.get(pk=dossier.participant.pk)
    assert person.legal_hold and person.legal_hold_reason == "Bezwaarzaak"
