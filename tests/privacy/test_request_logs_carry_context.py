"""Every log line of a tenant request carries the request id, the user id and the municipality,
whether it comes from structlog or the standard logging module, and no query string."""

from __future__ import annotations

import structlog
from django.test import override_settings

from tests.conftest import login
from tests.privacy.conftest import first_enrolment

REQUEST_ID = "test-request-0001"


@override_settings(ROOT_URLCONF="tests.privacy.probe_urls")
def test_every_line_of_a_tenant_request_carries_request_id_user_id_and_municipality(
    client, dordrecht, log_lines
):
    login(client, dordrecht.account_holder)
    before = len(log_lines())

    response = client.get("/dordrecht/audit-probe/log", HTTP_X_REQUEST_ID=REQUEST_ID)

    assert response.status_code == 200
    lines = log_lines()[before:]
    events = {line["event"].split(" ")[0] for line in lines}
    assert {"probe.structlog", "probe", "request.finished"} <= events
    for line in lines:
        assert line["request_id"] == REQUEST_ID, line
        assert line["user_id"] == dordrecht.account_holder.pk, line
        assert line["municipality"] == str(dordrecht.municipality.id), line


@override_settings(ROOT_URLCONF="tests.privacy.probe_urls")
def test_query_strings_of_a_request_never_reach_the_log(client, dordrecht, log_lines):
    login(client, dordrecht.account_holder)

    client.get("/dordrecht/audit-probe/log?naam=Jansen&bsn=123456789")

    lines = log_lines()
    assert lines
    text = repr(lines)
    assert "Jansen" not in text and "123456789" not in text
    finished = next(line for line in lines if line["event"] == "request.finished")
    assert finished["path"] == "/dordrecht/audit-probe/log"
    assert finished["status"] == 200
    assert finished["method"] == "GET"


def test_djangos_not_found_line_of_an_api_request_names_the_municipality(
    client, dordrecht, log_lines
):
    login(client, dordrecht.account_holder)

    response = client.get("/api/v1/dordrecht/enrolments/999999")

    assert response.status_code == 404
    (not_found,) = [line for line in log_lines() if line["logger"] == "django.request"]
    assert not_found["event"] == "Not Found: /api/v1/dordrecht/enrolments/999999"
    assert not_found["municipality"] == str(dordrecht.municipality.id)
    assert not_found["user_id"] == dordrecht.account_holder.pk
    assert not_found["request_id"]


def test_a_read_event_request_logs_no_bsn_from_the_path(client, dordrecht, log_lines):
    enrolment = first_enrolment(dordrecht)
    login(client, dordrecht.account_holder)
    client.get(f"/api/v1/dordrecht/enrolments/{enrolment.pk}?bsn=123456789")
    assert "123456789" not in repr(log_lines())


@override_settings(ROOT_URLCONF="tests.privacy.probe_urls")
def test_lines_after_a_request_carry_none_of_its_context(client, dordrecht, log_lines):
    login(client, dordrecht.account_holder)
    client.get("/dordrecht/audit-probe/log")

    structlog.get_logger("tests.audit").info("after.request")

    line = log_lines()[-1]
    assert line["event"] == "after.request"
    assert (line["request_id"], line["user_id"], line["municipality"]) == (None, None, None)
