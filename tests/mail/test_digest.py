"""The daily digest: one mail per user over all their municipalities, with counts and links;
nothing when nothing waits; the user's own opt-out; once per user per day."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.urls import reverse

from participatie.choices import Role
from participatie.mail.digest import digest_candidates, digest_queue
from participatie.mail.tasks import send_digests
from participatie.models import MailStatus, OutgoingMail, User
from tests.conftest import login
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

DAY = "2026-03-02"


def run_digests(capture, day: str = DAY) -> int:
    with capture(execute=True):
        return send_digests.apply(kwargs={"day": day}).get()


def digests_to(email: str) -> list:
    return [m for m in mail.outbox if m.to == [email]]


def test_one_digest_over_all_municipalities_with_counts_and_links(
    dordrecht, zwijndrecht, waits, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://participatie.example.nl"
    consultant = dordrecht.consultant
    # The matching unit of Dordrecht serves Zwijndrecht too.
    from tests.conftest import in_tenant
    from tests.factories import ServiceAreaFactory

    with in_tenant(zwijndrecht.municipality):
        ServiceAreaFactory(
            municipality=zwijndrecht.municipality, organisation=dordrecht.matching_unit
        )
    waits.counts = {(consultant.email, "dordrecht"): 3, (consultant.email, "zwijndrecht"): 1}

    assert run_digests(django_capture_on_commit_callbacks) == len(digest_candidates())
    (message,) = mail.outbox  # nobody else has anything waiting
    assert message.to == [consultant.email]
    assert message.subject == "Er wachten 4 taken op u in Participatie"
    body = message.body
    assert body.index("Gemeente Dordrecht") < body.index("Gemeente Zwijndrecht")
    assert "- Dingen om te doen: 3\n  https://participatie.example.nl/dordrecht/te-doen/" in body
    assert "- Dingen om te doen: 1\n  https://participatie.example.nl/zwijndrecht/te-doen/" in body
    assert "https://participatie.example.nl/accounts/e-mail/" in body
    assert " je " not in f" {body} " and "Beste," in body
    record = OutgoingMail.objects.get(kind="digest")
    assert (record.to_email, record.status, record.key) == (
        consultant.email,
        MailStatus.SENT,
        f"digest:{consultant.pk}:{DAY}",
    )
    assert record.subject == message.subject


def test_running_twice_on_one_day_sends_once_and_the_next_day_again(
    dordrecht, waits, django_capture_on_commit_callbacks
):
    waits.counts = {(dordrecht.account_holder.email, "dordrecht"): 2}
    run_digests(django_capture_on_commit_callbacks)
    run_digests(django_capture_on_commit_callbacks)
    assert len(digests_to(dordrecht.account_holder.email)) == 1
    assert digest_queue(user_id=dordrecht.account_holder.pk, day=_date(DAY)) == "already sent"
    run_digests(django_capture_on_commit_callbacks, day="2026-03-03")
    assert len(digests_to(dordrecht.account_holder.email)) == 2
    assert OutgoingMail.objects.filter(kind="digest").count() == 2


def _date(text: str):
    from datetime import date

    return date.fromisoformat(text)


def test_nothing_waits_no_mail_and_no_record(
    dordrecht, zwijndrecht, waits, django_capture_on_commit_callbacks
):
    run_digests(django_capture_on_commit_callbacks)
    assert not mail.outbox
    assert not OutgoingMail.objects.exists()
    assert digest_queue(user_id=dordrecht.policy_officer.pk, day=_date(DAY)) == "nothing waits"


def test_a_user_who_opted_out_gets_no_digest(dordrecht, waits, django_capture_on_commit_callbacks):
    officer = dordrecht.policy_officer
    User.objects.filter(pk=officer.pk).update(digest_opt_out=True)
    waits.counts = {(officer.email, "dordrecht"): 5}
    assert officer.pk not in digest_candidates()
    run_digests(django_capture_on_commit_callbacks)
    assert not mail.outbox and not OutgoingMail.objects.exists()
    assert digest_queue(user_id=officer.pk, day=_date(DAY)) == "opted out"


def test_opting_out_after_queueing_cancels_the_digest(
    dordrecht, waits, django_capture_on_commit_callbacks
):
    officer = dordrecht.policy_officer
    waits.counts = {(officer.email, "dordrecht"): 1}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        digest_queue(user_id=officer.pk, day=_date(DAY))
    User.objects.filter(pk=officer.pk).update(digest_opt_out=True)
    for callback in callbacks:
        callback()
    assert not mail.outbox
    record = OutgoingMail.objects.get()
    assert record.status == MailStatus.FAILED and "geen dagelijkse e-mail" in record.last_error


def test_a_platform_administrator_gets_no_digest_for_municipalities_they_only_administer(
    dordrecht, platform_admin, waits, django_capture_on_commit_callbacks
):
    waits.counts = {(platform_admin.email, "dordrecht"): 4}
    assert platform_admin.pk not in digest_candidates()
    assert digest_queue(user_id=platform_admin.pk, day=_date(DAY)) == "nothing waits"
    # Also an account holder of Dordrecht: then Dordrecht counts, as on their home page.
    MembershipFactory(user=platform_admin, organisation=dordrecht.office, role=Role.ACCOUNT_HOLDER)
    run_digests(django_capture_on_commit_callbacks)
    (message,) = digests_to(platform_admin.email)
    assert "Gemeente Dordrecht" in message.body and "Gemeente Zwijndrecht" not in message.body


def test_the_digest_is_scheduled_every_morning():
    entry = django_settings.CELERY_BEAT_SCHEDULE["mail-digest-daily"]
    assert entry["task"] == "mail.send_digests"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({7}, {0})
    assert "mail.send_digests" in send_digests.app.tasks


def test_the_user_turns_the_digest_off_and_on_on_their_account_page(client, dordrecht):
    officer = dordrecht.policy_officer
    login(client, officer)
    url = reverse("accounts:email-settings")
    html = client.get(url).content.decode()
    assert 'name="digest"' in html and "checked" in html.split('name="digest"')[1].split(">")[0]
    response = client.post(url, {}, follow=True)  # an unticked box is not sent
    assert "Uw e-mailinstellingen zijn opgeslagen." in response.content.decode()
    officer.refresh_from_db()
    assert officer.digest_opt_out is True
    client.post(url, {"digest": "on"})
    officer.refresh_from_db()
    assert officer.digest_opt_out is False


def test_the_account_page_is_in_the_account_menu_and_needs_a_login(client, dordrecht):
    url = reverse("accounts:email-settings")
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    assert client.post(url, {"digest": "on"}).status_code == 302
    login(client, dordrecht.lwb_a_supervisor)
    home = client.get(f"/{dordrecht.municipality.slug}/").content.decode()
    assert f'href="{url}"' in home


def test_each_user_changes_only_their_own_choice(client, dordrecht):
    login(client, dordrecht.policy_officer)
    client.post(reverse("accounts:email-settings"), {})
    assert User.objects.get(pk=dordrecht.policy_officer.pk).digest_opt_out is True
    assert User.objects.get(pk=dordrecht.account_holder.pk).digest_opt_out is False
