"""The mail record keeps the address and nothing else personal: no name (the invitation's body
names the inviter, the record does not), no body, no token; the logs not even the address."""

from __future__ import annotations

import logging

import pytest
from django.core import mail

from participatie.accounts.services import invitation_create
from participatie.choices import Role
from participatie.models import MunicipalMail, OutgoingMail
from subsidies.services import decisions as svc
from tests.conftest import assert_no_personal_data, in_tenant
from tests.mail.test_digest import run_digests

pytestmark = pytest.mark.django_db


def stored(model, *, tenant=None) -> str:
    def rows():
        return " ".join(
            str(getattr(row, field.attname))
            for row in model.objects.all()
            for field in model._meta.fields
        )

    if tenant is None:
        return rows()
    with in_tenant(tenant):
        return rows()


def test_records_and_logs_hold_no_names(
    dordrecht, decision, waits, caplog, django_capture_on_commit_callbacks
):
    inviter = dordrecht.account_holder
    waits.counts = {(dordrecht.policy_officer.email, "dordrecht"): 1}
    with caplog.at_level(logging.DEBUG), django_capture_on_commit_callbacks(execute=True):
        invitation_create(
            inviter=inviter,
            email="nieuw@dordrecht.example.nl",
            organisation=dordrecht.office,
            role=Role.POLICY_OFFICER,
        )
        with in_tenant(dordrecht.municipality):
            svc.decision_send(decision=decision, actor=dordrecht.second_account_holder)
    run_digests(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 3
    assert inviter.first_name in mail.outbox[0].body  # the body names the inviter ...
    records = stored(OutgoingMail) + " " + stored(MunicipalMail, tenant=dordrecht.municipality)
    people = [
        (user.first_name, user.last_name, "000000000")
        for user in (
            inviter,
            dordrecht.second_account_holder,
            dordrecht.policy_officer,
            dordrecht.lwb_a_admin,
        )
    ]
    assert_no_personal_data(records, people)  # ... the record does not
    for message in mail.outbox:
        assert message.body not in records
    logs = "\n".join(r.getMessage() for r in caplog.records)
    assert_no_personal_data(logs, people)
    for address in ("nieuw@dordrecht.example.nl", "info@lwb-a-dordrecht.example.nl", "@"):
        assert address not in logs
