"""The consultant's work queues: new, intake in progress, waiting, signals, placed elsewhere."""

from __future__ import annotations

from matching.choices import IntakeOutcome, ReferralStatus
from tests.conftest import login
from tests.matching_web.conftest import make_intake, make_referral, queries_of

URL = "/dordrecht/aanmeldingen/"


def section(page, heading_id):
    return page.split(f'id="{heading_id}"')[1].split("</section>")[0]


def test_each_queue_lists_name_date_and_source(client, dordrecht):
    make_referral(dordrecht, first_name="Nieuw", last_name="Persoon")
    make_intake(dordrecht, participant={"first_name": "In", "last_name": "Intake"})
    make_intake(
        dordrecht,
        outcome=IntakeOutcome.WAITING,
        participant={"first_name": "Wacht", "last_name": "Nog"},
    )
    make_intake(
        dordrecht,
        outcome=IntakeOutcome.WITHDRAWN,
        participant={"first_name": "Weg", "last_name": "Is"},
    )
    login(client, dordrecht.consultant)
    page = client.get(URL).content.decode()
    new = section(page, "queue-new")
    assert "Nieuw Persoon" in new and "10-01-2022" in new and "Zelfmelder" in new
    assert "In Intake" in section(page, "queue-in_intake")
    assert "Wacht Nog" in section(page, "queue-waiting")
    assert "Weg Is" not in page
    signals = section(page, "queue-signals")
    assert "Signalen" in page and "komen hier zodra de aanwezigheidsregistratie" in signals
    assert "Aanmelding registreren" in page


def test_empty_queues_say_so(client, dordrecht):
    login(client, dordrecht.policy_officer)
    page = client.get(URL).content.decode()
    assert "Er zijn geen nieuwe aanmeldingen." in page
    assert "Niemand wacht op een plek." in page
    assert "Aanmelding registreren" not in page


def test_zwijndrecht_intakes_placed_in_dordrecht_are_listed(client, dordrecht, zwijndrecht):
    make_intake(
        zwijndrecht,
        outcome=IntakeOutcome.PLACED,
        placed_in=dordrecht.municipality,
        participant={"first_name": "Elders", "last_name": "Geplaatst"},
    )
    make_intake(
        zwijndrecht,
        outcome=IntakeOutcome.PLACED,
        placed_in=zwijndrecht.municipality,
        participant={"first_name": "Thuis", "last_name": "Geplaatst"},
    )
    login(client, zwijndrecht.consultant)
    elsewhere = section(
        client.get("/zwijndrecht/aanmeldingen/").content.decode(), "queue-elsewhere"
    )
    assert "Elders Geplaatst" in elsewhere and "geplaatst in Dordrecht" in elsewhere
    assert "Thuis Geplaatst" not in elsewhere


def test_queues_cost_the_same_for_1_or_30_rows_each(client, dordrecht, zwijndrecht):
    def one_of_each():
        make_referral(dordrecht)
        make_intake(dordrecht)
        make_intake(dordrecht, outcome=IntakeOutcome.WAITING)
        make_intake(dordrecht, outcome=IntakeOutcome.PLACED, placed_in=zwijndrecht.municipality)

    one_of_each()
    login(client, dordrecht.consultant)
    status, few = queries_of(client, URL)
    assert status == 200
    for _ in range(29):
        one_of_each()
    status, many = queries_of(client, URL)
    assert status == 200 and many == few


def test_a_long_queue_shows_the_oldest_50_and_the_total(client, dordrecht):
    for _ in range(52):
        make_referral(dordrecht, status=ReferralStatus.NEW)
    login(client, dordrecht.consultant)
    page = client.get(URL).content.decode()
    assert "De oudste 50 van 52" in page and "Nieuwe aanmeldingen (52)" in page
