"""Property-based check of the API against its committed OpenAPI description (schemathesis):
for generated requests with the token of each of three roles of Dordrecht (the matching unit's
consultant, the account holder, a learning-work company's administrator), no server error, no
status the operation does not document, and every response in its documented media type and
schema. Few examples per operation and role (a bounded run, in CI); marked ``slow``.

    .venv/bin/pytest tests/api/test_api_schemathesis.py -m slow
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from participatie.accounts.tokens import api_token_issue
from tests.api.conftest import populate

# The document's paths are relative to its server (`servers: [{url: /api/v1}]`, the major
# version); schemathesis takes the base path from there.
schema = schemathesis.openapi.from_path(Path(settings.BASE_DIR) / "openapi" / "openapi.yaml")
schema.app = get_wsgi_application()


def test_calls_go_to_the_server_of_the_major_version():
    assert schema.base_path == "/api/v1/"


@pytest.fixture
def keep_connection():
    """Django's test client keeps the test's database connection open between requests; a raw
    WSGI call would close it at request end (PostgreSQL; SQLite in memory is never closed)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


ROLES = ("consultant", "account_holder", "lwb_a_admin")


@pytest.fixture(params=ROLES)
def role_token(request, dordrecht, steps, keep_connection):
    populate(dordrecht, dordrecht.lwb_a, 2)
    user = getattr(dordrecht, request.param)
    _token, raw = api_token_issue(user=user, name="schemathesis", days=1)
    return raw


@pytest.mark.slow
@schema.parametrize()
@hypothesis_settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_conforms_to_its_schema(case, role_token):
    if "municipality_slug" in (case.path_parameters or {}):
        case.path_parameters["municipality_slug"] = "dordrecht"
    case.call_and_validate(
        headers={"Authorization": f"Token {role_token}"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
