"""The log probe: BSNs and names of a probe corpus go through web, API, worker, runserver and
gunicorn, and no line that any configured handler writes holds one of them.

Every stream handler of every logger the project configured is captured (not only the root
handler a test would normally read), with DEBUG on: in development Django's own console handler
used to print "Not Found: /.../111222333" past the masking formatter.
"""

from __future__ import annotations

import io
import logging
import runpy
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from celery.utils.log import get_task_logger
from django.conf import settings as django_settings
from django.test import override_settings

from config.logging import REDACTED
from tests.conftest import login
from tests.privacy_duties.probe_urls import PROBE_BSN

NAMES = ("Vrieslander", "O'Vrieslander", "Zoë", "Vriesländer", "Kwaaitaal")
# A page form posts names and a BSN in its body; the client also sends a query with a raw space.
SPACED_QUERY = "zoek=Zoë Vriesländer"
BSNS = (PROBE_BSN, "123456782", "1234.56.782")
QUERIES = (
    "q=Vrieslander+111222333",
    "q=O'Vrieslander&bsn=123456782",
    "naam=Zo%C3%AB+Vriesl%C3%A4nder",
    "zoek=Zo%C3%AB%20Vriesl%C3%A4nder",
    "zoek=Zoë+Vriesländer",
    "q=Kwaaitaal%27s&x=1234.56.782",
)


def _stream_handlers() -> list[logging.StreamHandler]:
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    found: list[logging.StreamHandler] = []
    for logger in loggers:
        for handler in logger.handlers:
            # pytest's own capture handlers are the test's, not the product's.
            if type(handler).__module__.startswith("_pytest"):
                continue
            if isinstance(handler, logging.StreamHandler) and handler not in found:
                found.append(handler)
    return found


@pytest.fixture
def every_line() -> Iterator[io.StringIO]:
    """Everything every product handler writes during the test, in one buffer."""
    buffer = io.StringIO()
    handlers = _stream_handlers()
    assert handlers, "no log handler found"
    previous = [(h, h.setStream(buffer)) for h in handlers]
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.INFO)
    try:
        yield buffer
    finally:
        root.setLevel(level)
        for handler, stream in previous:
            handler.setStream(stream)


def _assert_clean(text: str) -> None:
    assert text.strip(), "the probe captured no line at all"
    for bsn in BSNS:
        assert bsn not in text, f"BSN {bsn} in the log:\n{text}"
    for name in NAMES:
        assert name not in text, f"name {name!r} in the log:\n{text}"
    for encoded in ("Zo%C3%AB", "Vriesl%C3%A4nder", "Kwaaitaal"):
        assert encoded not in text


@override_settings(ROOT_URLCONF="tests.privacy_duties.probe_urls", DEBUG=True)
def test_web_and_api_requests_leave_no_bsn_or_name_in_any_line(client, dordrecht, every_line):
    login(client, dordrecht.consultant)
    client.raise_request_exception = False
    for query in (*QUERIES, SPACED_QUERY):
        client.get(f"/dordrecht/?{query}")
        client.get(f"/dordrecht/deelnemers/{PROBE_BSN}/?{query}")  # a 404 with a BSN in the path
        client.get(f"/api/v1/dordrecht/participants?{query}")
        client.get(f"/api/v1/dordrecht/participants/{PROBE_BSN}?{query}")
        client.get(f"/dordrecht/privacy-probe/task?{query}")
    # Form posts: a page form with errors and an API write with a bad BSN.
    client.post(
        "/dordrecht/aanmeldingen/nieuw/?q=Vrieslander",
        {"first_name": "Zoë", "last_name": "O'Vrieslander", "bsn": PROBE_BSN, "birth_date": "x"},
    )
    client.post(
        "/api/v1/dordrecht/participants?q=Kwaaitaal",
        {"first_name": "Zoë", "last_name": "Vriesländer", "bsn": "123456782"},
        content_type="application/json",
    )
    response = client.get("/dordrecht/privacy-probe/crash?q=Vrieslander+111222333")
    assert response.status_code == 500

    text = every_line.getvalue()
    _assert_clean(text)
    assert "request.finished" in text and REDACTED in text
    assert "probe task for" in text  # the worker's own lines were captured too


