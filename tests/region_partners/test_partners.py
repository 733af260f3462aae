"""Referrals by partners (issue 16): the social service's client manager works only for its
organisation's municipalities, refers with consent, follows its clients (referred, placed,
ended, to paid work) and never sees intake notes or development texts; a company sees only its
own referrals; the matching unit's queue shows them and takes them in."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from matching.models import Referral
from matching.partners import selectors, services
from matching.partners.choices import Channel, PartnerStatus
from matching.partners.models import PartnerReferral
from matching.services import intake_place, intake_record
from participatie.mail.digest import digest_candidates, digest_queue
from participatie.models import Enrolment, Participant
from participatie.placements.choices import OutflowReason
from participatie.placements.services import placement_end
from participatie.tenancy.access import accessible_municipalities, memberships_in_municipality
from participatie.tenancy.http import Access
from participatie.waiting import waiting_for
from tests.conftest import in_tenant, login, make_steps
from tests.factories import DevelopmentPlanFactory, valid_bsn
from tests.factories_partners import PartnerReferralFactory

LIST = "/dordrecht/verwijzingen/"
SUBMIT = "/dordrecht/verwijzingen/nieuw/"


def _form(**overrides):
    data = {
        "first_name": "Sanne",
        "last_name": "de Vries",
        "birth_date": "1979-06-01",
        "phone": "078 555 1234",
        "email": "",
        "benefit": "sdd",
        "consent_on": timezone.localdate().isoformat(),
        "motivation": "Wil graag iets doen met dieren.",
    }
    data.update(overrides)
    return data


def _access(user, municipality):
    with in_tenant(municipality):
        memberships = memberships_in_municipality(user, municipality)
    return Access.from_memberships(user, memberships, municipality=municipality)


def _refer(client, client_manager, social_service, **overrides):
    login(client, client_manager)
    data = _form(organisation=str(social_service.pk), **overrides)
    return client.post(SUBMIT, data)


def _take_in_and_place(dordrecht, partner, *, bsn_serial=1):
    """The matching unit takes the referral in, records the intake and places the candidate."""
    today = timezone.localdate()
    make_steps(dordrecht.municipality, years=range(today.year, today.year + 1))
    with in_tenant(dordrecht.municipality):
        referral = services.partner_referral_take_in(
            partner_referral=partner,
            matching_unit=dordrecht.matching_unit,
            participant_data={"bsn": valid_bsn(900_000 + bsn_serial)},
            actor=dordrecht.consultant,
        )
        intake = intake_record(
            referral=referral,
            intake_date=today,
            consultant=dordrecht.consultant,
            intake_notes="GEHEIM-INTAKE-NOTITIE",
            informed=True,
            motivated=True,
            consent=True,
        )
        enrolment = Enrolment.objects.get(
            municipality=dordrecht.municipality, organisation=dordrecht.lwb_a
        )
        placement = intake_place(
            intake=intake,
            enrolment_id=enrolment.pk,
            place_municipality_id=dordrecht.municipality.pk,
            served_municipality_ids=[dordrecht.municipality.pk],
            start_date=today,
            hours_per_week=12,
            actor=dordrecht.consultant,
        )
    return referral, placement


# -- tenancy: the one place that decides where a client manager works ---------------------------


def test_a_client_manager_works_only_for_the_municipalities_of_their_organisation(
    client, client_manager, dordrecht, zwijndrecht, meierijstad
):
    assert accessible_municipalities(client_manager) == [dordrecht.municipality]
    with in_tenant(dordrecht.municipality):
        assert memberships_in_municipality(client_manager, dordrecht.municipality)
    with in_tenant(zwijndrecht.municipality):
        assert memberships_in_municipality(client_manager, zwijndrecht.municipality) == []
    login(client, client_manager)
    assert client.get(LIST).status_code == 200
    assert client.get("/zwijndrecht/verwijzingen/").status_code == 403
    assert client.get("/meierijstad/verwijzingen/").status_code == 403


def test_a_client_manager_reaches_no_matching_unit_or_company_page(
    client, client_manager, dordrecht
):
    with in_tenant(dordrecht.municipality):
        referral = PartnerReferralFactory(municipality=dordrecht.municipality)
    login(client, client_manager)
    for url in (
        "/dordrecht/aanmeldingen/",
        "/dordrecht/aanmeldingen/nieuw/",
        "/dordrecht/deelnemers/",
        "/dordrecht/plaatsingen/",
        f"/dordrecht/aanmeldingen/binnengekomen/{referral.pk}/",
        "/dordrecht/subsidies/beschikkingen/",
        "/dordrecht/rapportages/",
    ):
        assert client.get(url).status_code in (403, 404), url


# -- referring --------------------------------------------------------------------------------


def test_the_client_manager_refers_with_consent_recorded_who_and_when(
    client, client_manager, social_service, dordrecht
):
    response = _refer(client, client_manager, social_service)
    assert response.status_code == 302 and response["Location"] == LIST
    with in_tenant(dordrecht.municipality):
        partner = PartnerReferral.objects.get()
    assert partner.channel == Channel.PARTNER and partner.organisation == social_service
    assert partner.consent_by == "Kim Klant (Sociale Dienst Drechtsteden)"
    assert partner.consent_on == timezone.localdate()
    assert partner.submitted_by == client_manager


def test_a_referral_without_consent_for_a_benefit_recipient_is_refused(
    client, client_manager, social_service, dordrecht
):
    response = _refer(client, client_manager, social_service, consent_on="")
    assert response.status_code == 400
    assert "consent_on" in response.context["form"].errors
    assert response.context["form"]["first_name"].value() == "Sanne"
    with in_tenant(dordrecht.municipality):
        assert not PartnerReferral.objects.exists()


def test_a_referral_needs_a_way_to_make_contact(client, client_manager, social_service, dordrecht):
    response = _refer(client, client_manager, social_service, phone="", email="")
    assert response.status_code == 400 and "phone" in response.context["form"].errors


def test_a_client_manager_cannot_refer_for_another_organisation(
    client, client_manager, other_client_manager, dordrecht
):
    uwv = other_client_manager.memberships.get().organisation
    login(client, client_manager)
    response = client.post(SUBMIT, _form(organisation=str(uwv.pk)))
    assert response.status_code == 400 and "organisation" in response.context["form"].errors


# -- who sees which referral -------------------------------------------------------------------


def test_each_partner_sees_only_its_own_organisations_referrals(
    client, client_manager, social_service, other_client_manager, district_referrer, dordrecht
):
    uwv = other_client_manager.memberships.get().organisation
    team = district_referrer.memberships.get().organisation
    with in_tenant(dordrecht.municipality):
        own = PartnerReferralFactory(
            municipality=dordrecht.municipality, organisation=social_service, last_name="Eigen"
        )
        PartnerReferralFactory(
            municipality=dordrecht.municipality, organisation=uwv, last_name="VanUWV"
        )
        PartnerReferralFactory(
            municipality=dordrecht.municipality, organisation=team, last_name="VanWijkteam"
        )
        PartnerReferralFactory(
            municipality=dordrecht.municipality,
            organisation=dordrecht.lwb_a,
            last_name="VanBedrijf",
        )
        PartnerReferralFactory(
            municipality=dordrecht.municipality,
            channel=Channel.PUBLIC,
            organisation=None,
            last_name="Zelfmelder",
        )
    expectations = {
        client_manager: {"Eigen"},
        other_client_manager: {"VanUWV"},
        district_referrer: {"VanWijkteam"},
        dordrecht.lwb_a_admin: {"VanBedrijf"},
        dordrecht.lwb_a_supervisor: {"VanBedrijf"},
        dordrecht.lwb_b_admin: set(),
    }
    for user, names in expectations.items():
        login(client, user)
        page = client.get(LIST)
        assert page.status_code == 200
        shown = {row.referral.last_name for row in page.context["rows"]}
        assert shown == names, user.email
        html = page.content.decode()
        assert "Zelfmelder" not in html
    with in_tenant(dordrecht.municipality):
        assert list(
            selectors.partner_referrals_visible_to(_access(client_manager, dordrecht.municipality))
        ) == [own]
        account_holder = _access(dordrecht.account_holder, dordrecht.municipality)
        assert not selectors.partner_referrals_visible_to(account_holder).exists()


def test_the_status_follows_the_referral_to_placed_and_ended_with_the_paid_work_signal(
    client, client_manager, social_service, dordrecht, django_capture_on_commit_callbacks
):
    _refer(client, client_manager, social_service)
    with in_tenant(dordrecht.municipality):
        partner = PartnerReferral.objects.get()
    page = client.get(LIST)
    assert [row.status for row in page.context["rows"]] == [PartnerStatus.RECEIVED]
    referral, placement = _take_in_and_place(dordrecht, partner)
    assert referral.source == "sdd" and "Kim Klant" in referral.referrer
    page = client.get(LIST)
    (row,) = page.context["rows"]
    assert row.status == PartnerStatus.PLACED and "Geplaatst" in page.content.decode()
    assert row.placement.company == dordrecht.lwb_a.name
    with in_tenant(dordrecht.municipality):
        placement_end(
            placement=placement,
            end_date=timezone.localdate(),
            reason=OutflowReason.PAID_WORK,
            actor=dordrecht.consultant,
        )
    page = client.get(LIST)
    (row,) = page.context["rows"]
    assert row.status == PartnerStatus.ENDED and row.paid_work_signal
    assert "uitgestroomd naar betaald werk" in page.content.decode()
    access = _access(client_manager, dordrecht.municipality)
    with in_tenant(dordrecht.municipality):
        items = {item.key: item.count for item in waiting_for(access)}
    assert items["matching.clients_to_paid_work"] == 1
    home = client.get("/dordrecht/")
    assert home.status_code == 200
    assert "Klanten uitgestroomd naar betaald werk" in home.content.decode()
    # The daily digest tells the client manager too.
    assert client_manager.pk in digest_candidates()
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_queue(user_id=client_manager.pk, day=timezone.localdate()) == "queued"
    (digest,) = [m for m in mail.outbox if m.to == [client_manager.email]]
    assert "Klanten uitgestroomd naar betaald werk" in digest.body
    client.post(f"/dordrecht/verwijzingen/{partner.pk}/gezien/")
    with in_tenant(dordrecht.municipality):
        assert selectors.paid_work_signals(access) == 0


def test_the_client_manager_never_sees_intake_notes_or_development_texts(
    client, client_manager, social_service, dordrecht
):
    _refer(client, client_manager, social_service)
    with in_tenant(dordrecht.municipality):
        partner = PartnerReferral.objects.get()
    _referral, placement = _take_in_and_place(dordrecht, partner)
    with in_tenant(dordrecht.municipality):
        DevelopmentPlanFactory(
            municipality=dordrecht.municipality,
            placement=placement,
            goals="GEHEIM-ONTWIKKELDOEL",
        )
        assert Participant.objects.get(pk=placement.participant_id).intake_notes
    login(client, client_manager)
    html = client.get(LIST).content.decode()
    assert "Geplaatst" in html
    assert "GEHEIM-INTAKE-NOTITIE" not in html and "GEHEIM-ONTWIKKELDOEL" not in html
    row = client.get(LIST).context["rows"][0]
    assert not hasattr(row.placement, "intake_notes")
    assert set(vars(row.placement)) == {
        "company",
        "municipality",
        "start_date",
        "end_date",
        "outflow_reason",
    }
    for url in (
        f"/dordrecht/aanmeldingen/{partner.referral_id}/",
        f"/dordrecht/plaatsingen/{placement.pk}/",
        f"/dordrecht/plaatsingen/{placement.pk}/ontwikkelplan/",
    ):
        assert client.get(url).status_code in (403, 404), url


# -- the matching unit ----------------------------------------------------------------------------


def test_the_matching_units_queue_shows_the_inbound_referral_and_takes_it_in(
    client, client_manager, social_service, dordrecht
):
    _refer(client, client_manager, social_service)
    with in_tenant(dordrecht.municipality):
        partner = PartnerReferral.objects.get()
    login(client, dordrecht.consultant)
    queue = client.get("/dordrecht/aanmeldingen/")
    assert list(queue.context["inbound"]) == [partner] and queue.context["inbound_total"] == 1
    url = f"/dordrecht/aanmeldingen/binnengekomen/{partner.pk}/"
    assert client.get(url).status_code == 200
    bad = client.post(url, {"action": "take_in", "bsn": "123"})
    assert bad.status_code == 400 and "bsn" in bad.context["take_in"].errors
    response = client.post(url, {"action": "take_in", "bsn": valid_bsn(777)})
    with in_tenant(dordrecht.municipality):
        referral = Referral.objects.select_related("participant").get()
        partner.refresh_from_db()
    assert response["Location"] == f"/dordrecht/aanmeldingen/{referral.pk}/"
    assert partner.referral_id == referral.pk and referral.participant.consent_on is not None
    assert list(client.get("/dordrecht/aanmeldingen/").context["inbound"]) == []


def test_the_matching_unit_closes_an_inbound_referral_as_not_eligible(
    client, client_manager, social_service, dordrecht
):
    _refer(client, client_manager, social_service)
    with in_tenant(dordrecht.municipality):
        partner = PartnerReferral.objects.get()
    login(client, dordrecht.consultant)
    url = f"/dordrecht/aanmeldingen/binnengekomen/{partner.pk}/"
    assert client.post(url, {"action": "decline", "reason": ""}).status_code == 400
    client.post(url, {"action": "decline", "reason": "Volgt een opleiding."})
    login(client, client_manager)
    (row,) = client.get(LIST).context["rows"]
    assert row.status == PartnerStatus.NOT_ELIGIBLE
    assert "Volgt een opleiding" not in client.get(LIST).content.decode()


def test_account_holders_and_other_municipalities_do_not_see_the_inbound_queue(
    client, dordrecht, zwijndrecht
):
    with in_tenant(dordrecht.municipality):
        partner = PartnerReferralFactory(municipality=dordrecht.municipality, last_name="Binnen")
    login(client, dordrecht.account_holder)
    assert "Binnen" not in client.get("/dordrecht/aanmeldingen/").content.decode()
    url = f"/dordrecht/aanmeldingen/binnengekomen/{partner.pk}/"
    assert client.get(url).status_code == 403
    login(client, zwijndrecht.consultant)
    assert client.get(url).status_code == 403
    assert client.get(f"/zwijndrecht/aanmeldingen/binnengekomen/{partner.pk}/").status_code == 404


# -- consent by the client manager ---------------------------------------------------------------


def test_the_client_manager_records_consent_and_the_participant_record_gets_it(
    client, client_manager, social_service, dordrecht
):
    _refer(client, client_manager, social_service, benefit="none", consent_on="")
    with in_tenant(dordrecht.municipality):
        partner = PartnerReferral.objects.get()
        services.partner_referral_take_in(
            partner_referral=partner,
            matching_unit=dordrecht.matching_unit,
            participant_data={"bsn": valid_bsn(4242)},
            actor=dordrecht.consultant,
        )
    url = f"/dordrecht/verwijzingen/{partner.pk}/toestemming/"
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    assert client.post(url, {"benefit": "sdd", "consent_on": future}).status_code == 400
    assert client.post(url, {"benefit": "sdd", "consent_on": "2024-05-01"}).status_code == 302
    with in_tenant(dordrecht.municipality):
        participant = Referral.objects.get().participant
    assert participant.benefit == "sdd" and participant.consent_on == datetime.date(2024, 5, 1)
    assert participant.consent_by == "Kim Klant (Sociale Dienst Drechtsteden)"


def test_consent_for_a_referral_of_another_organisation_is_404(
    client, client_manager, other_client_manager, dordrecht
):
    uwv = other_client_manager.memberships.get().organisation
    with in_tenant(dordrecht.municipality):
        theirs = PartnerReferralFactory(municipality=dordrecht.municipality, organisation=uwv)
    login(client, client_manager)
    url = f"/dordrecht/verwijzingen/{theirs.pk}/toestemming/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"benefit": "sdd", "consent_on": "2024-05-01"}).status_code == 404
    login(client, dordrecht.lwb_a_admin)  # a company refers but does not give consent
    assert client.get(url).status_code == 403


# -- the quarterly report -------------------------------------------------------------------------


def test_the_client_manager_reads_the_matching_units_quarterly_reports(
    client, client_manager, dordrecht, zwijndrecht
):
    from django.core.files.base import ContentFile

    from participatie.reports.models import ReportStatus
    from tests.factories import ReportRunFactory

    with in_tenant(dordrecht.municipality):
        run = ReportRunFactory(
            municipality=dordrecht.municipality,
            kind="mu_quarterly",
            status=ReportStatus.DONE,
            parameters={"year": 2024, "quarter": 1},
            finished_at=timezone.now(),
        )
        run.csv.save("x.csv", ContentFile(b"a;b\n"), save=True)
        other = ReportRunFactory(
            municipality=dordrecht.municipality,
            kind="occupancy",
            status=ReportStatus.DONE,
            parameters={"date": "2024-01-01"},
            finished_at=timezone.now(),
        )
        other.csv.save("y.csv", ContentFile(b"c;d\n"), save=True)
    login(client, client_manager)
    page = client.get("/dordrecht/verwijzingen/kwartaalrapportages/")
    assert page.status_code == 200
    assert [r for r, _formats in page.context["runs"]] == [run]
    download = client.get(f"/dordrecht/verwijzingen/kwartaalrapportages/{run.reference}/csv/")
    assert download.status_code == 200
    assert (
        client.get(
            f"/dordrecht/verwijzingen/kwartaalrapportages/{other.reference}/csv/"
        ).status_code
        == 404
    )
    login(client, dordrecht.lwb_a_admin)
    assert client.get("/dordrecht/verwijzingen/kwartaalrapportages/").status_code == 403
    login(client, zwijndrecht.account_holder)
    assert client.get("/dordrecht/verwijzingen/kwartaalrapportages/").status_code == 403


# -- constant queries ---------------------------------------------------------------------------


def test_the_partner_list_keeps_its_query_count_as_referrals_grow(
    client, client_manager, social_service, dordrecht
):
    def count() -> int:
        client.get(LIST)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(LIST).status_code == 200
        return len(ctx.captured_queries)

    login(client, client_manager)
    with in_tenant(dordrecht.municipality):
        first = PartnerReferralFactory(
            municipality=dordrecht.municipality, organisation=social_service
        )
    _take_in_and_place(dordrecht, first)
    one = count()
    with in_tenant(dordrecht.municipality):
        more = [
            PartnerReferralFactory(municipality=dordrecht.municipality, organisation=social_service)
            for _ in range(4)
        ]
    for n, partner in enumerate(more[:2], start=2):
        _take_in_and_place(dordrecht, partner, bsn_serial=n)
    assert count() == one


@pytest.mark.parametrize("role_user", ["account_holder", "consultant"])
def test_municipal_staff_and_the_matching_unit_have_no_partner_pages(client, dordrecht, role_user):
    login(client, getattr(dordrecht, role_user))
    assert client.get(LIST).status_code == 403
    assert client.get(SUBMIT).status_code == 403
