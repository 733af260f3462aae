from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.test import TestCase
from django.utils import timezone

from participatie.choices import Role
from participatie.models import Invitation, Membership, User
from tests.accounts.helpers import password_login
from tests.conftest import login
from tests.factories import UserFactory

NEW_PASSWORD = "Lange-Zin-Met-Woorden-42"


def _post_invite(client, side, organisation, email="nieuw@example.nl", role=Role.POLICY_OFFICER):
    with TestCase.captureOnCommitCallbacks(execute=True):  # the mail leaves after commit
        return client.post(
            "/accounts/uitnodigingen/",
            {"email": email, "organisation": organisation.pk, "role": role},
        )


def test_org_admin_sends_invitation_and_sees_it_listed(client, dordrecht):
    login(client, dordrecht.account_holder)
    response = _post_invite(client, dordrecht, dordrecht.office)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "http://testserver/accounts/uitnodiging/" in mail.outbox[0].body
    page = client.get("/accounts/uitnodigingen/")
    assert "nieuw@example.nl" in page.content.decode()


def test_invitation_list_shows_only_own_invitations(client, dordrecht):
    login(client, dordrecht.account_holder)
    _post_invite(client, dordrecht, dordrecht.office, email="van-mij@example.nl")
    client.cookies.clear()  # drop the success message that still names the address
    login(client, dordrecht.second_account_holder)
    page = client.get("/accounts/uitnodigingen/").content.decode()
    assert "van-mij@example.nl" not in page


def test_lwb_admin_cannot_invite_into_other_company(client, dordrecht):
    login(client, dordrecht.lwb_b_admin)
    response = _post_invite(client, dordrecht, dordrecht.lwb_a, role=Role.LWB_SUPERVISOR)
    assert response.status_code == 200
    assert "Kies een organisatie uit de lijst." in response.content.decode()
    assert not Invitation.objects.exists()


def test_account_holder_cannot_invite_into_other_municipality(client, dordrecht, zwijndrecht):
    login(client, dordrecht.account_holder)
    response = _post_invite(client, dordrecht, zwijndrecht.office)
    assert response.status_code == 200
    assert not Invitation.objects.exists()
    other = client.get("/accounts/uitnodigingen/").content.decode()
    assert "Gemeente Zwijndrecht" not in other


def test_non_admin_gets_403_on_invite_page(client, dordrecht):
    login(client, dordrecht.policy_officer)
    assert client.get("/accounts/uitnodigingen/").status_code == 403


def test_wrong_role_for_org_shows_dutch_form_error(client, dordrecht):
    login(client, dordrecht.lwb_a_admin)
    response = _post_invite(client, dordrecht, dordrecht.lwb_a, role=Role.ACCOUNT_HOLDER)
    assert response.status_code == 200
    assert "past niet bij een leerwerkbedrijf" in response.content.decode()
    assert not Invitation.objects.exists()


def test_invite_page_needs_mfa(client, dordrecht):
    user = UserFactory(mfa=False)
    Membership.objects.create(user=user, organisation=dordrecht.office, role=Role.ACCOUNT_HOLDER)
    login(client, user)
    response = client.get("/accounts/uitnodigingen/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_anonymous_is_sent_to_login(client, dordrecht):
    response = client.get("/accounts/uitnodigingen/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def _invite_link(client, side, email="nieuw@example.nl") -> str:
    login(client, side.account_holder)
    _post_invite(client, side, side.office, email=email)
    client.logout()
    return (
        "/accounts/uitnodiging/"
        + mail.outbox[-1].body.split("/accounts/uitnodiging/")[1].split("/")[0]
        + "/"
    )


def test_accept_page_sets_password_then_login_leads_to_mfa_setup(client, dordrecht):
    link = _invite_link(client, dordrecht)
    assert client.get(link).status_code == 200
    response = client.post(
        link,
        {
            "first_name": "Nel",
            "last_name": "Nieuw",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    # The new user has no TOTP yet: after the password the middleware sends them to set it up.
    response = password_login(client, "nieuw@example.nl", NEW_PASSWORD)
    assert response.status_code == 302
    response = client.get("/dordrecht/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_accept_page_refuses_reuse_with_dutch_message(client, dordrecht):
    link = _invite_link(client, dordrecht)
    data = {
        "first_name": "A",
        "last_name": "B",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    client.post(link, data)
    response = client.post(link, data)
    assert response.status_code == 410
    assert "Deze uitnodiging is al gebruikt" in response.content.decode()
    assert User.objects.filter(email="nieuw@example.nl").count() == 1


def test_accept_page_refuses_expired_invitation(client, dordrecht):
    link = _invite_link(client, dordrecht)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(link)
    assert response.status_code == 410
    assert "Deze uitnodiging is verlopen" in response.content.decode()


def test_accept_page_mismatched_passwords_write_nothing(client, dordrecht):
    link = _invite_link(client, dordrecht)
    response = client.post(
        link,
        {"first_name": "A", "last_name": "B", "password1": NEW_PASSWORD, "password2": "anders"},
    )
    assert response.status_code == 200
    assert "De wachtwoorden zijn niet gelijk." in response.content.decode()
    assert not User.objects.filter(email="nieuw@example.nl").exists()


def test_accept_page_weak_password_gives_dutch_error(client, dordrecht):
    link = _invite_link(client, dordrecht)
    response = client.post(
        link, {"first_name": "A", "last_name": "B", "password1": "kort", "password2": "kort"}
    )
    assert response.status_code == 200
    assert "te kort" in response.content.decode()
    assert not User.objects.filter(email="nieuw@example.nl").exists()
