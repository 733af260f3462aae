"""How the tests of the newer endpoints read a problem+json: one place, so a change of the
error shape (issue 17: ``invalidParams``) or of the status of a state conflict (400 -> 409) is
a one-line fix here."""

from __future__ import annotations

from tests.api.conftest import PROBLEM, fields_of

# A state conflict ("al besloten", "al gesloten") is 400 today and becomes 409.
CONFLICT_STATUSES = {400, 409}


def invalid_fields(response) -> set[str]:
    """The names of the invalid parameters or fields a 400 names."""
    return fields_of(response)


def assert_conflict(response) -> None:
    assert response.status_code in CONFLICT_STATUSES, (response.status_code, response.content)
    assert response["Content-Type"] == PROBLEM


def assert_nothing(response, *statuses: int) -> None:
    """A refusal that shows nothing: problem+json with one of ``statuses``, no data."""
    assert response.status_code in statuses, (response.status_code, response.content)
    assert response["Content-Type"] == PROBLEM
    assert "results" not in response.json() and "id" not in response.json()
