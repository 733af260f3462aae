"""Errors the services raise that mean more than "the input is wrong"."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class StateConflict(ValidationError):
    """The request is well-formed but the object's state refuses it: already decided, approved,
    sent, closed. A ``ValidationError`` still (forms show it like any other error); the API
    answers 409 Conflict instead of 400."""

    def __init__(self, message, code: str | None = "conflict", params=None) -> None:
        super().__init__(message, code=code, params=params)
