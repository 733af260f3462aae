from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    """allauth remembers used TOTP codes in the cache; ids repeat between tests."""
    cache.clear()
    yield
    cache.clear()