def test_runserver_request_lines_are_masked(every_line):
    server = logging.getLogger("django.server")
    for query in QUERIES:
        server.info(
            '"%s" %s %s', f"GET /dordrecht/deelnemers/{PROBE_BSN}/?{query} HTTP/1.1", 404, 9
        )
    _assert_clean(every_line.getvalue())


def test_a_worker_keeps_the_project_logging(every_line):
    """What ``celery worker`` does at start: with the project's receiver of ``setup_logging`` it
    adds no handler of its own (which would print task lines unmasked)."""
    from celery.app.log import Logging

    from config.celery import app

    task_logger = get_task_logger("tests.privacy_duties.worker")
    before = list(logging.getLogger("celery.task").handlers)
    was_setup = Logging._setup
    Logging._setup = False
    try:
        app.log.setup(loglevel="INFO")
        assert logging.getLogger("celery.task").handlers == before
        for query in QUERIES:
            task_logger.warning("task for %s ?%s", PROBE_BSN, query)
            logging.getLogger("celery.app.trace").info(
                "Task %s succeeded: %r", "probe", {"bsn": PROBE_BSN, "q": f"/x?{query}"}
            )
    finally:
        Logging._setup = was_setup
    _assert_clean(every_line.getvalue())


def _gunicorn_logger():
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    values = runpy.run_path(str(Path(django_settings.BASE_DIR) / "config" / "gunicorn.py"))
    config = Config()
    for name, value in values.items():
        if name in config.settings:
            config.set(name, value)
    return Logger(config)


@pytest.fixture
def gunicorn_logging() -> Iterator[None]:
    """gunicorn configures logging globally; put the test process's back afterwards."""
    names = ["", "gunicorn.error", "gunicorn.access"]
    saved = {
        name: (list(logging.getLogger(name).handlers), logging.getLogger(name).level)
        for name in names
    }
    propagate = {name: logging.getLogger(name).propagate for name in names[1:]}
    try:
        yield
    finally:
        for name, (handlers, level) in saved.items():
            logger = logging.getLogger(name)
            logger.handlers = handlers
            logger.setLevel(level)
        for name, value in propagate.items():
            logging.getLogger(name).propagate = value


def test_the_gunicorn_access_and_error_lines_hold_no_url_bsn_or_name(gunicorn_logging):
    logger = _gunicorn_logger()
    buffer = io.StringIO()
    for name in ("gunicorn.access", "gunicorn.error"):
        for handler in logging.getLogger(name).handlers:
            handler.setStream(buffer)  # type: ignore[attr-defined]
    for query in QUERIES:
        environ = {
            "REQUEST_METHOD": "GET",
            "RAW_URI": f"/dordrecht/deelnemers/{PROBE_BSN}/?{query}",
            "PATH_INFO": f"/dordrecht/deelnemers/{PROBE_BSN}/",
            "QUERY_STRING": query,
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "192.0.2.7",
            "HTTP_REFERER": f"https://participatie.example.nl/dordrecht/?{query}",
            "HTTP_USER_AGENT": "probe",
        }
        response = SimpleNamespace(
            status="404 Not Found", sent=9, headers=[("X-Request-ID", "abc123def456")]
        )
        request = SimpleNamespace(headers=[("X-Request-ID", "abc123def456")])
        logger.access(response, request, environ, timedelta(milliseconds=12))
        logger.error("Invalid request line: 'GET /x/%s?%s HTTP/1.1'", PROBE_BSN, query)

    text = buffer.getvalue()
    _assert_clean(text)
    assert '"GET" 404 9' in text and "request_id=abc123def456" in text
    assert "/dordrecht/deelnemers" not in text  # the access line carries no URL at all
