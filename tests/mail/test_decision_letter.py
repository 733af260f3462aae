"""Sending a decision mails its PDF letter to the company's contact address, after commit, and
records it; a company without a contact address is told about before sending; another
municipality never sees the mail."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from participatie.models import MailStatus, MunicipalMail, Organisation
from subsidies.choices import DecisionStatus
from subsidies.mail import COMPANY_LETTER
from subsidies.models import SubsidyDecision
from subsidies.services import decisions as svc
from tests.api.conftest import PROBLEM, fields_of, post
from tests.api.conftest import url as api_url
from tests.conftest import in_tenant, login, on_postgres
from tests.subsidies_decisions.helpers import pdf_text

pytestmark = pytest.mark.django_db


def page(side, name: str, decision) -> str:
    return reverse(
        f"subsidies:{name}",
        kwargs={"municipality_slug": side.municipality.slug, "pk": decision.pk},
    )


def no_contact_address(side) -> None:
    Organisation.objects.filter(pk=side.lwb_a.pk).update(contact_email="")


def test_sending_mails_the_letter_pdf_to_the_company_and_records_it(
    dordrecht, decision, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), in_tenant(dordrecht.municipality):
        svc.decision_send(decision=decision, actor=dordrecht.account_holder)
        assert not mail.outbox, "nothing leaves before the transaction commits"
    (message,) = mail.outbox
    assert message.to == ["info@lwb-a-dordrecht.example.nl"]
    assert message.subject == (
        "Beschikking 2022 van de gemeente Dordrecht: subsidie voor de participatieplekken van "
        "Kringloop Dordrecht"
    )
    assert "Kringloop Dordrecht" in message.body and "€\xa017.300,00" in message.body
    assert " je " not in f" {message.body} "
    ((filename, content, mimetype),) = message.attachments
    assert (filename, mimetype) == ("beschikking-2022.pdf", "application/pdf")
    assert content.startswith(b"%PDF") and "€ 17.300,00" in pdf_text(content)
    with in_tenant(dordrecht.municipality):
        record = MunicipalMail.objects.get()
        assert SubsidyDecision.objects.get(pk=decision.pk).status == DecisionStatus.SENT
    assert (record.kind, record.to_email, record.object_id) == (
        "decision_letter",
        "info@lwb-a-dordrecht.example.nl",
        decision.pk,
    )
    assert (record.status, record.attempts) == (MailStatus.SENT, 1)
    assert record.subject == message.subject and record.sent_at is not None
    assert record.municipality_id == dordrecht.municipality.id
    assert not {f.name for f in MunicipalMail._meta.fields} & {"body", "message", "content"}


def test_the_decision_page_says_where_the_letter_goes_and_then_that_it_went(
    client, dordrecht, decision, django_capture_on_commit_callbacks
):
    login(client, dordrecht.account_holder)
    html = client.get(page(dordrecht, "decision-detail", decision)).content.decode()
    assert "Bij verzenden gaat de brief per e-mail naar info@lwb-a-dordrecht.example.nl" in html
    assert ">Verzenden</button>" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page(dordrecht, "decision-send", decision), follow=True)
    assert "De brief gaat per e-mail naar info@lwb-a-dordrecht.example.nl." in (
        response.content.decode()
    )
    html = client.get(page(dordrecht, "decision-detail", decision)).content.decode()
    assert "Per e-mail verstuurd naar info@lwb-a-dordrecht.example.nl op" in html
    assert len(mail.outbox) == 1


def test_without_a_contact_address_the_sender_is_warned_and_must_confirm(
    client, dordrecht, decision, django_capture_on_commit_callbacks
):
    no_contact_address(dordrecht)
    login(client, dordrecht.account_holder)
    html = client.get(page(dordrecht, "decision-detail", decision)).content.decode()
    assert "Geen e-mailadres voor contact" in html
    assert 'name="without_email_confirmed"' in html and 'form="decision-send-form"' in html
    assert '<label class="utrecht-form-label utrecht-form-label--checkbox" for="id_without' in html

    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(page(dordrecht, "decision-send", decision), follow=True)
    assert "heeft geen e-mailadres voor contact" in refused.content.decode()
    with in_tenant(dordrecht.municipality):
        assert SubsidyDecision.objects.get(pk=decision.pk).status == DecisionStatus.APPROVED
        assert not MunicipalMail.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            page(dordrecht, "decision-send", decision),
            {"without_email_confirmed": "1"},
            follow=True,
        )
    assert "U verstuurt de brief zelf." in sent.content.decode()
    with in_tenant(dordrecht.municipality):
        assert SubsidyDecision.objects.get(pk=decision.pk).status == DecisionStatus.SENT
        assert not MunicipalMail.objects.exists()
    assert not mail.outbox


def test_the_api_names_the_confirmation_when_the_company_has_no_address(
    client, dordrecht, decision
):
    no_contact_address(dordrecht)
    path = api_url(dordrecht, f"decisions/{decision.pk}/send")
    refused = post(client, dordrecht.account_holder, path)
    assert refused["Content-Type"] == PROBLEM
    assert fields_of(refused) == {"without_email_confirmed"}
    sent = post(client, dordrecht.account_holder, path, {"without_email_confirmed": True})
    assert sent.status_code == 200 and sent.json()["status"] == DecisionStatus.SENT


def test_the_api_send_mails_the_letter(
    client, dordrecht, decision, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client, dordrecht.account_holder, api_url(dordrecht, f"decisions/{decision.pk}/send")
        )
    assert response.status_code == 200
    assert [m.attachments[0][0] for m in mail.outbox] == ["beschikking-2022.pdf"]


def test_another_municipality_never_sees_the_letter_mail(
    dordrecht, zwijndrecht, decision, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), in_tenant(dordrecht.municipality):
        svc.decision_send(decision=decision, actor=dordrecht.account_holder)
    with in_tenant(zwijndrecht.municipality):
        assert not MunicipalMail.objects.exists()
        assert COMPANY_LETTER.latest_mail(decision) is None
        if on_postgres():  # the second wall: the row itself is out of reach
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM participatie_municipalmail")
                assert cursor.fetchone()[0] == 0
    with in_tenant(dordrecht.municipality):
        assert COMPANY_LETTER.latest_mail(decision).status == MailStatus.SENT


def test_company_users_do_not_see_the_mail_line(
    client, dordrecht, decision, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), in_tenant(dordrecht.municipality):
        svc.decision_send(decision=decision, actor=dordrecht.account_holder)
    login(client, dordrecht.lwb_a_admin)
    html = client.get(page(dordrecht, "decision-detail", decision)).content.decode()
    assert "Beschikking" in html and 'id="letter-mail"' not in html


def test_a_failed_letter_is_resent_to_the_corrected_address(
    client, dordrecht, decision, platform_admin, monkeypatch, django_capture_on_commit_callbacks
):
    def refused(self, fail_silently=False):
        raise ConnectionRefusedError(111, "Connection refused")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMessage.send", refused)
        with django_capture_on_commit_callbacks(execute=True), in_tenant(dordrecht.municipality):
            svc.decision_send(decision=decision, actor=dordrecht.account_holder)
    with in_tenant(dordrecht.municipality):
        record = MunicipalMail.objects.get()
    assert record.status == MailStatus.FAILED and "ConnectionRefusedError" in record.last_error
    Organisation.objects.filter(pk=dordrecht.lwb_a.pk).update(
        contact_email="administratie@kringloop.example.nl"
    )
    login(client, platform_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("platform:municipal-mail-resend", kwargs={"pk": record.pk}), follow=True
        )
    assert "wordt opnieuw verstuurd" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["administratie@kringloop.example.nl"]]
    with in_tenant(dordrecht.municipality):
        record.refresh_from_db()
    assert (record.status, record.to_email) == (
        MailStatus.SENT,
        "administratie@kringloop.example.nl",
    )
