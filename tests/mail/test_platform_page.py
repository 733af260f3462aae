"""/beheer/e-mail/: the platform administrator's list of recent mails (platform and every
municipality), the filter on failed mails and "Opnieuw versturen"; nobody else gets in."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participatie.models import MailStatus, MunicipalMail, OutgoingMail
from tests.conftest import in_tenant, login
from tests.factories import MunicipalMailFactory

pytestmark = pytest.mark.django_db

LIST = "/beheer/e-mail/"


def make_mails(side, n: int, *, status=MailStatus.FAILED) -> None:
    for i in range(n):
        OutgoingMail.objects.create(
            kind="invitation",
            to_email=f"persoon{i}@{side.municipality.slug}.example.nl",
            subject="Uitnodiging voor Participatie",
            status=status,
            attempts=5,
            last_error="SMTPRecipientsRefused: 550 Mailbox full",
        )
    with in_tenant(side.municipality):
        for _ in range(n):
            MunicipalMailFactory(municipality=side.municipality, status=status, attempts=5)


def test_the_platform_admin_sees_platform_and_municipal_mails_and_filters_failed(
    client, dordrecht, zwijndrecht, platform_admin
):
    OutgoingMail.objects.create(kind="digest", to_email="goed@example.nl", status=MailStatus.SENT)
    with in_tenant(zwijndrecht.municipality):
        MunicipalMailFactory(
            municipality=zwijndrecht.municipality,
            to_email="info@zwijndrecht-bedrijf.example.nl",
            status=MailStatus.FAILED,
            last_error="ConnectionRefusedError: [Errno 111] Connection refused",
        )
    login(client, platform_admin)
    html = client.get(LIST).content.decode()
    assert "goed@example.nl" in html and "Dagelijks overzicht" in html
    assert "info@zwijndrecht-bedrijf.example.nl" in html and "Beschikking" in html
    assert "Zwijndrecht" in html and "Connection refused" in html
    failed = client.get(f"{LIST}?resultaat=mislukt").content.decode()
    assert "goed@example.nl" not in failed
    assert "info@zwijndrecht-bedrijf.example.nl" in failed and "Opnieuw versturen" in failed
    assert 'aria-current="page">Alleen mislukte e-mails' in failed


def test_the_list_keeps_its_query_count_as_mails_grow(client, dordrecht, platform_admin):
    login(client, platform_admin)
    client.get(LIST)
    make_mails(dordrecht, 1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(LIST).status_code == 200
    make_mails(dordrecht, 30)
    with CaptureQueriesContext(connection) as many:
        html = client.get(LIST).content.decode()
    assert html.count("Opnieuw versturen</button>") == 62
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]


def test_the_platform_home_links_to_the_mail_page_with_the_failed_count(
    client, dordrecht, platform_admin
):
    make_mails(dordrecht, 2)
    login(client, platform_admin)
    home = client.get("/beheer/").content.decode()
    assert f'href="{LIST}"' in home and "(4 mislukt)" in home


def test_resend_puts_a_failed_mail_back_and_sends_it(
    client, dordrecht, platform_admin, django_capture_on_commit_callbacks
):
    record = OutgoingMail.objects.create(
        kind="unknown_account", to_email="iemand@example.nl", status=MailStatus.FAILED
    )
    login(client, platform_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("platform:mail-resend", kwargs={"pk": record.pk}), {"resultaat": "mislukt"}
        )
    assert response["Location"] == f"{LIST}?resultaat=mislukt"
    record.refresh_from_db()
    assert record.status == MailStatus.SENT and [m.to for m in mail.outbox] == [
        ["iemand@example.nl"]
    ]
    # A sent (or still queued) mail is not sent again.
    response = client.post(reverse("platform:mail-resend", kwargs={"pk": record.pk}), follow=True)
    assert "Alleen een mislukte e-mail kunt u opnieuw versturen." in response.content.decode()
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("who", ["account_holder", "lwb_a_admin", "consultant", "policy_officer"])
def test_others_get_403_and_resend_nothing(client, dordrecht, who):
    make_mails(dordrecht, 1)
    with in_tenant(dordrecht.municipality):
        municipal = MunicipalMail.objects.get()
    login(client, getattr(dordrecht, who))
    assert client.get(LIST).status_code == 403
    outgoing = OutgoingMail.objects.get()
    assert (
        client.post(reverse("platform:mail-resend", kwargs={"pk": outgoing.pk})).status_code == 403
    )
    assert (
        client.post(
            reverse("platform:municipal-mail-resend", kwargs={"pk": municipal.pk})
        ).status_code
        == 403
    )
    outgoing.refresh_from_db()
    assert outgoing.status == MailStatus.FAILED


def test_anonymous_is_sent_to_the_login_page(client, dordrecht):
    for url in (LIST, reverse("platform:mail-resend", kwargs={"pk": 1})):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_an_unknown_mail_is_404(client, platform_admin):
    login(client, platform_admin)
    assert client.post(reverse("platform:mail-resend", kwargs={"pk": 999})).status_code == 404
    assert (
        client.post(reverse("platform:municipal-mail-resend", kwargs={"pk": 999})).status_code
        == 404
    )
