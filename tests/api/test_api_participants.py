"""Participants through the API: what each role sees, the restricted company view, filters,
read logging, token authentication and the tenant and company walls."""

from __future__ import annotations

from participatie.accounts.tokens import api_token_issue
from participatie.models import ReadEvent
from tests.api.conftest import PROBLEM, D, get, start, url
from tests.conftest import in_tenant
from tests.factories import ParticipantFactory, valid_bsn

RESTRICTED_KEYS = {"id", "first_name", "last_name", "placements"}


def test_matching_unit_sees_the_full_bsn_and_intake_notes(client, dordrecht, placement):
    # In the dossier (detail, read-logged); a list shows the BSN masked (issue 15).
    path = url(dordrecht, f"participants/{placement.participant_id}")
    row = get(client, dordrecht.consultant, path).json()
    assert row["bsn"] == placement.participant.bsn
    assert row["intake_notes"] == "Vertelt graag over zijn hond."
    assert row["home_municipality"] == "dordrecht"


def test_municipal_roles_see_the_bsn_masked_and_no_intake_notes(client, dordrecht, placement):
    for user in (dordrecht.account_holder, dordrecht.policy_officer):
        response = get(client, user, url(dordrecht, f"participants/{placement.participant_id}"))
        row = response.json()
        assert row["bsn"] == "*****" + placement.participant.bsn[-4:]
        assert "intake_notes" not in row
        assert placement.participant.bsn.encode() not in response.content


def test_company_sees_only_name_step_dates_and_plan(client, dordrecht, placement):
    for user in (dordrecht.lwb_a_admin, dordrecht.lwb_a_supervisor):
        response = get(client, user, url(dordrecht, f"participants/{placement.participant_id}"))
        assert response.status_code == 200
        row = response.json()
        assert set(row) == RESTRICTED_KEYS
        assert "bsn" not in row and "intake_notes" not in row
        (place,) = row["placements"]
        assert place["start_date"] == "2022-02-15" and place["end_date"] is None
        assert place["step_code"] == "basis"
        assert place["company"] == dordrecht.lwb_a.name
        for secret in (placement.participant.bsn, "hond", "Voorstraat"):
            assert secret.encode() not in response.content


def test_company_list_holds_only_its_own_participants(client, dordrecht, placement):
    start(dordrecht, dordrecht.lwb_b, first_name="Anna")
    with in_tenant(dordrecht.municipality):
        ParticipantFactory(municipality=dordrecht.municipality)  # referred, not placed
    body = get(client, dordrecht.lwb_a_admin, url(dordrecht, "participants")).json()
    assert [r["id"] for r in body["results"]] == [placement.participant_id]
    assert all(set(r) == RESTRICTED_KEYS for r in body["results"])
    everyone = get(client, dordrecht.account_holder, url(dordrecht, "participants")).json()
    assert everyone["count"] == 3


def test_company_shows_only_its_own_placements_of_a_shared_participant(
    client, dordrecht, placement
):
    start(dordrecht, dordrecht.lwb_b, participant=placement.participant)
    row = get(
        client, dordrecht.lwb_a_admin, url(dordrecht, f"participants/{placement.participant_id}")
    ).json()
    assert [p["company"] for p in row["placements"]] == [dordrecht.lwb_a.name]


def test_another_company_gets_404_on_the_participant(client, dordrecht, placement):
    response = get(
        client, dordrecht.lwb_b_admin, url(dordrecht, f"participants/{placement.participant_id}")
    )
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert get(client, dordrecht.lwb_b_admin, url(dordrecht, "participants")).json()["count"] == 0


def test_participant_of_another_municipality_is_404(client, dordrecht, zwijndrecht, steps):
    other = start(zwijndrecht, zwijndrecht.lwb_a)
    for user in (dordrecht.consultant, dordrecht.account_holder, dordrecht.lwb_a_admin):
        response = get(client, user, url(dordrecht, f"participants/{other.participant_id}"))
        assert response.status_code == 404


