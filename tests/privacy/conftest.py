"""Helpers for the audit tests: the first enrolment of a side, and captured log lines."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterator

import pytest

from config.logging import structured_formatter
from participatie.models import Enrolment
from tests.conftest import Side, in_tenant


def first_enrolment(side: Side) -> Enrolment:
    with in_tenant(side.municipality):
        return Enrolment.objects.filter(municipality=side.municipality).order_by("id").first()


@pytest.fixture
def log_lines() -> Iterator[Callable[[], list[dict]]]:
    """Every log line written through the project's JSON formatter while the test runs, parsed."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(structured_formatter("json"))
    root = logging.getLogger()
    level = root.level
    # Whatever ran before in this process (a Celery worker, say) may have raised the level.
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines() if line]
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
