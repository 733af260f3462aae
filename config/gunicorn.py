"""gunicorn settings: ``gunicorn -c config/gunicorn.py config.wsgi`` (Dockerfile, compose).

Workers and threads
-------------------
``gthread`` workers: ``WEB_CONCURRENCY`` processes (default: cores + 1) of
``GUNICORN_THREADS`` threads each (default 4). A request here spends a good part of its time
waiting for PostgreSQL (the tenant setting, the permission lookups, the page's queries); a
thread that waits lets another one use the core, and a process per core plus one keeps both
cores busy while one process is in a longer pause (the garbage collector, a slow page). Sync
workers (one request per process) would need about as many processes as threads for the same
concurrency: four times the memory (each process holds Django, WeasyPrint and the OpenAPI
document, cached per process) and no keep-alive.

Measured with ``tests/benchmarks/test_bench_load.py`` (Dordrecht: 10,000 participants, 5,000
placements, 200,000 attendance rows; two cores shared with four other engineers' test runs, load
average 5-9, so the absolute figures say little and the comparison is one run each):

=====================  ===========  ===========  ================================
                       8 users      32 users     login page p50 at 8 / 32 users
=====================  ===========  ===========  ================================
gthread, 3 x 4         11.1 req/s   12.5 req/s   50 ms / 129 ms
sync, 5 processes      9.4 req/s    8.5 req/s    324 ms / 3,275 ms
=====================  ===========  ===========  ================================

With sync workers a cheap request queues behind the expensive ones (every request waits for a
free process); with threads it is served while a grid page waits for its queries. Zero errors in
both. ``os.cpu_count()`` is the host's count: in a container limited to fewer cores, set
``WEB_CONCURRENCY``.

Threads are safe with this code: the per-request state lives in ContextVars (the tenant ids in
``participatie.tenancy.context._active_ids``, django-scopes' scope, structlog's context), which
every thread has its own of; the process-wide caches (the OpenAPI document behind a lock, the
grid's rendered options, the settlement's pro-rata amounts) hold pure functions of their keys;
WeasyPrint's font configuration is per thread. The one module global that changes is
``participatie.tenancy.db._owner_depth`` (lifting the app role): only ``migrate``, ``flush`` and
the benchmark builder use it, never a request, so no thread ever sees another's owner role. Each
thread holds its own database connection: with persistent connections the database sees up to
workers x threads of them per host.

Logging
-------
The access line is the project's own format: method, status, size, duration and the request id,
no URL, no query string, no referrer and no user agent. Search forms put names and BSNs in query
strings; the application's own line (``request.finished``, masked by ``config.logging``) holds
the path and shares the request id, so the two lines are found together. gunicorn's error and
access loggers write through the same masking formatter as the application.
"""

from __future__ import annotations

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", str((os.cpu_count() or 1) + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# One thread is the sync worker: no thread pool, one request per process.
worker_class = "gthread" if threads > 1 else "sync"
accesslog = "-"
access_log_format = '%(h)s "%(m)s" %(s)s %(b)s %(M)sms request_id=%({x-request-id}o)s'

_FORMAT = os.environ.get("LOG_FORMAT", "console")

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "structured": {"()": "config.logging.structured_formatter", "fmt": _FORMAT},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "structured",
            "stream": "ext://sys.stdout",
        },
    },
    "root": {"level": "INFO", "handlers": ["console"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
    },
}
