"""The committed OpenAPI description (openapi/openapi.yaml) is the one the code generates, so a
change to the API shows up in review and CI fails when the file was not regenerated:

    .venv/bin/python manage.py spectacular --validate --fail-on-warn --file openapi/openapi.yaml
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management import call_command

COMMITTED = Path(settings.BASE_DIR) / "openapi" / "openapi.yaml"


def test_committed_schema_is_up_to_date(db, tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(generated))
    assert COMMITTED.exists(), "generate openapi/openapi.yaml (see this module's docstring)"
    assert generated.read_text() == COMMITTED.read_text(), (
        "openapi/openapi.yaml is out of date: regenerate it with "
        "`.venv/bin/python manage.py spectacular --validate --fail-on-warn "
        "--file openapi/openapi.yaml`"
    )


def test_committed_schema_covers_the_api():
    text = COMMITTED.read_text()
    for path in (
        "/participants",
        "/referrals",
        "/intakes/{id}/place",
        "/placements/{id}/end",
        "/step-decisions/{id}/decide",
        "/step-decisions/{id}/objections",
        "/objections/{id}/handle",
    ):
        assert f"\n  /{{municipality_slug}}{path}:" in text, path
