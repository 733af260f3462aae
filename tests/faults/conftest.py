"""Fault tests (issue 18, item 8): what the site and its jobs do when a part fails.

* Redis away (``test_redis_down``): runs everywhere; Redis is "a port nobody listens on".
* PostgreSQL restarted under a job and a worker killed mid-settlement
  (``test_postgres_restart``, ``test_worker_killed``): need PostgreSQL (``DATABASE_URL``)
  and Redis (``REDIS_URL``) and are skipped, with the reason, without them.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from config.celery import app as celery_app


def free_port() -> int:
    """A local TCP port nobody listens on (bound and released by the OS just now)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def redis_down(settings) -> Iterator[str]:
    """Cache and broker point at a Redis that is not there; Celery really sends (not eager).

    Settings as in production (``config.settings.base`` with a ``REDIS_URL``), so what is
    tested is the site's own tolerance, not the tests' local-memory cache."""
    url = f"redis://127.0.0.1:{free_port()}/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "participatie.kernel.cache.TolerantRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    saved = {
        key: celery_app.conf[key]
        for key in ("broker_url", "task_always_eager", "broker_connection_timeout")
    }
    celery_app.conf.update(broker_url=url, task_always_eager=False, broker_connection_timeout=1)
    _reset_broker_pools()
    try:
        yield url
    finally:
        celery_app.conf.update(saved)
        _reset_broker_pools()


def _reset_broker_pools() -> None:
    """Make the app look its pools up again for the broker URL it has now. The pools are
    kombu's, shared by URL for the whole process: closing one would leave a closed pool behind
    for every later test that sends to the same broker ("Acquire on closed pool"), so they are
    only forgotten here, never closed."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
