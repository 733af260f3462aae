"""Which requests are API calls: they answer in problem+json and never redirect."""

from __future__ import annotations

API_PREFIX = "/api/"


def is_api_path(path: str) -> bool:
    return path.startswith(API_PREFIX)
