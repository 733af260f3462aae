from __future__ import annotations

import io
import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management import CommandError, call_command

from participatie.demo import DEMO_TOTP_SECRET
from tests.ops.helpers import load_demo

pytestmark = pytest.mark.django_db


def test_prints_the_current_code_in_development(settings):
    settings.DEBUG = True
    load_demo()
    out = io.StringIO()
    call_command("demo_totp", "consulent@mee.example.nl", stdout=out, stderr=io.StringIO())
    counter = int(time.time()) // 30
    valid = {format_hotp_value(hotp_value(DEMO_TOTP_SECRET, c)) for c in (counter - 1, counter)}
    assert out.getvalue().strip() in valid


def test_refused_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_totp", "consulent@mee.example.nl")


def test_unknown_user_is_a_clear_error(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match=re.escape("nobody@example.nl")):
        call_command("demo_totp", "nobody@example.nl")
