from __future__ import annotations

import pytest

from tests.ops.helpers import manage


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("SESSION_IDLE_TIMEOUT", "abc"),
        ("SESSION_ABSOLUTE_TIMEOUT", "10"),
        ("DJANGO_DEBUG", "maybe"),
        ("CELERY_TASK_ALWAYS_EAGER", "sometimes"),
        ("DATABASE_URL", "nonsense"),
    ],
)
def test_malformed_value_stops_manage_py_naming_the_variable(variable, value):
    result = manage("check", env={variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr


def test_well_formed_dev_environment_starts():
    result = manage("check", env={"SESSION_IDLE_TIMEOUT": "900", "DJANGO_DEBUG": "yes"})
    assert result.returncode == 0, result.stderr
