from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

from tests.accounts.helpers import password_login, totp_code
from tests.factories import TEST_PASSWORD

MFA_STAGE = "/accounts/2fa/authenticate/"


def test_password_then_totp_logs_in(client, dordrecht):
    user = dordrecht.account_holder
    response = password_login(client, user.email)
    assert response.status_code == 302 and response["Location"] == MFA_STAGE
    # Between the two steps the user is not logged in yet.
    assert client.get("/dordrecht/")["Location"].startswith("/accounts/login/")
    response = client.post(MFA_STAGE, {"code": totp_code()})
    assert response.status_code == 302
    assert client.get("/dordrecht/").status_code == 200


def test_wrong_totp_code_does_not_log_in(client, dordrecht):
    password_login(client, dordrecht.account_holder.email)
    response = client.post(MFA_STAGE, {"code": "000000" if totp_code() != "000000" else "111111"})
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert client.get("/dordrecht/")["Location"].startswith("/accounts/login/")


def test_wrong_password_gives_dutch_error(client, dordrecht):
    response = password_login(client, dordrecht.account_holder.email, "fout-wachtwoord")
    assert response.status_code == 200
    assert "wachtwoord" in response.content.decode().lower()
    assert "_auth_user_id" not in client.session


def test_recovery_code_logs_in(client, dordrecht):
    user = dordrecht.account_holder
    codes = RecoveryCodes.activate(user).get_unused_codes()
    password_login(client, user.email)
    response = client.post(MFA_STAGE, {"code": codes[0]})
    assert response.status_code == 302
    assert client.get("/dordrecht/").status_code == 200


def test_new_user_activates_totp_and_gets_recovery_codes(client, dordrecht):
    from participatie.choices import Role
    from participatie.models import Membership
    from tests.factories import UserFactory

    user = UserFactory(mfa=False, email="nieuw@example.nl")
    Membership.objects.create(user=user, organisation=dordrecht.office, role=Role.POLICY_OFFICER)
    response = password_login(client, user.email, TEST_PASSWORD)
    assert response.status_code == 302
    assert client.get("/dordrecht/")["Location"] == "/accounts/2fa/totp/activate/"
    # allauth asks for the password once more before MFA changes (default, kept on purpose).
    response = client.get("/accounts/2fa/totp/activate/")
    assert response["Location"].startswith("/accounts/reauthenticate/")
    response = client.post(response["Location"], {"password": TEST_PASSWORD})
    assert response.status_code == 302
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = page.context["form"].secret
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    types = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    assert client.get("/dordrecht/").status_code == 200


def test_login_page_is_dutch_without_signup_link(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert "Inloggen" in html and "uitnodiging" in html
    assert "/accounts/signup/" not in html
    response = client.get("/accounts/signup/")
    assert "niet zelf aanmelden" in response.content.decode()
