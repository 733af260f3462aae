"""``manage.py build_bench_data``: the asked volumes in the tenant, logins that work, one run per
database unless ``--reset``, and never on production settings by accident."""

from __future__ import annotations

import io
import json
import stat

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from matching.models import Intake
from participatie.models import Attendance, Organisation, Participant, Placement, User
from participatie.tenancy.context import atomic_tenant_context
from subsidies.models import QuarterStatement
from tests.accounts.helpers import totp_code

pytestmark = pytest.mark.django_db(transaction=True)

SMALL = [
    "--participants=60",
    "--placements=30",
    "--companies=5",
    "--attendance-weeks=2",
    "--logins=1",
]


def build(tmp_path, *extra: str) -> tuple[str, dict]:
    out = io.StringIO()
    credentials = tmp_path / "credentials.json"
    call_command("build_bench_data", *SMALL, f"--credentials={credentials}", *extra, stdout=out)
    return out.getvalue(), json.loads(credentials.read_text())


def counts(slug: str = "dordrecht") -> dict[str, int]:
    from participatie.models import Municipality

    municipality = Municipality.objects.get(slug=slug)
    with atomic_tenant_context(municipality.id):
        return {
            "participants": Participant.objects.count(),
            "placements": Placement.objects.count(),
            "attendance": Attendance.objects.count(),
            "intakes": Intake.objects.count(),
            "statements": QuarterStatement.objects.count(),
        }


def test_builds_the_asked_volumes_in_the_tenant(tmp_path):
    out, built = build(tmp_path)
    found = counts()
    assert found["participants"] == 60 and found["placements"] == 30
    # Two whole weeks of five working days for every placement.
    assert found["attendance"] == 30 * 2 * 5 == built["counts"]["aanwezigheidsdagen"]
    assert found["intakes"] == len(built["search_referrals"]) == 30
    assert found["statements"] == built["counts"]["declaraties"] > 0
    assert str(tmp_path / "credentials.json") in out
    assert built["grid_week"] and built["attendance_from"] < built["attendance_to"]


def test_the_credentials_file_is_private_and_its_logins_work(tmp_path, client):
    _out, built = build(tmp_path)
    assert stat.S_IMODE((tmp_path / "credentials.json").stat().st_mode) == 0o600
    consultant, account_holder = built["logins"]
    assert {consultant["role"], account_holder["role"]} == {"mu_consultant", "account_holder"}
    assert consultant["api_token"] and not account_holder["api_token"]
    response = client.post(
        "/accounts/login/", {"login": consultant["email"], "password": consultant["password"]}
    )
    assert response["Location"] == "/accounts/2fa/authenticate/"
    response = client.post(
        "/accounts/2fa/authenticate/", {"code": totp_code(consultant["totp_secret"])}
    )
    assert response.status_code == 302
    grid = client.get(f"/dordrecht/aanwezigheid/?week={built['grid_week']}")
    assert grid.status_code == 200 and grid.content.decode().count("grid-cell") >= 5
    api = client.get(
        "/api/v1/dordrecht/placements", HTTP_AUTHORIZATION=f"Token {consultant['api_token']}"
    )
    assert api.status_code == 200 and api.json()["results"]


def test_a_second_run_refuses_and_reset_builds_afresh(tmp_path):
    build(tmp_path)
    with pytest.raises(CommandError, match="--reset"):
        build(tmp_path)
    build(tmp_path, "--reset")
    assert counts()["participants"] == 60
    assert User.objects.filter(email__endswith="@bench.example.nl").count() == 2


def test_refuses_production_settings_unless_told_the_database_is_a_throwaway(
    tmp_path, settings, monkeypatch
):
    settings.DEBUG = False
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "config.settings.production")
    with pytest.raises(CommandError, match="--i-know-this-is-not-production"):
        build(tmp_path)
    assert not Organisation.objects.filter(slug__startswith="bench-").exists()
    build(tmp_path, "--i-know-this-is-not-production")
    assert counts()["placements"] == 30


def test_more_placements_than_participants_is_refused(tmp_path):
    with pytest.raises(CommandError, match="--placements"):
        call_command(
            "build_bench_data",
            "--participants=5",
            "--placements=6",
            "--logins=1",
            f"--credentials={tmp_path / 'c.json'}",
        )
