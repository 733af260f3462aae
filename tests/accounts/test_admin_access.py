from __future__ import annotations

from participatie.models import Organisation
from tests.conftest import login
from tests.factories import UserFactory


def _staff(mfa=True):
    return UserFactory(email="beheer@example.nl", is_staff=True, is_superuser=True, mfa=mfa)


def test_admin_login_goes_to_allauth_login(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"


def test_staff_without_mfa_cannot_open_admin(client, db):
    login(client, _staff(mfa=False))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_staff_with_mfa_opens_admin(client, db):
    login(client, _staff())
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/participatie/apitoken/").status_code == 200


def test_non_staff_user_gets_403_not_a_login_loop(client, dordrecht):
    login(client, dordrecht.account_holder)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403


def test_admin_refuses_invalid_kvk_number(client, db):
    login(client, _staff())
    response = client.post(
        "/admin/participatie/organisation/add/",
        {
            "name": "Bedrijf",
            "slug": "bedrijf",
            "kind": "learning_work_company",
            "kvk_number": "123",
        },
    )
    assert response.status_code == 200
    assert "precies 8 cijfers" in response.content.decode()
    assert not Organisation.objects.filter(slug="bedrijf").exists()


def test_admin_token_hashes_are_read_only(client, dordrecht):
    from participatie.accounts.tokens import api_token_issue

    token, _raw = api_token_issue(user=dordrecht.account_holder, name="x", days=5)
    login(client, _staff())
    assert client.get("/admin/participatie/apitoken/add/").status_code == 403
    page = client.get(f"/admin/participatie/apitoken/{token.pk}/change/")
    assert page.status_code == 200
    assert 'name="key_hash"' not in page.content.decode()
