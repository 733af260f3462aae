"""A Redis cache that answers "not there" while Redis is away, instead of failing the page.

Everything the site keeps in the cache can be done without it: sessions are ``cached_db``
(the database has them), progress bars show no progress, rate-limit counters do not count
(they fail open: the lockout of ``django-axes`` is kept in the database and still holds), the
OpenAPI document and other memoised values are computed again. So a Redis outage makes pages
slower, never broken; ``/health`` reports it as "degraded".
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import structlog
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = structlog.get_logger(__name__)
T = TypeVar("T")
# One warning per process per minute is enough to see an outage in the logs.
WARN_EVERY = 60.0  # seconds


class TolerantRedisCache(RedisCache):
    """``RedisCache`` whose reads miss and whose writes are dropped when Redis errors."""

    _warned_at = 0.0

    def _tolerant(self, operation: str, call: Callable[[], T], fallback: T) -> T:
        try:
            return call()
        except RedisError as error:
            now = time.monotonic()
            if now - TolerantRedisCache._warned_at > WARN_EVERY:
                TolerantRedisCache._warned_at = now
                log.warning("cache.unavailable", operation=operation, error=type(error).__name__)
            return fallback

    def is_available(self) -> bool:
        """Whether Redis answers a PING (for ``/health``)."""
        return self._tolerant("ping", lambda: bool(self._cache.get_client().ping()), False)

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._tolerant(
            "get", lambda: super(TolerantRedisCache, self).get(key, default, version), default
        )

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        keys = list(keys)
        return self._tolerant(
            "get_many", lambda: super(TolerantRedisCache, self).get_many(keys, version), {}
        )

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._tolerant(
            "has_key", lambda: super(TolerantRedisCache, self).has_key(key, version), False
        )

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        self._tolerant(
            "set", lambda: super(TolerantRedisCache, self).set(key, value, timeout, version), None
        )

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        return self._tolerant(
            "add", lambda: super(TolerantRedisCache, self).add(key, value, timeout, version), False
        )

    def set_many(
        self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[Any]:
        return self._tolerant(
            "set_many",
            lambda: super(TolerantRedisCache, self).set_many(data, timeout, version),
            list(data),
        )

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._tolerant(
            "touch", lambda: super(TolerantRedisCache, self).touch(key, timeout, version), False
        )

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._tolerant(
            "delete", lambda: super(TolerantRedisCache, self).delete(key, version), False
        )

    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        keys = list(keys)
        self._tolerant(
            "delete_many", lambda: super(TolerantRedisCache, self).delete_many(keys, version), None
        )

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        """A counter Redis cannot reach is a missing key (Django's ``ValueError``)."""
        try:
            return super().incr(key, delta, version)
        except RedisError:
            self._tolerant("incr", self._raise, None)
            raise ValueError(f"Key {key!r} not found (the cache is unavailable).") from None

    def clear(self) -> None:
        self._tolerant("clear", lambda: super(TolerantRedisCache, self).clear(), None)

    @staticmethod
    def _raise() -> None:
        raise RedisError("unavailable")