def test_filter_on_name_and_home_municipality(client, dordrecht, zwijndrecht, placement):
    with in_tenant(dordrecht.municipality):
        ParticipantFactory(
            municipality=dordrecht.municipality,
            first_name="Karin",
            last_name="de Groot",
            home_municipality=zwijndrecht.municipality,
        )
    base = url(dordrecht, "participants")
    names = get(client, dordrecht.consultant, f"{base}?name=bakk").json()["results"]
    assert [r["last_name"] for r in names] == ["Bakker"]
    assert get(client, dordrecht.consultant, f"{base}?name=karin groot").json()["count"] == 1
    home = get(client, dordrecht.consultant, f"{base}?homeMunicipality=zwijndrecht").json()
    assert [r["first_name"] for r in home["results"]] == ["Karin"]
    # The old name still works for one release, and says it is deprecated.
    old = get(client, dordrecht.consultant, f"{base}?home_municipality=zwijndrecht")
    assert [r["first_name"] for r in old.json()["results"]] == ["Karin"]
    assert old["Deprecation"].startswith("@")


def test_pagination(client, dordrecht, steps):
    with in_tenant(dordrecht.municipality):
        for n in range(5):
            ParticipantFactory(municipality=dordrecht.municipality, bsn=valid_bsn(900 + n))
    body = get(client, dordrecht.consultant, url(dordrecht, "participants?pageSize=2&page=3"))
    assert body.json()["count"] == 5 and len(body.json()["results"]) == 1


def test_opening_a_participant_is_read_logged(client, dordrecht, placement):
    get(
        client, dordrecht.account_holder, url(dordrecht, f"participants/{placement.participant_id}")
    )
    with in_tenant(dordrecht.municipality):
        event = ReadEvent.objects.get(object_type="participatie.participant")
        assert event.object_id == placement.participant_id
        assert event.user == dordrecht.account_holder


def test_roles_without_access_get_403(client, dordrecht, region, regional_analyst, placement):
    # A regional analyst has no membership in the municipality at all: the middleware says 403.
    response = get(client, regional_analyst, url(dordrecht, "participants"))
    assert response.status_code == 403 and response["Content-Type"] == PROBLEM


class TestTokenAuthentication:
    def test_a_company_token_gets_the_restricted_view(self, client, dordrecht, placement):
        _token, raw = api_token_issue(user=dordrecht.lwb_a_admin, name="Koppeling", days=30)
        response = client.get(url(dordrecht, "participants"), HTTP_AUTHORIZATION=f"Token {raw}")
        assert response.status_code == 200
        (row,) = response.json()["results"]
        assert set(row) == RESTRICTED_KEYS
        assert placement.participant.bsn.encode() not in response.content

    def test_a_token_of_another_company_gets_404(self, client, dordrecht, placement):
        _token, raw = api_token_issue(user=dordrecht.lwb_b_admin, name="Koppeling", days=30)
        response = client.get(
            url(dordrecht, f"participants/{placement.participant_id}"),
            HTTP_AUTHORIZATION=f"Token {raw}",
        )
        assert response.status_code == 404

    def test_an_unknown_token_is_401_problem(self, client, dordrecht):
        response = client.get(url(dordrecht, "participants"), HTTP_AUTHORIZATION="Token nope")
        assert response.status_code == 401 and response["Content-Type"] == PROBLEM

    def test_a_consultant_token_can_write(self, client, dordrecht, steps):
        _token, raw = api_token_issue(user=dordrecht.consultant, name="Koppeling", days=30)
        response = client.post(
            url(dordrecht, "referrals"),
            {
                "first_name": "Sanne",
                "last_name": "Visser",
                "bsn": valid_bsn(77),
                "birth_date": "1990-03-03",
                "source": "self",
                "referred_on": "2022-01-10",
            },
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {raw}",
        )
        assert response.status_code == 201, response.content
        assert response.json()["participant"]["birth_date"] == str(D(1990, 3, 3))
