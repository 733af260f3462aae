from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import decrypt

from participatie.choices import Role
from participatie.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, DEMO_USERS
from participatie.models import User
from participatie.tenancy.access import accessible_municipalities
from tests.ops.helpers import load_demo

pytestmark = pytest.mark.django_db


def test_without_debug_no_user_is_created_and_the_command_says_so(settings):
    settings.DEBUG = False
    out, err = load_demo()
    assert User.objects.count() == 0
    assert "--force-demo-users" in err
    assert DEMO_PASSWORD not in out


def test_force_creates_the_users_without_debug(settings):
    settings.DEBUG = False
    load_demo("--force-demo-users")
    assert User.objects.count() == len(DEMO_USERS)


def test_one_user_per_role_with_password_and_totp_printed(settings):
    settings.DEBUG = True
    settings.MFA_TOTP_INSECURE_BYPASS_CODE = "000000"
    out, _ = load_demo()
    roles = set()
    for email, *_rest in DEMO_USERS:
        user = User.objects.get(email=email)
        assert user.check_password(DEMO_PASSWORD)
        assert email in out
        roles |= set(user.memberships.values_list("role", flat=True))
        authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
        assert decrypt(authenticator.data["secret"]) == DEMO_TOTP_SECRET
    assert roles == set(Role.values)
    assert DEMO_PASSWORD in out and DEMO_TOTP_SECRET in out
    assert "000000" in out and "/accounts/login/" in out
    holders = User.objects.filter(memberships__role=Role.ACCOUNT_HOLDER).distinct()
    assert holders.count() == 2


def test_demo_totp_secret_gives_valid_codes(settings):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    settings.DEBUG = True
    load_demo()
    import time

    user = User.objects.get(email="beleid@dordrecht.example.nl")
    code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // 30))
    totp = TOTP(Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP))
    assert totp.validate_code(code)


def test_platform_admin_is_staff_and_superuser(settings):
    settings.DEBUG = True
    load_demo()
    admin = User.objects.get(memberships__role=Role.PLATFORM_ADMIN)
    assert admin.is_staff and admin.is_superuser
    others = User.objects.exclude(pk=admin.pk)
    assert not others.filter(is_staff=True).exists()


def test_mee_consultant_and_kringloop_admin_see_several_municipalities(settings):
    settings.DEBUG = True
    load_demo()
    consultant = User.objects.get(email="consulent@mee.example.nl")
    assert [m.slug for m in accessible_municipalities(consultant)] == [
        "dordrecht",
        "hardinxveld-giessendam",
        "papendrecht",
        "sliedrecht",
    ]
    lwb_admin = User.objects.get(email="beheer@dekringloop.example.nl")
    assert [m.slug for m in accessible_municipalities(lwb_admin)] == ["dordrecht", "zwijndrecht"]
