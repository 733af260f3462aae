"""A refused request (403) or a form with errors (400) is ordinary traffic: one INFO line with
the request id, the user and the path, no traceback and no warning."""

from __future__ import annotations

import logging

import pytest

from tests.conftest import login

REQUEST_ID = "test-request-0403"


def _request_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    # DEBUG lines of the application (tenancy decisions and the like) are not request lines.
    return [record for record in caplog.records if record.levelno >= logging.INFO]


def _one_info_line(caplog: pytest.LogCaptureFixture, *, status: int) -> logging.LogRecord:
    records = _request_records(caplog)
    assert len(records) == 1, [(r.name, r.levelname, r.getMessage()) for r in records]
    (record,) = records
    assert record.levelno == logging.INFO
    assert record.exc_info is None
    event = record.msg
    assert isinstance(event, dict)
    assert event["status"] == status
    return record


@pytest.mark.parametrize(
    "path",
    [
        "/zwijndrecht/?zoek=Jansen",  # a municipality outside the user's memberships
        "/dordrecht/aanmeldingen/nieuw/?zoek=Jansen",  # a page the role may not open
    ],
)
def test_a_403_is_one_info_line_without_traceback(client, dordrecht, zwijndrecht, caplog, path):
    login(client, dordrecht.lwb_a_supervisor)
    caplog.clear()
    with caplog.at_level(logging.DEBUG):
        response = client.get(path, HTTP_X_REQUEST_ID=REQUEST_ID)

    assert response.status_code == 403
    event = _one_info_line(caplog, status=403).msg
    assert isinstance(event, dict)
    assert event["request_id"] == REQUEST_ID
    assert event["user_id"] == dordrecht.lwb_a_supervisor.pk
    assert event["path"] == path.split("?")[0]
    assert "Jansen" not in repr(event)


def test_an_api_403_is_one_info_line_too(client, dordrecht, zwijndrecht, caplog):
    login(client, dordrecht.account_holder)
    caplog.clear()
    with caplog.at_level(logging.DEBUG):
        response = client.get("/api/v1/zwijndrecht/enrolments")

    assert response.status_code == 403
    _one_info_line(caplog, status=403)


def test_a_form_with_errors_logs_no_warning(client, dordrecht, caplog):
    login(client, dordrecht.consultant)
    caplog.clear()
    with caplog.at_level(logging.DEBUG):
        response = client.post("/dordrecht/aanmeldingen/nieuw/", {"bsn": "123456789"})

    assert response.status_code == 400
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert not [r for r in caplog.records if "Bad Request" in r.getMessage()]
    _one_info_line(caplog, status=400)


def test_a_404_keeps_its_not_found_line(client, dordrecht, caplog):
    login(client, dordrecht.account_holder)
    caplog.clear()
    with caplog.at_level(logging.DEBUG):
        response = client.get("/api/v1/dordrecht/enrolments/999999")

    assert response.status_code == 404
    assert [r.getMessage() for r in caplog.records if r.name == "django.request"] == [
        "Not Found: /api/v1/dordrecht/enrolments/999999"
    ]


def test_runserver_request_lines_of_refused_requests_are_info():
    from config.logging import ClientErrorFilter

    record = logging.LogRecord(
        "django.server", logging.WARNING, __file__, 1, '"GET /x/ HTTP/1.1" 403 10', None, None
    )
    record.status_code = 403
    assert ClientErrorFilter().filter(record)
    assert record.levelno == logging.INFO and record.levelname == "INFO"
