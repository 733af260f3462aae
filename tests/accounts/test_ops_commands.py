from __future__ import annotations

from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command

from participatie.choices import Role
from participatie.models import ApiToken, Membership, User

PASSWORD = "Lange-Zin-Met-Woorden-42"


def _run(*args, **env):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_add_member_creates_user_with_password_from_env(dordrecht, monkeypatch):
    monkeypatch.setenv("NIEUW_WW", PASSWORD)
    out, _ = _run(
        "add_member",
        "Nieuw@Example.nl",
        "gemeente-dordrecht",
        "policy_officer",
        "--password-env",
        "NIEUW_WW",
        "--first-name",
        "Nel",
    )
    user = User.objects.get(email="nieuw@example.nl")
    assert user.check_password(PASSWORD) and user.first_name == "Nel"
    assert Membership.objects.filter(
        user=user, organisation=dordrecht.office, role=Role.POLICY_OFFICER
    ).exists()
    assert "aangemaakt" in out


def test_add_member_updates_existing_user_without_duplicating(dordrecht):
    user = dordrecht.consultant
    _run("add_member", user.email, "gemeente-dordrecht", "policy_officer", "--last-name", "Nieuw")
    _run("add_member", user.email, "gemeente-dordrecht", "policy_officer")
    user.refresh_from_db()
    assert user.last_name == "Nieuw"
    assert user.check_password("correct-horse-battery-staple")
    assert user.memberships.filter(role=Role.POLICY_OFFICER).count() == 1


def test_add_member_without_password_gives_unusable_password(dordrecht):
    _run("add_member", "a@example.nl", "gemeente-dordrecht", "policy_officer")
    assert not User.objects.get(email="a@example.nl").has_usable_password()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["a@example.nl", "bestaat-niet", "policy_officer"], "Onbekende organisatie"),
        (["a@example.nl", "gemeente-dordrecht", "koning"], "Onbekende rol"),
        (["a@example.nl", "gemeente-dordrecht", "lwb_admin"], "past niet"),
        (["geen-adres", "gemeente-dordrecht", "policy_officer"], "geldig e-mailadres"),
        (
            ["a@example.nl", "gemeente-dordrecht", "policy_officer", "--password-env", "LEEG"],
            "LEEG is niet gezet",
        ),
    ],
)
def test_add_member_refuses_bad_input_and_writes_nothing(dordrecht, args, message, monkeypatch):
    monkeypatch.delenv("LEEG", raising=False)
    users = User.objects.count()
    with pytest.raises(CommandError, match=message):
        _run("add_member", *args)
    assert User.objects.count() == users


def test_add_member_weak_password_writes_nothing(dordrecht, monkeypatch):
    monkeypatch.setenv("ZWAK", "1234")
    with pytest.raises(CommandError, match="te kort"):
        _run(
            "add_member",
            "a@example.nl",
            "gemeente-dordrecht",
            "policy_officer",
            "--password-env",
            "ZWAK",
        )
    assert not User.objects.filter(email="a@example.nl").exists()


def test_issued_token_works_for_integration_user_without_mfa(client, dordrecht):
    _run("add_member", "koppeling@example.nl", "gemeente-dordrecht", "policy_officer")
    user = User.objects.get(email="koppeling@example.nl")
    assert not Authenticator.objects.filter(user=user).exists()
    out, err = _run("issue_api_token", "koppeling@example.nl", "--days", "30", "--name", "ZS")
    raw = out.strip()
    assert "\n" not in raw and len(raw) >= 40
    assert raw not in err and "ZS" in err
    assert ApiToken.objects.get(user=user).name == "ZS"
    response = client.get("/api/v1/dordrecht/enrolments", HTTP_AUTHORIZATION=f"Token {raw}")
    assert response.status_code == 200
    # ...and only for its own municipality.
    other = client.get("/api/v1/zwijndrecht/enrolments", HTTP_AUTHORIZATION=f"Token {raw}")
    assert other.status_code in (403, 404)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["niemand@example.nl", "--days", "5"], "Onbekende gebruiker"),
        (["accounthouder@dordrecht.example.nl", "--days", "0"], "1 tot 365 dagen"),
        (["accounthouder@dordrecht.example.nl", "--days", "5", "--name", ""], "omschrijving"),
    ],
)
def test_issue_api_token_refuses_bad_input(dordrecht, zwijndrecht, args, message):
    with pytest.raises(CommandError, match=message):
        _run("issue_api_token", *args)
    assert not ApiToken.objects.exists()
