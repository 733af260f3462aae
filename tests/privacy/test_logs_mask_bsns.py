"""The logging safety net: anything that looks like a BSN is masked in every value of every log
line, and request lines lose their query string, whatever logged them."""

from __future__ import annotations

import io
import logging

import pytest
import structlog
from django.core.exceptions import ImproperlyConfigured

from config.logging import REDACTED, build_logging, mask_text, structured_formatter

log = structlog.get_logger("tests.audit.masking")


def test_bsns_in_structlog_values_are_masked(log_lines):
    log.info(
        "participant.found 123456789",
        bsn="123456789",
        as_int=123456789,
        note="bsn 1234.56.789 of 1234 56 789 gevonden",
        nested={"ids": [111222333, "x"], "pair": ("999888777",)},
    )

    (line,) = log_lines()
    assert line["event"] == f"participant.found {REDACTED}"
    assert line["bsn"] == REDACTED
    assert line["as_int"] == REDACTED
    assert line["note"] == f"bsn {REDACTED} of {REDACTED} gevonden"
    assert line["nested"] == {"ids": [REDACTED, "x"], "pair": [REDACTED]}


def test_bsns_in_standard_logging_messages_and_exceptions_are_masked(log_lines):
    stdlib = logging.getLogger("tests.audit.masking.stdlib")
    stdlib.warning("lookup for %s failed", "123456789")
    try:
        raise ValueError("no participant with BSN 987654321")
    except ValueError:
        stdlib.exception("lookup crashed")
        log.exception("lookup crashed again")

    text = repr(log_lines())
    assert "123456789" not in text and "987654321" not in text
    assert text.count(REDACTED) >= 3


def test_other_numbers_and_request_ids_are_kept(log_lines):
    structlog.contextvars.bind_contextvars(request_id="0123456789abcdef0123456789abcdef")
    try:
        log.info("numbers", phone="0612345678", kvk="12345678", amount=1234567890, id=42)
    finally:
        structlog.contextvars.unbind_contextvars("request_id")

    (line,) = log_lines()
    assert line["request_id"] == "0123456789abcdef0123456789abcdef"
    assert (line["phone"], line["kvk"], line["amount"], line["id"]) == (
        "0612345678",
        "12345678",
        1234567890,
        42,
    )


def test_a_request_id_that_is_a_bsn_is_masked(log_lines):
    structlog.contextvars.bind_contextvars(request_id="123456789")
    try:
        log.info("sneaky")
    finally:
        structlog.contextvars.unbind_contextvars("request_id")
    assert log_lines()[0]["request_id"] == REDACTED


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GET /dordrecht/?naam=Jansen HTTP/1.1", f"GET /dordrecht/?{REDACTED} HTTP/1.1"),
        ("https://x.nl/a/b?q=1#top", f"https://x.nl/a/b?{REDACTED}#top"),
        ("is this and/or? fine", "is this and/or? fine"),
        ("/dordrecht/dossier/123456789", f"/dordrecht/dossier/{REDACTED}"),
    ],
)
def test_mask_text_strips_query_strings_and_bsns(text, expected):
    assert mask_text(text) == expected


def test_runserver_request_lines_go_through_the_masking_formatter():
    server = logging.getLogger("django.server")
    assert server.handlers
    formatter = server.handlers[0].formatter
    assert isinstance(formatter, structlog.stdlib.ProcessorFormatter)
    record = server.makeRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /dordrecht/?bsn=123456789 HTTP/1.1", "200", "12"),
        None,
    )
    out = formatter.format(record)
    assert "123456789" not in out and "bsn=" not in out
    assert f"GET /dordrecht/?{REDACTED} HTTP/1.1" in out


def test_the_console_format_masks_too():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(structured_formatter("console"))
    logger = logging.getLogger("tests.audit.masking.console")
    logger.addHandler(handler)
    try:
        logger.warning("bsn %s", "123456789")
    finally:
        logger.removeHandler(handler)
    assert "123456789" not in stream.getvalue()
    assert REDACTED in stream.getvalue()


def test_an_unknown_log_format_fails_loudly():
    with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT"):
        build_logging(level="INFO", fmt="xml")
